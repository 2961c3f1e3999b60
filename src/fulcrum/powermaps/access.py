"""What a user may see of power maps: those of their own clients (a 404 otherwise)."""

from __future__ import annotations

from django.db.models import QuerySet

from fulcrum.accounts.access import Viewer
from fulcrum.accounts.roles import practitioner
from fulcrum.clients.models import Client
from fulcrum.kernel.ownership import one_or_404
from fulcrum.powermaps.models import PowerMap


def power_maps_for_user(user: Viewer) -> QuerySet[PowerMap]:
    owner = practitioner(user)
    return PowerMap.objects.filter(client__owner=owner)


def get_power_map_for_user(user: Viewer, client: Client, map_id: int | str) -> PowerMap:
    """A power map of the user's ``client``, else 404."""
    return one_or_404(power_maps_for_user(user).filter(client=client), map_id, "No such power map.")
