"""A backup of the demo practice restores into an empty database of the other kind and
back, every table equal: SQLite -> PostgreSQL -> SQLite, through the command line.

Each step runs ``fulcrum`` in a process of its own, as a practice would, with its own
data folder; the key folder is shared except where the backup is sealed with a
passphrase, which restores where no key of the first machine exists.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from fulcrum.tests.test_postgres import _connect_or_skip

DUMP = (
    "import json, sys\n"
    "from fulcrum.kernel.setup import setup_django\n"
    "setup_django()\n"
    "from django.core.serializers.json import DjangoJSONEncoder\n"
    "from django.db import connection\n"
    "from fulcrum.kernel.backup import read_tables\n"
    "json.dump(list(read_tables(connection)), sys.stdout, cls=DjangoJSONEncoder)\n"
)

# The demo's record holds only its supervisor's comment and the reply: seal a few more
# entries and a checkpoint, so the ledger's append-only triggers meet a restore on both
# databases.
LEDGER = (
    "from fulcrum.kernel.setup import setup_django\n"
    "setup_django()\n"
    "from django.db import transaction\n"
    "from django.utils import timezone\n"
    "from fulcrum.accounts.models import User\n"
    "from fulcrum.ledger.services import append_entry, make_checkpoint\n"
    "owner = User.objects.get(username='demo')\n"
    "for n in range(3):\n"
    "    with transaction.atomic():\n"
    "        append_entry(owner, kind='note', payload={'n': n}, now=timezone.now())\n"
    "with transaction.atomic():\n"
    "    make_checkpoint(owner, now=timezone.now())\n"
)


def _env(data: Path, keys: Path, *, postgres: str | None = None, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FULCRUM_")}
    env |= {"FULCRUM_DATA_DIR": str(data), "FULCRUM_KEY_DIR": str(keys), **extra}
    if postgres is not None:
        env |= {"FULCRUM_DB": "postgres", "FULCRUM_DB_NAME": postgres}
    return env


def _fulcrum(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "fulcrum.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    return result


def _tables(env: dict[str, str]) -> list[dict[str, object]]:
    result = subprocess.run(
        [sys.executable, "-c", DUMP], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    tables: list[dict[str, object]] = json.loads(result.stdout)
    return tables


@pytest.mark.postgres
def test_it_restores_sqlite_into_postgresql_and_back(tmp_path: Path) -> None:
    conn = _connect_or_skip()
    name = f"fulcrum_restore_{uuid.uuid4().hex[:8]}"
    conn.execute(f'CREATE DATABASE "{name}"')
    try:
        keys = tmp_path / "keys"
        first = _env(tmp_path / "first", keys)
        _fulcrum(first, "demo")
        subprocess.run([sys.executable, "-c", LEDGER], env=first, check=True, timeout=120)
        original = _tables(first)
        ledger = next(t for t in original if t["table"] == "ledger_entry")
        # The demo's supervision (2) and policies (5 versions published, 9 consent events,
        # 6 enforcement records), and the 3 entries LEDGER appends.
        assert len(ledger["rows"]) == 2 + 20 + 3  # type: ignore[arg-type]
        assert sum(len(t["rows"]) for t in original) > 1000  # type: ignore[arg-type, misc]

        _fulcrum(first, "backup", "--output", str(tmp_path / "sqlite.fbk"))
        on_postgres = _env(tmp_path / "second", keys, postgres=name)
        _fulcrum(on_postgres, "restore", str(tmp_path / "sqlite.fbk"))
        assert _tables(on_postgres) == original

        # Back again, sealed with a passphrase, onto a machine with a key store of its own.
        secret = {"FULCRUM_BACKUP_PASSPHRASE": "a long practice passphrase"}
        _fulcrum(
            on_postgres | secret, "backup", "--passphrase", "--output", str(tmp_path / "pg.fbk")
        )
        third = _env(tmp_path / "third", tmp_path / "other-keys", **secret)
        _fulcrum(third, "restore", str(tmp_path / "pg.fbk"))
        assert _tables(third) == original
        assert b"demo" not in (tmp_path / "pg.fbk").read_bytes()
    finally:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.close()


def test_a_backup_sealed_with_a_key_this_store_lacks_is_refused(tmp_path: Path) -> None:
    first = _env(tmp_path / "first", tmp_path / "keys")
    _fulcrum(first, "demo")
    _fulcrum(first, "backup", "--output", str(tmp_path / "b.fbk"))
    elsewhere = _env(tmp_path / "second", tmp_path / "other-keys")
    result = subprocess.run(
        [sys.executable, "-m", "fulcrum.cli", "restore", str(tmp_path / "b.fbk")],
        env=elsewhere,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 1
    message = " ".join(result.stderr.split())
    assert "which this key store does not hold" in message
    assert "Traceback" not in message
