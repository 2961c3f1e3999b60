"""What a user may see of the journal: their own entries, and nothing else (a 404)."""

from __future__ import annotations

from django.db.models import QuerySet

from fulcrum.accounts.access import Viewer
from fulcrum.accounts.roles import practitioner
from fulcrum.kernel.ownership import all_or_404, one_or_404
from fulcrum.reflection.models import JournalEntry


def journal_entries_for_user(user: Viewer) -> QuerySet[JournalEntry]:
    """The user's own journal entries, newest first."""
    owner = practitioner(user)
    return JournalEntry.objects.filter(owner=owner)


def get_journal_entry_for_user(user: Viewer, entry_id: int | str) -> JournalEntry:
    """The user's journal entry ``entry_id``, else 404."""
    return one_or_404(
        journal_entries_for_user(user).select_related("client", "checkin", "warning"),
        entry_id,
        "No such journal entry.",
    )


def get_journal_entries_for_user(
    user: Viewer, entry_ids: list[str] | list[int]
) -> list[JournalEntry]:
    """The user's journal entries named in ``entry_ids``, in one query; 404 if any one of
    them is not the user's."""
    return all_or_404(journal_entries_for_user(user), entry_ids, "No such journal entry.")
