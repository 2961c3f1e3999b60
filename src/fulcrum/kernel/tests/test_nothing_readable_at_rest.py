"""At rest: a marker written into every free-text field through the services appears
nowhere in the SQLite file, its WAL or a PostgreSQL dump, and the files are private.

Each database is made afresh by ``fulcrum.kernel.tests.at_rest`` in a process of its own,
with a key file made on first use, exactly as ``fulcrum run`` would.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest

HOST = os.environ.get("FULCRUM_DB_HOST", "127.0.0.1")
PORT = os.environ.get("FULCRUM_DB_PORT", "5432")
USER = os.environ.get("FULCRUM_DB_USER", "postgres")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _scenario(tmp_path: Path, marker: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("FULCRUM_DB") and k not in {"FULCRUM_DATA_KEY", "FULCRUM_KEY_DIR"}
    }
    environment |= {"FULCRUM_DATA_DIR": str(tmp_path / "var"), **env}
    environment.pop("FULCRUM_SQLITE_PATH", None)
    snapshot = tmp_path / "snapshot"
    snapshot.mkdir()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "fulcrum.kernel.tests.at_rest",
            marker,
            str(snapshot),
            str(tmp_path / "export.json"),
        ],
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result


def _count(path: Path, marker: str) -> int:
    return path.read_bytes().count(marker.encode())


def test_it_leaves_no_marker_in_the_sqlite_file_or_its_wal(tmp_path: Path) -> None:
    marker = f"MARK{uuid.uuid4().hex}"
    _scenario(tmp_path, marker)

    data_dir = tmp_path / "var"
    database = data_dir / "fulcrum.sqlite3"
    copied = tmp_path / "snapshot"
    wal = copied / "fulcrum.sqlite3-wal"
    # The copies were taken with the connection open: the WAL still held the writes.
    assert wal.stat().st_size > 0
    for path in (copied / "fulcrum.sqlite3", wal, database):
        assert _count(path, marker) == 0, f"{path} holds the marker"
    # ...because the text is there, sealed.
    assert b"fe1:" in wal.read_bytes()
    assert b"fe1:" in database.read_bytes()

    assert _mode(data_dir) == 0o700
    assert _mode(database) == 0o600
    keys = tmp_path / "var-keys"
    assert _mode(keys) == 0o700
    assert _mode(keys / "data-keys.json") == 0o600
    assert marker not in (keys / "data-keys.json").read_text()

    export = tmp_path / "export.json"
    assert _mode(export) == 0o600
    # The export is the practitioner's own readable copy: the marker is there, which also
    # shows the scenario really wrote it.
    assert _count(export, marker) > 0


def _connect_or_skip() -> psycopg.Connection:
    try:
        return psycopg.connect(
            host=HOST, port=PORT, user=USER, dbname="postgres", autocommit=True, connect_timeout=3
        )
    except psycopg.OperationalError as exc:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required in CI but unreachable at {HOST}:{PORT}: {exc}")
        pytest.skip(f"no PostgreSQL at {HOST}:{PORT} ({exc.__class__.__name__})")


@pytest.mark.postgres
def test_it_leaves_no_marker_in_a_postgresql_dump(tmp_path: Path) -> None:
    conn = _connect_or_skip()
    name = f"fulcrum_at_rest_{uuid.uuid4().hex[:8]}"
    conn.execute(f'CREATE DATABASE "{name}"')
    marker = f"MARK{uuid.uuid4().hex}"
    try:
        _scenario(
            tmp_path,
            marker,
            FULCRUM_DB="postgres",
            FULCRUM_DB_NAME=name,
            FULCRUM_DB_HOST=HOST,
            FULCRUM_DB_PORT=PORT,
            FULCRUM_DB_USER=USER,
        )
        dump = subprocess.run(
            ["pg_dump", "-h", HOST, "-p", PORT, "-U", USER, "--no-owner", name],
            capture_output=True,
            timeout=120,
            check=True,
        ).stdout
    finally:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.close()
    assert dump.count(marker.encode()) == 0
    assert b"fe1:" in dump
    assert _mode(tmp_path / "export.json") == 0o600
