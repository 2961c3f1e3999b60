"""Tamper with a ledger as someone with the database file would: triggers out of the way.

Inside a test's transaction the DDL is rolled back with everything else, on SQLite and
PostgreSQL alike, so the triggers are back for the next test.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection

_triggers = importlib.import_module(
    "fulcrum.ledger.migrations.0002_refuse_changes_to_entries_and_checkpoints"
)


@contextmanager
def triggers_off() -> Iterator[Any]:
    """A cursor with the ledger's triggers removed until the block ends."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for statement in _triggers.SQLITE_REMOVE:
                cursor.execute(statement)
            yield cursor
            for statement in _triggers.SQLITE_INSTALL:
                cursor.execute(statement)
        else:
            # A superuser's way past every trigger, for this transaction only.
            cursor.execute("SET LOCAL session_replication_role = replica")
            yield cursor
            cursor.execute("SET LOCAL session_replication_role = origin")
