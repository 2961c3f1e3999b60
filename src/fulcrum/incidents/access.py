"""What a user may see of the incident log: their own incidents, else 404."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from fulcrum.incidents.models import Incident


def _with_versions(incidents: QuerySet[Incident]) -> QuerySet[Incident]:
    # Each original's amendments and every sealed entry in a fixed number of queries.
    amendments = Incident.objects.select_related("entry").order_by("entry__sequence")
    return incidents.select_related("entry", "client").prefetch_related(
        Prefetch("amendments", queryset=amendments)
    )


def _require_user(user: Any) -> None:
    if user is None or not getattr(user, "is_authenticated", False):
        raise Http404("Not found.")


def incidents_for_user(user: Any) -> QuerySet[Incident]:
    """The user's original incidents (amendments hang from them), newest event first."""
    _require_user(user)
    return _with_versions(Incident.objects.filter(owner=user, original__isnull=True))


def get_incident_for_user(user: Any, incident_id: int | str) -> Incident:
    """The user's original incident ``incident_id``, else 404 (amendments open their original)."""
    _require_user(user)
    try:
        return _with_versions(Incident.objects.all()).get(
            pk=int(incident_id), owner=user, original__isnull=True
        )
    except (Incident.DoesNotExist, ValueError, TypeError):
        raise Http404("No such incident.") from None
