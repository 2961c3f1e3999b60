"""Keeping a record's history: a revision for each edit, a tombstone for each deletion.

Both are one sealed entry in the owner's ledger holding a digest and never the words:
``revision`` (which record, which edit, the revision's digest) and ``deletion`` (which
kind of record, its id, the digest of what it held). Each runs inside the transaction
of the change it records, so an edit and its history commit or roll back together.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction

from fulcrum.core import history as core
from fulcrum.core.errors import InvalidInput
from fulcrum.core.integrity import read_body
from fulcrum.core.integrity.canonical import JsonValue
from fulcrum.history.models import Revision
from fulcrum.ledger.models import Entry, open_body
from fulcrum.ledger.services import append_entry

REVISION = "revision"
DELETION = "deletion"
CLIENT = "client"
# Why an edit was made: a sentence or two. The edit forms and the API hold to the same limit.
REASON_MAX = 500

Snapshot = Mapping[str, JsonValue]


def _digest_of(revision: Revision) -> str:
    return core.revision_digest(
        subject=revision.subject,
        subject_id=int(revision.subject_id),
        number=int(revision.number),
        changed_at=revision.changed_at,
        changed_by=revision.changed_by_id,
        reason=revision.reason,
        before=revision.before,
    )


@transaction.atomic
def record_revision(
    owner: Any,
    *,
    subject: str,
    subject_id: int,
    before: Snapshot,
    after: Snapshot,
    by: Any,
    now: datetime,
    reason: str = "",
    client_ref: int | None = None,
) -> Revision | None:
    """Keep ``before`` as the values an edit replaced, sealed in ``owner``'s ledger.

    An edit that changed nothing keeps nothing and returns None.
    """
    if dict(before) == dict(after):
        return None
    reason = reason.strip()
    if len(reason) > REASON_MAX or "\x00" in reason:
        raise InvalidInput(f"Say why in at most {REASON_MAX} characters of text.")
    number = Revision.objects.filter(owner=owner, subject=subject, subject_id=subject_id).count()
    revision = Revision(
        owner=owner,
        subject=subject,
        subject_id=subject_id,
        client_ref=client_ref,
        number=number + 1,
        before=dict(before),
        reason=reason,
        changed_by=by,
        changed_at=now,
    )
    revision.digest = _digest_of(revision)
    revision.entry = append_entry(
        owner,
        kind=REVISION,
        payload={
            "subject": subject,
            "id": subject_id,
            "number": revision.number,
            "digest": revision.digest,
        },
        now=now,
    )
    revision.save()
    return revision


@transaction.atomic
def record_deletion(
    owner: Any, *, subject: str, subject_id: int, held: Snapshot, now: datetime
) -> Entry:
    """Leave a tombstone for a deleted record and forget its history.

    The tombstone says what kind of record it was, which one and when, with the digest
    of what it held; deleting a client forgets the history of everything under it.
    """
    revisions = Revision.objects.filter(owner=owner, subject=subject, subject_id=subject_id)
    revisions.delete()
    if subject == CLIENT:
        Revision.objects.filter(owner=owner, client_ref=subject_id).delete()
    return append_entry(
        owner,
        kind=DELETION,
        payload={
            "subject": subject,
            "id": subject_id,
            "digest": core.deletion_digest(subject=subject, subject_id=subject_id, snapshot=held),
        },
        now=now,
    )


@dataclass(frozen=True)
class ChangeView:
    """One changed field, named in the page's words."""

    label: str
    change: core.Change


@dataclass(frozen=True)
class EditView:
    """One edit as a history page shows it."""

    number: int
    changed_at: datetime
    changed_by: str
    reason: str
    changes: tuple[ChangeView, ...]
    sequence: int | None = None
    sealed: bool = True
    kind_label: str = "Edit"


@dataclass(frozen=True)
class History:
    """A record's edits, newest first, and when it was first written."""

    edits: tuple[EditView, ...]
    first_written: datetime | None = None

    @property
    def intact(self) -> bool:
        return all(e.sealed for e in self.edits)


def _sealed_digest(entry: Entry) -> object:
    try:
        return read_body(open_body(bytes(entry.body))).payload.get("digest")
    except Exception:
        return None


def revisions_of(owner: Any, *, subject: str, subject_id: int) -> list[Revision]:
    """The revisions of one of ``owner``'s records, oldest first."""
    return list(
        Revision.objects.filter(owner=owner, subject=subject, subject_id=subject_id)
        .select_related("entry", "changed_by")
        .order_by("number")
    )


def label_changes(
    changes: tuple[core.Change, ...], labels: Mapping[str, str]
) -> tuple[ChangeView, ...]:
    """Name each change with ``labels`` (a field without one keeps its own name)."""
    return tuple(ChangeView(labels.get(c.field, c.field), c) for c in changes)


def history_of(
    owner: Any,
    *,
    subject: str,
    subject_id: int,
    current: Snapshot,
    labels: Mapping[str, str],
    text_fields: frozenset[str] = frozenset(),
    first_written: datetime | None = None,
) -> History:
    """The history of one record: each edit's changes, who made it, when and why, and
    whether its row still matches the digest its ledger entry sealed."""
    revisions = revisions_of(owner, subject=subject, subject_id=subject_id)
    versions: list[Snapshot] = [r.before for r in revisions] + [current]
    edits = core.edits_between(versions, text_fields=text_fields)
    views = []
    for revision, edit in zip(revisions, edits, strict=True):
        digest = _digest_of(revision)
        by = revision.changed_by
        views.append(
            EditView(
                number=edit.number,
                changed_at=revision.changed_at,
                changed_by=by.get_username() if by is not None else "",
                reason=revision.reason,
                changes=label_changes(edit.changes, labels),
                sequence=int(revision.entry.sequence),
                sealed=digest == revision.digest == _sealed_digest(revision.entry),
            )
        )
    return History(edits=tuple(reversed(views)), first_written=first_written)
