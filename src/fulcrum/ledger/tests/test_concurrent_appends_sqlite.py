"""On SQLite, processes appending to one database file at once still make one
gap-free chain: every transaction begins IMMEDIATE, so writers take turns."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SETUP = """
import django
django.setup()
from django.core.management import call_command
from fulcrum.accounts.models import User
call_command("migrate", verbosity=0, interactive=False)
User.objects.create_user(username="alice")
"""
APPEND = """
import sys, django
django.setup()
from django.utils import timezone
from fulcrum.accounts.models import User
from fulcrum.ledger.services import append_entry
owner = User.objects.get(username="alice")
for n in range(int(sys.argv[1])):
    append_entry(owner, kind="note", payload={"worker": sys.argv[2], "n": n}, now=timezone.now())
"""
WORKERS = 4
EACH = 25


def test_it_never_forks_the_chain_when_processes_append_at_once(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if not (k.startswith("FULCRUM_DB") or k == "FULCRUM_SQLITE_PATH")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="fulcrum.settings",
        FULCRUM_DB="sqlite",
        FULCRUM_DATA_DIR=str(tmp_path / "data"),
        FULCRUM_SQLITE_PATH=str(tmp_path / "ledger.sqlite3"),
        FULCRUM_SECRET_KEY="test-only-secret-key-for-a-throwaway-database",
    )
    subprocess.run([sys.executable, "-c", SETUP], env=env, check=True, timeout=120)
    workers = [
        subprocess.Popen([sys.executable, "-c", APPEND, str(EACH), str(w)], env=env)
        for w in range(WORKERS)
    ]
    assert [w.wait(timeout=300) for w in workers] == [0] * WORKERS
    verify = subprocess.run(
        [sys.executable, "-c", "from fulcrum.cli import main; main()", "incidents", "verify"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert verify.returncode == 0, verify.stderr
    assert f"alice: {WORKERS * EACH} entries verified." in verify.stdout
