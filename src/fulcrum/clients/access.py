"""What a user may see of clients: their own, and nothing of anyone else's (a 404)."""

from __future__ import annotations

from django.db.models import QuerySet

from fulcrum.accounts.access import Viewer
from fulcrum.accounts.roles import practitioner
from fulcrum.clients.models import Client
from fulcrum.kernel.ownership import all_or_404, one_or_404


def clients_for_user(user: Viewer, *, include_archived: bool = False) -> QuerySet[Client]:
    """The user's own clients (active caseload unless ``include_archived``)."""
    owner = practitioner(user)
    qs = Client.objects.filter(owner=owner)
    return qs if include_archived else qs.filter(archived_at__isnull=True)


def get_client_for_user(user: Viewer, client_id: int | str) -> Client:
    """The user's client ``client_id`` (archived included), else 404."""
    return one_or_404(clients_for_user(user, include_archived=True), client_id, "No such client.")


def get_clients_for_user(user: Viewer, client_ids: list[str] | list[int]) -> list[Client]:
    """The user's clients named in ``client_ids`` (archived included), in one query;
    404 if any one of them is not the user's."""
    return all_or_404(clients_for_user(user, include_archived=True), client_ids, "No such client.")
