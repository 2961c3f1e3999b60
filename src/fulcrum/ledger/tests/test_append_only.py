"""No path changes or removes a ledger entry or checkpoint, on SQLite and PostgreSQL.

Run this module with ``FULCRUM_DB=postgres`` as well (``make test-postgres``): the
triggers differ per database and both sets are held to the same list of attempts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import DatabaseError, connection, models, transaction
from django.db.models import F, ProtectedError

from fulcrum.accounts.models import User
from fulcrum.ledger.models import AppendOnly, Checkpoint, Entry, Stream
from fulcrum.ledger.services import append_entry, make_checkpoint, read_log, verify_stream
from fulcrum.testing import NOW, make_user

pytestmark = pytest.mark.django_db


@dataclass
class Log:
    owner: User
    stream: Stream
    entry: Entry
    checkpoint: Checkpoint


@pytest.fixture
def log() -> Log:
    owner = make_user("alice")
    for n in range(3):
        append_entry(owner, kind="note", payload={"n": n}, now=NOW)
    checkpoint = make_checkpoint(owner, now=NOW)
    stream = Stream.objects.get(owner=owner)
    return Log(owner, stream, Entry.objects.get(stream=stream, sequence=2), checkpoint)


def _sql(statement: str, params: tuple[Any, ...] = ()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def _vendor_sql(sqlite: str, postgresql: str) -> Callable[[Log], None]:
    def run(log: Log) -> None:
        statement = sqlite if connection.vendor == "sqlite" else postgresql
        _sql(statement.format(id=log.entry.pk, stream=log.stream.pk))

    return run


def _changed(entry: Entry) -> Entry:
    entry.kind = "rewritten"
    entry.body = b'{"rewritten":true}'
    return entry


def _forged(log: Log, sequence: int) -> Entry:
    return Entry(
        stream=log.stream,
        sequence=sequence,
        kind="forged",
        recorded_at=NOW,
        body=b"{}",
        entry_hash=bytes(32),
        seal=bytes(64),
    )


ATTEMPTS: dict[str, Callable[[Log], object]] = {
    "save() after a change": lambda log: _changed(log.entry).save(),
    "save(update_fields=...)": lambda log: _changed(log.entry).save(update_fields=["kind"]),
    "Model.save() past the model's guard": lambda log: models.Model.save(_changed(log.entry)),
    "delete()": lambda log: log.entry.delete(),
    "Model.delete() past the model's guard": lambda log: models.Model.delete(log.entry),
    "queryset update()": lambda log: Entry.objects.filter(pk=log.entry.pk).update(kind="x"),
    "renumbering with F()": lambda log: Entry.objects.update(sequence=F("sequence") + 10),
    "bulk_update()": lambda log: Entry.objects.bulk_update([_changed(log.entry)], ["body"]),
    "queryset delete()": lambda log: Entry.objects.filter(pk=log.entry.pk).delete(),
    "deleting every entry": lambda log: Entry.objects.all().delete(),
    "the queryset's raw delete": lambda log: Entry.objects.filter(pk=log.entry.pk)._raw_delete(
        Entry.objects.db
    ),
    "update_or_create()": lambda log: Entry.objects.update_or_create(
        stream=log.stream, sequence=2, defaults={"kind": "x"}
    ),
    "bulk_create() as an upsert": lambda log: Entry.objects.bulk_create(
        [_forged(log, 2)],
        update_conflicts=True,
        unique_fields=["stream", "sequence"],
        update_fields=["body", "kind"],
    ),
    "bulk_create() ignoring conflicts": lambda log: Entry.objects.bulk_create(
        [_forged(log, 2)], ignore_conflicts=True
    ),
    "inserting past a gap": lambda log: _forged(log, 9).save(),
    "raw SQL UPDATE": _vendor_sql(
        "UPDATE ledger_entry SET kind = 'x' WHERE id = {id}",
        "UPDATE ledger_entry SET kind = 'x' WHERE id = {id}",
    ),
    "raw SQL UPDATE of the body": _vendor_sql(
        "UPDATE ledger_entry SET body = X'7b7d' WHERE id = {id}",
        "UPDATE ledger_entry SET body = '\\x7b7d'::bytea WHERE id = {id}",
    ),
    "raw SQL DELETE": _vendor_sql(
        "DELETE FROM ledger_entry WHERE id = {id}", "DELETE FROM ledger_entry WHERE id = {id}"
    ),
    "raw SQL DELETE of everything": _vendor_sql(
        "DELETE FROM ledger_entry", "DELETE FROM ledger_entry"
    ),
    "raw SQL replace of a row": _vendor_sql(
        "INSERT OR REPLACE INTO ledger_entry "
        "(id, stream_id, sequence, kind, recorded_at, body, entry_hash, seal) "
        "SELECT id, stream_id, sequence, 'x', recorded_at, X'7b7d', entry_hash, seal "
        "FROM ledger_entry WHERE id = {id}",
        "INSERT INTO ledger_entry "
        "(id, stream_id, sequence, kind, recorded_at, body, entry_hash, seal) "
        "SELECT id, stream_id, sequence, 'x', recorded_at, body, entry_hash, seal "
        "FROM ledger_entry WHERE id = {id} ON CONFLICT (id) DO UPDATE SET kind = 'x'",
    ),
    "raw SQL emptying the table": _vendor_sql(
        "DELETE FROM ledger_entry WHERE 1", "TRUNCATE ledger_entry CASCADE"
    ),
    "executemany UPDATE": lambda log: connection.cursor().executemany(
        "UPDATE ledger_entry SET kind = %s WHERE id = %s", [("x", log.entry.pk)]
    ),
    "deleting the stream": lambda log: log.stream.delete(),
    "deleting the owner's account": lambda log: log.owner.delete(),
    "changing a checkpoint with save()": lambda log: _resized(log.checkpoint).save(),
    "checkpoint queryset update()": lambda log: Checkpoint.objects.update(size=0),
    "checkpoint queryset delete()": lambda log: Checkpoint.objects.all().delete(),
    "raw SQL UPDATE of a checkpoint": _vendor_sql(
        "UPDATE ledger_checkpoint SET size = 0", "UPDATE ledger_checkpoint SET size = 0"
    ),
    "raw SQL DELETE of a checkpoint": _vendor_sql(
        "DELETE FROM ledger_checkpoint", "DELETE FROM ledger_checkpoint"
    ),
}


def _resized(checkpoint: Checkpoint) -> Checkpoint:
    checkpoint.size = 0
    return checkpoint


def _snapshot(log: Log) -> tuple[object, ...]:
    checkpoints = tuple(
        Checkpoint.objects.filter(stream=log.stream).values_list("size", "root", "signature")
    )
    kinds = tuple(Entry.objects.filter(stream=log.stream).values_list("sequence", "kind"))
    return (
        tuple(read_log(log.stream)),
        kinds,
        tuple((s, bytes(r), bytes(g)) for s, r, g in checkpoints),
    )


@pytest.mark.parametrize("attempt", list(ATTEMPTS), ids=list(ATTEMPTS))
def test_it_refuses(log: Log, attempt: str) -> None:
    before = _snapshot(log)
    with pytest.raises((AppendOnly, DatabaseError, ProtectedError)), transaction.atomic():
        ATTEMPTS[attempt](log)
    assert _snapshot(log) == before
    assert verify_stream(log.stream).ok


def test_it_still_appends_after_refusing() -> None:
    owner = make_user("bob")
    first = append_entry(owner, kind="note", payload={}, now=NOW)
    with pytest.raises(DatabaseError), transaction.atomic():
        Entry.objects.filter(pk=first.pk).update(kind="x")
    second = append_entry(owner, kind="note", payload={}, now=NOW)
    assert (first.sequence, second.sequence) == (1, 2)
