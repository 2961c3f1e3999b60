"""Recording incidents: each one, and each amendment, is one sealed ledger entry."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction

from fulcrum.clients.models import Client
from fulcrum.core import incidents as core
from fulcrum.core.catalogue import load_catalogue
from fulcrum.core.errors import InvalidInput
from fulcrum.core.history import edits_between, snapshot
from fulcrum.core.integrity import Checkpoint as SignedCheckpoint
from fulcrum.core.integrity import read_body
from fulcrum.history.services import EditView, History, label_changes
from fulcrum.incidents.models import Incident
from fulcrum.ledger.models import Checkpoint, open_body
from fulcrum.ledger.services import append_entry, as_core_checkpoint, make_checkpoint

KIND = "incident"
AMENDMENT = "incident-amendment"


@dataclass(frozen=True)
class IncidentVersion:
    """One version of an incident as sealed: what it says, its entry and when written."""

    incident: Incident
    record: core.IncidentRecord
    sequence: int
    entry_hash: str
    written_at: datetime
    late_by: timedelta | None

    @property
    def late_label(self) -> str:
        return core.describe_gap(self.late_by) if self.late_by else ""


def _record_with_client(record: core.IncidentRecord, client: Client | None) -> core.IncidentRecord:
    kinds = load_catalogue().kind_ids
    core.check_record(record, power_kinds=kinds)
    code = client.code if client is not None else ""
    return replace(record, client_code=code)


@transaction.atomic
def record_incident(
    owner: Any, record: core.IncidentRecord, *, client: Client | None, now: datetime
) -> Incident:
    """Seal a new incident in ``owner``'s ledger and index it."""
    if client is not None and client.owner_id != owner.pk:
        raise InvalidInput("That client is not in your caseload.")
    record = _record_with_client(record, client)
    entry = append_entry(
        owner, kind=KIND, payload=core.incident_payload(record, amends=None), now=now
    )
    # A signed checkpoint after every incident, so its PDF always carries one that covers it.
    make_checkpoint(owner, now=now)
    return Incident.objects.create(
        owner=owner, client=client, entry=entry, happened_at=record.happened_at, written_at=now
    )


@transaction.atomic
def amend_incident(original: Incident, record: core.IncidentRecord, *, now: datetime) -> Incident:
    """Seal an amendment that links to ``original``; the original stays as it was."""
    if original.original_id is not None:
        raise InvalidInput("Amend the original incident, not an amendment.")
    record = _record_with_client(record, original.client)
    entry = append_entry(
        original.owner,
        kind=AMENDMENT,
        payload=core.incident_payload(record, amends=int(original.entry.sequence)),
        now=now,
    )
    make_checkpoint(original.owner, now=now)
    return Incident.objects.create(
        owner=original.owner,
        client=original.client,
        entry=entry,
        original=original,
        happened_at=record.happened_at,
        written_at=now,
    )


@transaction.atomic
def add_follow_up(original: Incident, text: str, *, now: datetime) -> Incident:
    """Seal an amendment that adds ``text`` to the latest version's follow-ups.

    What came before stays as written: the new version carries the latest one whole,
    with the follow-up appended after a blank line.
    """
    if not text.strip():
        raise InvalidInput("Say what the follow-up is.")
    # The original's row held, so two follow-ups at once each build on the other's.
    held = Incident.objects.select_for_update().get(pk=original.pk)
    fresh = (
        Incident.objects.filter(pk=held.pk)
        .select_related("entry", "client", "owner")
        .prefetch_related("amendments__entry")
        .get()
    )
    latest = versions(fresh)[-1].record
    joined = f"{latest.follow_ups}\n\n{text.strip()}" if latest.follow_ups else text.strip()
    record = replace(latest, follow_ups=joined)
    return amend_incident(fresh, record, now=now)


def versions(original: Incident) -> list[IncidentVersion]:
    """The original and every amendment, in the order written, read from their sealed bodies.

    Fetch ``original`` through ``access`` so its amendments and entries come prefetched.
    """
    amendments = sorted(original.amendments.all(), key=lambda a: int(a.entry.sequence))
    rows = [original, *amendments]
    result = []
    for row in rows:
        content = read_body(open_body(bytes(row.entry.body)))
        record = core.read_incident(content.payload)
        result.append(
            IncidentVersion(
                incident=row,
                record=record,
                sequence=content.sequence,
                entry_hash=bytes(row.entry.entry_hash).hex(),
                written_at=content.recorded_at,
                late_by=core.lateness(record.happened_at, content.recorded_at),
            )
        )
    return result


def latest_checkpoint(owner: Any, *, covering: int) -> SignedCheckpoint | None:
    """The newest stored checkpoint of ``owner``'s stream holding entry ``covering``."""
    stored = (
        Checkpoint.objects.filter(stream__owner=owner, size__gte=covering)
        .select_related("stream")
        .order_by("-size", "-made_at")
        .first()
    )
    return as_core_checkpoint(stored) if stored is not None else None


HISTORY_LABELS = {
    "happened_at": "When it happened (UTC)",
    "direction": "Whose conduct",
    "what_happened": "What happened",
    "conduct": "Conduct",
    "client_code": "Client",
    "others_involved": "Who else was involved",
    "power_kinds": "Kinds of power at play",
    "what_was_done": "What was done",
    "consulted": "Who was consulted",
    "follow_ups": "Follow-ups",
}
HISTORY_TEXT = frozenset({"what_happened", "others_involved", "what_was_done", "follow_ups"})


def incident_history(original: Incident) -> History:
    """The incident's amendments as the shared history page shows edits: each one's
    changes from the version before it, read from the sealed entries themselves."""
    written = versions(original)
    edits = edits_between([snapshot(asdict(v.record)) for v in written], text_fields=HISTORY_TEXT)
    views = [
        EditView(
            number=edit.number,
            changed_at=version.written_at,
            changed_by=original.owner.get_username(),
            reason="",
            changes=label_changes(edit.changes, HISTORY_LABELS),
            sequence=version.sequence,
            kind_label="Amendment",
        )
        for edit, version in zip(edits, written[1:], strict=True)
    ]
    return History(edits=tuple(reversed(views)), first_written=written[0].written_at)
