"""What a user may see of the ledger: their own stream, never another's (404)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from fulcrum.accounts.access import Viewer, signed_in
from fulcrum.ledger.models import Checkpoint, Entry, Stream


def get_stream_for_user(user: Viewer | None) -> Stream:
    """The user's own stream, else 404 (a workspace that has recorded nothing has none)."""
    owner = signed_in(user)
    try:
        return Stream.objects.get(owner=owner)
    except Stream.DoesNotExist:
        raise Http404("Nothing recorded yet.") from None


def entries_for_user(user: Viewer | None) -> QuerySet[Entry]:
    """The user's entries, in sequence."""
    return Entry.objects.filter(stream__owner=signed_in(user)).order_by("sequence")


def get_entry_for_user(user: Viewer | None, sequence: int | str) -> Entry:
    """The user's entry ``sequence``, else 404."""
    entries = entries_for_user(user)
    try:
        return entries.get(sequence=int(sequence))
    except (Entry.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("No such entry.") from None


def checkpoints_for_user(user: Viewer | None) -> QuerySet[Checkpoint]:
    """The user's stored checkpoints, oldest first."""
    owner = signed_in(user)
    return Checkpoint.objects.filter(stream__owner=owner).order_by("size", "made_at")
