"""What a user may see of check-ins and drift warnings: their own clients' (a 404 otherwise)."""

from __future__ import annotations

from django.db.models import QuerySet

from fulcrum.accounts.access import Viewer
from fulcrum.accounts.roles import practitioner
from fulcrum.checkins.models import CheckIn, DriftWarning, SeriousConcern
from fulcrum.clients.models import Client
from fulcrum.kernel.ownership import one_or_404


def checkins_for_user(user: Viewer) -> QuerySet[CheckIn]:
    owner = practitioner(user)
    return CheckIn.objects.filter(client__owner=owner)


def get_checkin_for_user(user: Viewer, client: Client, checkin_id: int | str) -> CheckIn:
    """A check-in of the user's ``client``, else 404."""
    return one_or_404(
        checkins_for_user(user).filter(client=client), checkin_id, "No such check-in."
    )


def warnings_for_user(user: Viewer) -> QuerySet[DriftWarning]:
    owner = practitioner(user)
    return DriftWarning.objects.filter(client__owner=owner)


def get_warning_for_user(user: Viewer, warning_id: int | str) -> DriftWarning:
    """A drift warning on one of the user's clients, else 404."""
    return one_or_404(
        warnings_for_user(user).select_related("client"), warning_id, "No such warning."
    )


def concerns_for_user(user: Viewer) -> QuerySet[SeriousConcern]:
    owner = practitioner(user)
    return SeriousConcern.objects.filter(client__owner=owner)


def open_concerns_for_user(user: Viewer) -> QuerySet[SeriousConcern]:
    """The user's serious concerns still waiting for what was done, archived clients'
    included: archiving a client does not quiet a concern."""
    return concerns_for_user(user).filter(closed_at__isnull=True)


# Whether an owner (the one parameter) has any open serious concern, written out so a page
# can ask it inside a query it makes anyway (the caseload's): the ORM's EXISTS costs more
# to compile than the answer is worth. Held to ``open_concerns_for_user`` by a test.
ANY_OPEN_CONCERN_SQL = (
    "EXISTS (SELECT 1 FROM checkins_seriousconcern concern "
    "JOIN clients_client concerned ON concerned.id = concern.client_id "
    "WHERE concerned.owner_id = %s AND concern.closed_at IS NULL)"
)

# The same for one client, inside a query of the user's clients (``clients_client``).
CLIENT_OPEN_CONCERN_SQL = (
    "EXISTS (SELECT 1 FROM checkins_seriousconcern concern "
    "WHERE concern.client_id = clients_client.id AND concern.closed_at IS NULL)"
)


def get_concern_for_user(user: Viewer, client: Client, concern_id: int | str) -> SeriousConcern:
    """A serious concern about the user's ``client``, else 404."""
    return one_or_404(concerns_for_user(user).filter(client=client), concern_id, "No such concern.")
