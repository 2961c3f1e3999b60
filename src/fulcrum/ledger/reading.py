"""Reading a stream's rows straight from the database, as verification must.

Verification reads raw column values (bytes where SQLite could hold anything), not
model instances: a row altered on disk must be reported, not crash a converter. It
also checks that the plain columns kept for listing (kind, time) still say what the
sealed body says, so no page can show an entry other than the one that was sealed.
The same reader serves ``fulcrum incidents verify`` and the tamper benchmark, which
opens a SQLite file with the standard library.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from fulcrum.core import integrity
from fulcrum.core.errors import IntegrityProblem
from fulcrum.ledger.models import BodyKeyMissing, open_body


@dataclass(frozen=True)
class StoredRow:
    """One entry row as stored: its number, listing columns, body (sealed, as stored),
    hash and seal."""

    sequence: int
    kind: bytes
    recorded_at: object
    body: bytes
    entry_hash: bytes
    seal: bytes

    def sealed(self) -> integrity.SealedEntry:
        return integrity.SealedEntry(
            self.sequence, open_body(self.body), self.entry_hash, self.seal
        )


def _opened(rows: Sequence[StoredRow]) -> list[integrity.SealedEntry]:
    """The rows as the core reads them. A body naming a data key the store lacks is
    passed on as stored, so the entry is named as changed; only when no body opens is
    the key itself missing, and that is said instead."""
    opened: list[integrity.SealedEntry] = []
    missing: list[BodyKeyMissing] = []
    for row in rows:
        try:
            opened.append(row.sealed())
        except BodyKeyMissing as exc:
            missing.append(exc)
            opened.append(integrity.SealedEntry(row.sequence, row.body, row.entry_hash, row.seal))
    if missing and len(missing) == len(rows):
        raise missing[0]
    return opened


def _sql(vendor: str) -> str:
    if vendor == "sqlite":
        # As blobs: a byte changed on disk may no longer be valid UTF-8.
        columns = "CAST(kind AS BLOB), CAST(recorded_at AS BLOB)"
        placeholder = "?"
    else:
        columns = "kind, recorded_at"
        placeholder = "%s"
    return (
        f"SELECT sequence, {columns}, body, entry_hash, seal FROM ledger_entry "  # noqa: S608
        f"WHERE stream_id = {placeholder} ORDER BY sequence"
    )


def read_rows(cursor: Any, stream_id: int, *, vendor: str) -> list[StoredRow]:
    """Every row of the stream, in sequence order, from a DB-API ``cursor``."""
    cursor.execute(_sql(vendor), [stream_id])
    rows = []
    for sequence, kind, recorded_at, body, digest, seal in cursor.fetchall():
        if isinstance(kind, str):
            kind = kind.encode("utf-8")
        rows.append(
            StoredRow(
                int(sequence), bytes(kind), recorded_at, bytes(body), bytes(digest), bytes(seal)
            )
        )
    return rows


def _stored_time_matches(stored: object, sealed: datetime, vendor: str) -> bool:
    if isinstance(stored, datetime):
        return stored == sealed
    if vendor == "sqlite" and isinstance(stored, bytes | str):
        text = stored.decode("utf-8", "replace") if isinstance(stored, bytes) else stored
        # How Django writes an aware time to SQLite: naive UTC, str().
        return text == str(sealed.astimezone(UTC).replace(tzinfo=None))
    return False


def first_column_mismatch(rows: Sequence[StoredRow], *, vendor: str) -> int | None:
    """The first sequence number whose kind or time column differs from its sealed body."""
    for row in rows:
        try:
            content = integrity.read_body(open_body(row.body))
        except (IntegrityProblem, BodyKeyMissing):
            continue  # an unreadable body is the chain's to report
        if row.kind != content.kind.encode("utf-8") or not _stored_time_matches(
            row.recorded_at, content.recorded_at, vendor
        ):
            return row.sequence
    return None


def verify_rows(
    rows: Sequence[StoredRow],
    *,
    stream: str,
    seal_ok: integrity.SealCheck,
    signature_ok: integrity.SignatureCheck,
    held: Sequence[integrity.Checkpoint],
    vendor: str,
) -> integrity.ChainReport:
    """Verify the chain and the held checkpoints, then the listing columns against it."""
    report = integrity.verify_log(
        _opened(rows),
        stream=stream,
        seal_ok=seal_ok,
        signature_ok=signature_ok,
        held=held,
    )
    mismatch = first_column_mismatch(rows, vendor=vendor)
    if mismatch is None:
        return report
    broken = report.broken
    if broken is None or broken.sequence is None or mismatch < broken.sequence:
        return integrity.ChainReport(
            report.size,
            report.leaves,
            integrity.Break(mismatch, "its listed kind or time differs from what was sealed"),
        )
    return report
