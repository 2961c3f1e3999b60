"""Fulcrum's schema must apply on PostgreSQL, the multi-user database.

The whole suite runs on PostgreSQL in CI (`make test-postgres`); this test gives a
developer running `make test` on SQLite the same early warning when a server is at hand.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[3]
HOST = os.environ.get("FULCRUM_DB_HOST", "127.0.0.1")
PORT = os.environ.get("FULCRUM_DB_PORT", "5432")
USER = os.environ.get("FULCRUM_DB_USER", "postgres")


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
def test_it_migrates_a_fresh_postgresql_database(tmp_path: Path) -> None:
    conn = _connect_or_skip()
    name = f"fulcrum_migrate_{uuid.uuid4().hex[:8]}"
    conn.execute(f'CREATE DATABASE "{name}"')
    try:
        env = {
            **os.environ,
            "FULCRUM_DB": "postgres",
            "FULCRUM_DB_NAME": name,
            "FULCRUM_DATA_DIR": str(tmp_path),
        }
        result = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "migrate", "--no-input"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        with conn.cursor() as cur:
            cur.execute("SELECT 1")
        check = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "showmigrations", "--plan"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert "[ ]" not in check.stdout, "some migrations were not applied on PostgreSQL"
    finally:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.close()
