"""What a user may see of the incident log: their own incidents, else 404."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from fulcrum.accounts.access import Viewer
from fulcrum.accounts.roles import practitioner
from fulcrum.incidents.models import Incident
from fulcrum.kernel.ownership import one_or_404


def _with_versions(incidents: QuerySet[Incident]) -> QuerySet[Incident]:
    # Each original's amendments and every sealed entry in a fixed number of queries.
    amendments = Incident.objects.select_related("entry").order_by("entry__sequence")
    return incidents.select_related("entry", "client").prefetch_related(
        Prefetch("amendments", queryset=amendments)
    )


def incidents_for_user(user: Viewer | None) -> QuerySet[Incident]:
    """The user's original incidents (amendments hang from them), newest event first."""
    owner = practitioner(user)
    return _with_versions(Incident.objects.filter(owner=owner, original__isnull=True))


def get_incident_for_user(user: Viewer | None, incident_id: int | str) -> Incident:
    """The user's original incident ``incident_id``, else 404 (amendments open their original)."""
    return one_or_404(incidents_for_user(user), incident_id, "No such incident.")
