"""Access helpers for the journal, to be folded into fulcrum.accounts.access.

Same rules as there: anything that is not the user's raises Http404.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from fulcrum.reflection.models import JournalEntry


def _require_user(user: Any) -> None:
    if user is None or not getattr(user, "is_authenticated", False):
        raise Http404("Not found.")


def journal_entries_for_user(user: Any) -> QuerySet[JournalEntry]:
    """The user's own journal entries, newest first."""
    _require_user(user)
    return JournalEntry.objects.filter(owner=user)


def get_journal_entry_for_user(user: Any, entry_id: int | str) -> JournalEntry:
    """The user's journal entry ``entry_id``, else 404."""
    _require_user(user)
    try:
        return JournalEntry.objects.select_related("client", "checkin", "warning").get(
            pk=int(entry_id), owner=user
        )
    except (JournalEntry.DoesNotExist, ValueError, TypeError):
        raise Http404("No such journal entry.") from None
