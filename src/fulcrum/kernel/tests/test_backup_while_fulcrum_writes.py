"""``fulcrum backup`` runs beside a practice at work: a write transaction held open on
the SQLite database neither blocks the backup nor leaks its unfinished rows into it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from fulcrum.kernel.backup import read_manifest
from fulcrum.kernel.tests.test_backup_restores_across_databases import _env, _fulcrum


def test_it_copies_what_was_committed_while_a_write_is_under_way(tmp_path: Path) -> None:
    env = _env(tmp_path / "var", tmp_path / "keys")
    _fulcrum(env, "demo")
    database = sqlite3.connect(tmp_path / "var" / "fulcrum.sqlite3", isolation_level=None)
    try:
        (before,) = database.execute("SELECT COUNT(*) FROM harbour_practisedaction").fetchone()
        assert before > 0
        database.execute("BEGIN IMMEDIATE")
        database.execute("DELETE FROM harbour_practisedaction")  # not committed
        _fulcrum(env, "backup", "--output", str(tmp_path / "during.fbk"))
        database.execute("ROLLBACK")
    finally:
        database.close()
    manifest, _ = read_manifest(tmp_path / "during.fbk")
    assert manifest["counts"]["harbour_practisedaction"] == before
