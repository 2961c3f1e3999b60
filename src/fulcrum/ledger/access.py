"""What a user may see of the ledger: their own stream, never another's (404)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from fulcrum.ledger.models import Checkpoint, Entry, Stream


def _require_user(user: Any) -> None:
    if user is None or not getattr(user, "is_authenticated", False):
        raise Http404("Not found.")


def get_stream_for_user(user: Any) -> Stream:
    """The user's own stream, else 404 (a workspace that has recorded nothing has none)."""
    _require_user(user)
    try:
        return Stream.objects.get(owner=user)
    except Stream.DoesNotExist:
        raise Http404("Nothing recorded yet.") from None


def entries_for_user(user: Any) -> QuerySet[Entry]:
    """The user's entries, in sequence."""
    _require_user(user)
    return Entry.objects.filter(stream__owner=user).order_by("sequence")


def get_entry_for_user(user: Any, sequence: int | str) -> Entry:
    """The user's entry ``sequence``, else 404."""
    _require_user(user)
    try:
        return Entry.objects.get(stream__owner=user, sequence=int(sequence))
    except (Entry.DoesNotExist, ValueError, TypeError):
        raise Http404("No such entry.") from None


def checkpoints_for_user(user: Any) -> QuerySet[Checkpoint]:
    """The user's stored checkpoints, oldest first."""
    _require_user(user)
    return Checkpoint.objects.filter(stream__owner=user).order_by("size", "made_at")
