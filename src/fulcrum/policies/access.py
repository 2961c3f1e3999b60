"""What a practitioner may see of practice policies: their own (a 404 otherwise)."""

from __future__ import annotations

from django.db.models import QuerySet

from fulcrum.accounts.access import Viewer
from fulcrum.accounts.roles import practitioner
from fulcrum.kernel.ownership import one_or_404
from fulcrum.policies.models import (
    ConsentEvent,
    ConsentLink,
    EnforcementRecord,
    Policy,
    PolicyVersion,
    SessionBodywork,
)


def policies_for_user(user: Viewer) -> QuerySet[Policy]:
    """The user's own policies."""
    return Policy.objects.filter(owner=practitioner(user))


def get_policy_for_user(user: Viewer, policy_id: int | str) -> Policy:
    """One of the user's policies, else 404."""
    return one_or_404(policies_for_user(user), policy_id, "No such policy.")


def get_version_for_user(user: Viewer, policy: Policy, version_id: int | str) -> PolicyVersion:
    """A version (or the draft) of one of the user's policies, else 404."""
    versions = PolicyVersion.objects.filter(policy=policy, policy__owner=practitioner(user))
    return one_or_404(versions.select_related("policy"), version_id, "No such version.")


def consent_links_for_user(user: Viewer) -> QuerySet[ConsentLink]:
    """Consent links to the user's own clients."""
    return ConsentLink.objects.filter(client__owner=practitioner(user))


def get_consent_link_for_user(user: Viewer, link_id: int | str) -> ConsentLink:
    """One consent link to one of the user's clients, else 404."""
    links = consent_links_for_user(user).select_related("client")
    return one_or_404(links, link_id, "No such link.")


def enforcement_records_for_user(user: Viewer) -> QuerySet[EnforcementRecord]:
    """Enforcement records about the user's own clients."""
    return EnforcementRecord.objects.filter(client__owner=practitioner(user))


def bodywork_for_user(user: Viewer) -> QuerySet[SessionBodywork]:
    """Bodywork consent recorded for the user's own clients' sessions."""
    return SessionBodywork.objects.filter(checkin__client__owner=practitioner(user))


def published_versions_for_user(user: Viewer) -> QuerySet[PolicyVersion]:
    """The published versions of the user's own policies."""
    return PolicyVersion.objects.filter(
        policy__owner=practitioner(user), published_at__isnull=False
    ).select_related("policy")


# Whether an owner (the one parameter) has published any policy, written out for the
# same reason as ``checkins.access.ANY_OPEN_CONCERN_SQL``; held to
# ``published_versions_for_user`` by a test.
ANY_PUBLISHED_POLICY_SQL = (
    "EXISTS (SELECT 1 FROM policies_policyversion published "
    "JOIN policies_policy owned ON owned.id = published.policy_id "
    "WHERE owned.owner_id = %s AND published.published_at IS NOT NULL)"
)


def consent_events_for_user(user: Viewer) -> QuerySet[ConsentEvent]:
    """Consent events of the user's own clients."""
    return ConsentEvent.objects.filter(client__owner=practitioner(user))
