"""At rest in PostgreSQL's own files: after a marker is written into every free-text
field through the services, neither the database's table files nor the write-ahead log
hold it.

A dump shows what PostgreSQL hands out; this reads what it keeps on disk (and the WAL
keeps deleted and overwritten text until it is recycled). It needs the server's data
directory, found with ``SHOW data_directory``; a server elsewhere, or a directory this
user may not read, skips the test with the reason.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

from fulcrum.kernel.tests.test_nothing_readable_at_rest import (
    HOST,
    PORT,
    USER,
    _connect_or_skip,
    _scenario,
)


def _readable(folder: Path) -> bool:
    return folder.is_dir() and os.access(folder, os.R_OK | os.X_OK)


def _files(folder: Path) -> list[Path]:
    return [path for path in sorted(folder.rglob("*")) if path.is_file()]


def _holding(paths: list[Path], needle: bytes) -> list[Path]:
    return [path for path in paths if needle in path.read_bytes()]


@pytest.mark.postgres
def test_it_leaves_no_marker_in_postgresqls_table_files_or_wal(tmp_path: Path) -> None:
    conn = _connect_or_skip()
    try:
        data_directory = Path(str(conn.execute("SHOW data_directory").fetchone()[0]))  # type: ignore[index]
        if HOST not in {"127.0.0.1", "localhost", "::1"}:
            pytest.skip(f"PostgreSQL at {HOST} keeps its files on another machine")
        if not (_readable(data_directory / "base") and _readable(data_directory / "pg_wal")):
            pytest.skip(f"PostgreSQL's data directory {data_directory} is not readable here")
        name = f"fulcrum_at_rest_files_{uuid.uuid4().hex[:8]}"
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
            # Write the table pages out, so the files hold what was saved, not only the WAL.
            conn.execute("CHECKPOINT")
            oid = conn.execute("SELECT oid FROM pg_database WHERE datname = %s", [name]).fetchone()
            assert oid is not None
            tables = _files(data_directory / "base" / str(oid[0]))
            # Every segment kept: the WAL is recycled, not emptied, so older ones count too.
            wal = _files(data_directory / "pg_wal")
            assert tables, "the database has no files"
            assert wal, "the server keeps no WAL segment"
            assert _holding(tables, marker.encode()) == []
            assert _holding(wal, marker.encode()) == []
            # ...because the text is there, sealed: this read the real files.
            assert _holding(tables, b"fe1:")
            assert _holding(wal, b"fe1:")
        finally:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        conn.close()
