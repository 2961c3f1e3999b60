"""State changes for the journal. Views, the demo loader and tests all call these."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction

from fulcrum.accounts.models import User
from fulcrum.checkins.models import CheckIn, DriftWarning
from fulcrum.clients.models import Client
from fulcrum.core.errors import InvalidInput
from fulcrum.core.history import snapshot
from fulcrum.core.integrity.canonical import JsonValue
from fulcrum.core.reflection import load_prompts
from fulcrum.history.services import record_deletion, record_revision
from fulcrum.reflection.models import JournalEntry

BODY_MAX = 20_000


@dataclass(frozen=True)
class EntryData:
    """What the practitioner writes (the form's payload)."""

    body: str
    prompt_id: str = ""
    client: Client | None = None
    checkin: CheckIn | None = None
    warning: DriftWarning | None = None
    include_in_supervision: bool = False


def _checked(owner: User, data: EntryData) -> EntryData:
    """Refuse links to anyone else's records and make the links agree with each other."""
    body = data.body.strip()
    if not body:
        raise InvalidInput("Write something before saving.")
    if len(body) > BODY_MAX:
        raise InvalidInput(f"An entry can be at most {BODY_MAX:,} characters.")
    if data.prompt_id:
        load_prompts().prompt(data.prompt_id)
    client = data.client
    for linked in (data.checkin, data.warning):
        if linked is None:
            continue
        if linked.client.owner_id != owner.pk:
            raise InvalidInput("You can only link your own sessions and warnings.")
        if client is None:
            client = linked.client
        elif client.pk != linked.client_id:
            raise InvalidInput("The session or warning belongs to a different client.")
    if client is not None and client.owner_id != owner.pk:
        raise InvalidInput("You can only link your own clients.")
    return EntryData(
        body=body,
        prompt_id=data.prompt_id,
        client=client,
        checkin=data.checkin,
        warning=data.warning,
        include_in_supervision=data.include_in_supervision,
    )


@transaction.atomic(durable=True)
def write_entry(owner: User, data: EntryData, *, now: datetime) -> JournalEntry:
    """Add a dated entry to ``owner``'s journal."""
    data = _checked(owner, data)
    return JournalEntry.objects.create(
        owner=owner,
        written_at=now,
        updated_at=now,
        prompt_id=data.prompt_id,
        body=data.body,
        client=data.client,
        checkin=data.checkin,
        warning=data.warning,
        include_in_supervision=data.include_in_supervision,
    )


SUBJECT = "journal"
HISTORY_TEXT = frozenset({"body"})
HISTORY_LABELS = {
    "body": "Text",
    "prompt_id": "Prompt",
    "client": "Client (id)",
    "checkin": "Session (id)",
    "warning": "Warning (id)",
    "include_in_supervision": "May be included in supervision",
}


def entry_snapshot(entry: JournalEntry) -> dict[str, JsonValue]:
    """A journal entry's text and links as its history keeps them."""
    return snapshot(
        {
            "body": entry.body,
            "prompt_id": entry.prompt_id,
            "client": entry.client_id,
            "checkin": entry.checkin_id,
            "warning": entry.warning_id,
            "include_in_supervision": entry.include_in_supervision,
        }
    )


@transaction.atomic(durable=True)
def update_entry(
    entry: JournalEntry, data: EntryData, *, now: datetime, reason: str = ""
) -> JournalEntry:
    """Change an entry's text or links; its date stays the day it was written.

    The text and links it held are kept as a revision in the entry's history.
    """
    data = _checked(entry.owner, data)
    before = entry_snapshot(entry)
    entry.body, entry.prompt_id = data.body, data.prompt_id
    entry.client, entry.checkin, entry.warning = data.client, data.checkin, data.warning
    entry.include_in_supervision = data.include_in_supervision
    entry.updated_at = now
    entry.save()
    record_revision(
        entry.owner,
        subject=SUBJECT,
        subject_id=entry.pk,
        before=before,
        after=entry_snapshot(entry),
        by=entry.owner,
        now=now,
        reason=reason,
        client_ref=entry.client_id,
    )
    return entry


@transaction.atomic(durable=True)
def delete_entry(entry: JournalEntry, *, now: datetime) -> None:
    """Remove an entry and its history for good; a tombstone in the ledger says an entry
    was deleted, and when."""
    held, owner, pk = entry_snapshot(entry), entry.owner, entry.pk
    entry.delete()
    record_deletion(owner, subject=SUBJECT, subject_id=pk, held=held, now=now)


def entries_containing(entries: Iterable[JournalEntry], words: str) -> list[JournalEntry]:
    """The entries whose text contains ``words``, ignoring case, in the order given.

    Entry bodies are stored encrypted, so the database cannot search them: the caller
    narrows ``entries`` to one user's (and by client and dates), and the bodies are
    opened and matched here (decision 0011).
    """
    needle = words.strip().casefold()
    if not needle:
        return list(entries)
    return [entry for entry in entries if needle in entry.body.casefold()]
