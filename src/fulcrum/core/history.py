"""Edit history's pure part: the digest a revision is sealed under, and what changed.

A record's history is a list of snapshots: the values it held before each edit. The
ledger keeps only the SHA-256 of each snapshot's canonical JSON (never the words), so a
snapshot rewritten afterwards no longer matches the entry sealed when it was made. A
deletion is sealed the same way: the digest of what was there, and nothing of it.

Snapshots hold JSON values without fractions (the integrity core's canonical form):
the caller stores times as text and leaves derived scores out.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from fulcrum.core.integrity.canonical import JsonValue, canonical_json
from fulcrum.core.integrity.timestamps import format_time
from fulcrum.core.policies.text import DiffPart, word_diff

__all__ = [
    "Change",
    "Edit",
    "compare",
    "deletion_digest",
    "describe",
    "edits_between",
    "revision_digest",
    "snapshot",
    "values_digest",
]

Snapshot = Mapping[str, JsonValue]


def _plain(value: object) -> JsonValue:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, datetime):
        return format_time(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, set | frozenset):
        return sorted(_plain(v) for v in value)  # type: ignore[type-var]
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return str(value)


def snapshot(values: Mapping[str, object]) -> dict[str, JsonValue]:
    """``values`` as a snapshot the canonical form holds: times as UTC text, fractions
    as their digits, sets sorted; anything else as its text."""
    return {name: _plain(value) for name, value in values.items()}


def revision_digest(
    *,
    subject: str,
    subject_id: int,
    number: int,
    changed_at: datetime,
    changed_by: int | None,
    reason: str,
    before: Snapshot,
) -> str:
    """The SHA-256 (hex) of one revision: which record, which edit, who, when, why, and
    the values it replaced."""
    return hashlib.sha256(
        canonical_json(
            {
                "subject": subject,
                "id": subject_id,
                "number": number,
                "at": format_time(changed_at),
                "by": changed_by,
                "reason": reason,
                "before": dict(before),
            }
        )
    ).hexdigest()


def values_digest(values: Snapshot) -> str:
    """The SHA-256 (hex) of a snapshot's canonical JSON: what a ledger entry holds in
    place of a record's words."""
    return hashlib.sha256(canonical_json(dict(values))).hexdigest()


def deletion_digest(*, subject: str, subject_id: int, snapshot: Snapshot) -> str:
    """The SHA-256 (hex) of what a deleted record held, so a copy can later be matched
    against the tombstone without the tombstone holding any of it."""
    return hashlib.sha256(
        canonical_json({"subject": subject, "id": subject_id, "held": dict(snapshot)})
    ).hexdigest()


def describe(value: JsonValue) -> str:
    """A stored value as a person reads it."""
    if value is None or value == "" or value == []:
        return "—"
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if isinstance(value, list | tuple):
        return ", ".join(describe(v) for v in value)
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {describe(v)}" for k, v in sorted(value.items()))
    return str(value)


@dataclass(frozen=True)
class Change:
    """One field that differs between two versions; text fields carry a word diff."""

    field: str
    before: str
    after: str
    diff: tuple[DiffPart, ...] = ()


def compare(
    before: Snapshot, after: Snapshot, *, text_fields: frozenset[str] = frozenset()
) -> list[Change]:
    """The fields whose values differ, in ``after``'s order then any only ``before`` has."""
    names = [*after, *(k for k in before if k not in after)]
    changes = []
    for name in names:
        old, new = before.get(name), after.get(name)
        if old == new:
            continue
        if name in text_fields and isinstance(old or "", str) and isinstance(new or "", str):
            parts = tuple(word_diff(str(old or ""), str(new or "")))
            changes.append(Change(name, describe(old), describe(new), parts))
        else:
            changes.append(Change(name, describe(old), describe(new)))
    return changes


@dataclass(frozen=True)
class Edit:
    """One edit of a record: the version it replaced, the one it made, and what changed."""

    number: int
    changes: tuple[Change, ...]


def edits_between(
    versions: Sequence[Snapshot], *, text_fields: frozenset[str] = frozenset()
) -> list[Edit]:
    """Each step from one version to the next, oldest first (edit 1 made version 2)."""
    return [
        Edit(n, tuple(compare(versions[n - 1], versions[n], text_fields=text_fields)))
        for n in range(1, len(versions))
    ]
