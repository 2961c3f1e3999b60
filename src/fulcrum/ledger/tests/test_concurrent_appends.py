"""Appends from many connections at once still make one gap-free chain (PostgreSQL).

Here the stream row's ``SELECT … FOR UPDATE`` does the serialising; SQLite's test
database is an in-memory one that threads cannot share, so SQLite is held to the same
promise by separate processes on a database file (test_concurrent_appends_sqlite.py).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from django.db import connection, connections

from fulcrum.accounts.models import User
from fulcrum.ledger.models import Entry, Stream
from fulcrum.ledger.services import append_entry, verify_stream
from fulcrum.testing import NOW, make_user

pytestmark = pytest.mark.postgres

THREADS = 8
EACH = 15


@pytest.fixture
def owner(transactional_db: None) -> Iterator[User]:
    if connection.vendor != "postgresql":
        pytest.skip("Needs PostgreSQL: SQLite's in-memory test database is not shared.")
    yield make_user("alice")
    # The triggers refuse to empty a table that holds rows, as they should; the test's
    # own rows are cleared with them switched off, before the database is reset.
    with connection.cursor() as cursor:
        for table in ("ledger_checkpoint", "ledger_entry"):
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - a fixed table name
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")


def test_it_never_forks_the_chain_under_concurrent_appends(owner: User) -> None:
    errors: list[BaseException] = []
    start = threading.Barrier(THREADS)

    def append_many(worker: int) -> None:
        try:
            start.wait()
            for n in range(EACH):
                append_entry(owner, kind="note", payload={"worker": worker, "n": n}, now=NOW)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=append_many, args=(w,)) for w in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    stream = Stream.objects.get(owner=owner)
    sequences = list(Entry.objects.filter(stream=stream).values_list("sequence", flat=True))
    assert sorted(sequences) == list(range(1, THREADS * EACH + 1))
    assert verify_stream(stream).ok
