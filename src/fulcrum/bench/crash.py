"""``fulcrum bench crash``: ``kill -9`` in the middle of saves, then count what survived.

For each database, ``--rounds`` times: start ``fulcrum serve``, let practitioners save
check-ins through the form over HTTP while a writer process saves check-ins and appends
ledger entries through the services, then ``kill -9`` the whole server and the writer
at a random moment. A save counts as acknowledged when the server answered its redirect
or the service call returned. Afterwards every acknowledged save must be present, every
ledger stream must verify and the database must pass its own integrity check
(``PRAGMA integrity_check`` on SQLite; ``amcheck`` over every B-tree index on
PostgreSQL). The last line printed is one JSON object keyed by database.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import typer
from rich.console import Console

from fulcrum.bench.serving import (
    Browser,
    chosen_databases,
    run_helper,
    start_server,
    throwaway_database,
    unavailable,
)

err = Console(stderr=True)


def register(bench_app: typer.Typer) -> None:
    """Add ``crash`` to ``fulcrum bench``."""
    bench_app.command("crash")(crash)


def crash(
    rounds: int = typer.Option(10, "--rounds", min=1, max=1000, help="Kills per database."),
    databases: str = typer.Option(
        "sqlite,postgresql", "--databases", help="Comma-separated: sqlite, postgresql."
    ),
    seed: int = typer.Option(7, "--seed", help="Seed for the moments of the kills."),
) -> None:
    """Kill the server and a writer mid-save; check every acknowledged save survived."""
    wanted = chosen_databases(databases)
    rng = random.Random(seed)
    results: dict[str, dict[str, Any]] = {}
    for database in wanted:
        reason = unavailable(database)
        if reason:
            err.print(f"[yellow]Skipping PostgreSQL:[/yellow] {reason}")
            results[database] = {"skipped": reason}
            continue
        with throwaway_database(database, "crash") as env:
            results[database] = crash_one(database, env, rounds, rng)
        r = results[database]
        Console().print(
            f"{database}: {r['rounds']} kills; {r['acknowledged']} acknowledged saves, "
            f"{r['lost']} lost; ledger {'verifies' if r['ledger_ok'] else 'BROKEN'}; "
            f"integrity check {'ok' if r['integrity_ok'] else 'FAILED'}.",
            highlight=False,
        )
    print(json.dumps(results, sort_keys=True), flush=True)


def crash_one(
    database: str, env: dict[str, str], rounds: int, rng: random.Random
) -> dict[str, Any]:
    """Run ``rounds`` kills on one database; return the counts."""
    from fulcrum.bench.load import PASSWORD

    err.rule(f"{database}: {rounds} kills")
    seeded = run_helper("fulcrum.bench.load", ["--prepare", "--users", "2", "--history", "0"], env)
    folder = Path(env["FULCRUM_DATA_DIR"]).parent
    acks = folder / "acks.jsonl"
    http_acks: list[str] = []
    writer_starts = 0
    for number in range(rounds):
        server = start_server(env, workers=2)
        writer = subprocess.Popen(
            [sys.executable, "-m", "fulcrum.bench.crash", "--writer", str(acks), str(number)],
            env=env,
            stdout=subprocess.DEVNULL,
            start_new_session=True,
        )
        writer_starts += 1
        stop = threading.Event()
        threads = [
            threading.Thread(
                target=_http_writer,
                args=(server.port, account, PASSWORD, f"r{number}u{i}", stop, http_acks),
            )
            for i, account in enumerate(seeded["users"])
        ]
        for thread in threads:
            thread.start()
        time.sleep(rng.uniform(3.0, 6.0))
        server.kill()
        os.killpg(writer.pid, signal.SIGKILL)
        writer.wait(timeout=30)
        stop.set()
        for thread in threads:
            thread.join(timeout=90)
        err.print(f"kill {number + 1}: {len(http_acks)} acknowledged over HTTP so far")
    (folder / "http-acks.json").write_text(json.dumps(http_acks))
    verdict = run_helper(
        "fulcrum.bench.crash", ["--verify", str(acks), str(folder / "http-acks.json")], env
    )
    return {"rounds": rounds, "writer_kills": writer_starts, **verdict}


def _http_writer(
    port: int,
    account: dict[str, Any],
    password: str,
    prefix: str,
    stop: threading.Event,
    acks: list[str],
) -> None:
    """Save check-ins through the form until the server dies; note each one answered."""
    from fulcrum.bench.web import checkin_payload

    browser = Browser(port)
    try:
        if browser.sign_in(browser.open_sign_in(), account["username"], password) != 302:
            return
        form = account["clients"][0]["form"]
        n = 0
        while not stop.is_set():
            status, _, page = browser.request("GET", form, timeout=10)
            if status != 200:
                return
            marker = f"crash-{prefix}-{n}"
            payload = [
                (k, marker if k == "note" else v)
                for k, v in checkin_payload(page.decode(), datetime.now(UTC) - timedelta(hours=1))
            ]
            status, _, _ = browser.request("POST", form, urlencode(payload).encode(), timeout=10)
            if status in (302, 303):
                acks.append(marker)
            n += 1
    except OSError:
        return  # the server was killed: whatever was in flight was never acknowledged


# --------------------------------------------------------------------------- helpers


def writer(acks: Path, number: int) -> None:
    """Save check-ins and ledger entries through the services until killed."""
    from fulcrum.accounts.models import User
    from fulcrum.checkins.services import CheckInData, record_checkin
    from fulcrum.clients.models import Client
    from fulcrum.ledger.services import append_entry

    user = User.objects.filter(username__startswith="bench-").order_by("username").last()
    client = Client.objects.filter(owner=user).order_by("code").last()
    assert user is not None
    assert client is not None
    with acks.open("a") as log:
        n = 0
        while True:
            now = datetime.now(UTC)
            marker = f"crash-w{number}-{n}"
            if n % 3 == 2:
                entry = append_entry(user, kind="incident", payload={"m": marker}, now=now)
                line: dict[str, object] = {"ledger": int(entry.sequence), "user": user.pk}
            else:
                data = CheckInData(session_at=now - timedelta(hours=1), note=marker)
                record_checkin(client, data, now=now)
                line = {"checkin": marker}
            log.write(json.dumps(line) + "\n")
            log.flush()
            os.fsync(log.fileno())
            n += 1


def verify(acks: Path, http_acks: Path) -> dict[str, Any]:
    """Count acknowledged saves missing after the kills; verify ledgers and the database."""
    from django.db import connection

    from fulcrum.checkins.models import CheckIn
    from fulcrum.ledger.models import Stream
    from fulcrum.ledger.services import verify_stream

    notes = {c.note for c in CheckIn.objects.all()}
    wanted = list(json.loads(http_acks.read_text()))
    highest_entry: dict[int, int] = {}
    ledger_acks = 0
    if acks.exists():
        for line in acks.read_text().splitlines():
            try:
                record = json.loads(line)
            except ValueError:
                continue  # a line cut by the kill was never acknowledged
            if "checkin" in record:
                wanted.append(record["checkin"])
            else:
                ledger_acks += 1
                user = record["user"]
                highest_entry[user] = max(highest_entry.get(user, 0), record["ledger"])
    missing = [marker for marker in wanted if marker not in notes]
    ledger_ok, entries_lost = True, 0
    for stream in Stream.objects.all():
        report = verify_stream(stream)
        ledger_ok = ledger_ok and report.ok
        entries_lost += max(0, highest_entry.pop(stream.owner_id, 0) - report.size)
    entries_lost += sum(highest_entry.values())  # a stream that vanished altogether
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA integrity_check")
            integrity = [row[0] for row in cursor.fetchall()]
            integrity_ok = integrity == ["ok"]
        else:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS amcheck")
            cursor.execute(
                "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                "JOIN pg_am a ON a.oid = c.relam JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE a.amname = 'btree' AND n.nspname = 'public'"
            )
            names = [row[0] for row in cursor.fetchall()]
            for name in names:
                cursor.execute("SELECT bt_index_check(%s::regclass, true)", [name])
            integrity = [f"{len(names)} B-tree indexes checked"]
            integrity_ok = True
    return {
        "acknowledged": len(wanted) + ledger_acks,
        "acknowledged_checkins": len(wanted),
        "acknowledged_ledger_entries": ledger_acks,
        "checkins_stored": len(notes),
        "lost": len(missing) + entries_lost,
        "lost_examples": missing[:5],
        "ledger_entries_lost": entries_lost,
        "ledger_ok": ledger_ok,
        "integrity": integrity,
        "integrity_ok": integrity_ok,
    }


def helper(argv: Sequence[str]) -> None:
    """``python -m fulcrum.bench.crash --writer|--verify ...``."""
    parser = argparse.ArgumentParser(prog="python -m fulcrum.bench.crash")
    parser.add_argument("--writer", nargs=2, metavar=("ACKS", "ROUND"))
    parser.add_argument("--verify", nargs=2, metavar=("ACKS", "HTTP_ACKS"))
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fulcrum.settings")
    import django

    django.setup()
    if args.writer:
        writer(Path(args.writer[0]), int(args.writer[1]))
    else:
        print(json.dumps(verify(Path(args.verify[0]), Path(args.verify[1]))), flush=True)


if __name__ == "__main__":
    helper(sys.argv[1:])
