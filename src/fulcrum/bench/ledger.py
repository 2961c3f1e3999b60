"""``fulcrum bench ledger``: how surely the ledger shows tampering, and how fast it is.

On a fresh SQLite database (in a temporary folder, keys beside it) the worker:

1. appends a log of ``--entries`` entries through ``append_entry``, timing each call
   (its own transaction, commit included) — ``append_p95_ms``;
2. signs a checkpoint and holds a copy of it outside the database;
3. makes ``--tampers`` random single-byte changes directly in the database file, one
   at a time and each undone before the next, inside the stored values of a random
   entry's row (its kind, time, body, hash and seal), and verifies the file with the
   standard library's sqlite3 after each: a change counts as detected when
   verification fails, and as placed right when it names that entry's sequence number;
4. against the held checkpoint, deletes an entry, inserts a forged one (renumbering
   the rest), swaps two rows' contents and cuts the log short — ``--structural`` of
   each, with the triggers dropped and stored checkpoints removed as an attacker
   would — and checks each is named at the right sequence number;
5. seeds a second stream of ``--verify-entries`` entries and times a full
   verification (``verify_10000_s``) and a checkpoint over it (``checkpoint_10000_s``),
   and records the longest inclusion proof against ⌈log₂ n⌉.

Django is configured once per process, so the work runs in a worker subprocess
(``python -m fulcrum.bench.ledger --worker``) that prints one JSON line; the parent
prints a table and, as its last line, that JSON object.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import secrets
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

TARGETS = {"append_p95_ms": 20.0, "verify_10000_s": 2.0, "checkpoint_10000_s": 1.0}
err = Console(stderr=True)


def register(bench_app: typer.Typer) -> None:
    """Add ``ledger`` to ``fulcrum bench``."""
    bench_app.command("ledger")(ledger)


def ledger(
    entries: int = typer.Option(1_000, "--entries", min=10, help="Entries in the tampered log."),
    tampers: int = typer.Option(10_000, "--tampers", min=1, help="Single-byte changes to try."),
    structural: int = typer.Option(
        100, "--structural", min=1, help="Deletions, insertions, swaps and cuts, of each."
    ),
    verify_entries: int = typer.Option(
        10_000, "--verify-entries", min=10, help="Entries in the stream verified for speed."
    ),
    seed: int = typer.Option(11, "--seed", help="Seed for the tampering."),
) -> None:
    """Tamper with a ledger on disk and time appends, verification and checkpoints.

    The last line printed is one JSON object.
    """
    from fulcrum.bench import BenchError

    with tempfile.TemporaryDirectory(prefix="fulcrum-bench-ledger-") as tmp:
        env = {
            k: v
            for k, v in os.environ.items()
            if not (k.startswith("FULCRUM_DB") or k == "FULCRUM_SQLITE_PATH")
        }
        env.update(
            DJANGO_SETTINGS_MODULE="fulcrum.settings",
            FULCRUM_DATA_DIR=str(Path(tmp) / "data"),
            FULCRUM_SQLITE_PATH=str(Path(tmp) / "ledger.sqlite3"),
            FULCRUM_SECRET_KEY=secrets.token_urlsafe(40),
            FULCRUM_DB="sqlite",
        )
        cmd = [
            sys.executable,
            "-m",
            "fulcrum.bench.ledger",
            "--worker",
            f"--entries={entries}",
            f"--tampers={tampers}",
            f"--structural={structural}",
            f"--verify-entries={verify_entries}",
            f"--seed={seed}",
        ]
        proc = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, text=True, check=False)
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    if proc.returncode != 0 or not lines:
        raise BenchError(f"The ledger benchmark worker failed (exit {proc.returncode}).")
    result: dict[str, Any] = json.loads(lines[-1])
    Console().print(_table(result))
    print(json.dumps(result, sort_keys=True), flush=True)


def _table(result: dict[str, Any]) -> Table:
    table = Table(title="Ledger on SQLite")
    table.add_column("measure")
    table.add_column("result", justify="right")
    table.add_column("target", justify="right")
    table.add_row(
        f"single-byte changes over {result['log_entries']:,} entries",
        f"{result['tampers_detected']:,} / {result['tampers']:,} detected, "
        f"{result['tampers_at_right_sequence']:,} at the right entry",
        "all, each at the right entry",
    )
    for kind, counts in result["structural"].items():
        table.add_row(
            f"{kind} (against a held checkpoint)",
            f"{counts['at_right_sequence']} / {counts['tried']} named right",
            "all",
        )
    for key, target in TARGETS.items():
        unit = "ms" if key.endswith("_ms") else "s"
        table.add_row(key, f"{result[key]:.3f} {unit}", f"≤ {target:g} {unit}")
    table.add_row(
        "longest inclusion proof",
        f"{result['inclusion_proof_max_hashes']} hashes",
        f"≤ ⌈log₂ {result['verify_entries']:,}⌉ = {result['ceil_log2']}",
    )
    return table


# --------------------------------------------------------------------------- worker


@dataclass(frozen=True)
class Region:
    """Where one entry's stored values lie in the database file."""

    sequence: int
    start: int
    end: int


def _regions(data: bytes, rows: Sequence[Any]) -> list[Region]:
    # The row's values are stored in column order: … kind, recorded_at, body, entry_hash,
    # seal …; the body is unique in the file, the rest sit right beside it.
    regions = []
    for row in rows:
        at = data.find(row.body)
        if at < 0 or data.find(row.body, at + 1) >= 0:
            raise SystemExit(f"Cannot place entry {row.sequence} in the file uniquely.")
        kind, stamp = bytes(row.kind), bytes(row.recorded_at)
        start = at - len(stamp) - len(kind)
        end = at + len(row.body) + len(row.entry_hash) + len(row.seal)
        if data[start:end] != kind + stamp + row.body + row.entry_hash + row.seal:
            raise SystemExit(f"Entry {row.sequence}'s values are not stored side by side.")
        regions.append(Region(row.sequence, start, end))
    return regions


def _verify_file(path: Path, stream_id: int, label: str, checks: Any, held: Any) -> Any:
    from fulcrum.ledger.reading import read_rows, verify_rows

    connection = sqlite3.connect(path)
    try:
        rows = read_rows(connection.cursor(), stream_id, vendor="sqlite")
    except sqlite3.DatabaseError as exc:  # a change SQLite itself notices
        return ("unreadable", str(exc))
    finally:
        connection.close()
    seal_ok, signature_ok = checks
    return verify_rows(
        rows,
        stream=label,
        seal_ok=seal_ok,
        signature_ok=signature_ok,
        held=held,
        vendor="sqlite",
    )


def worker(argv: Sequence[str]) -> None:
    """Build, tamper with and time a ledger; print one JSON line on stdout."""
    parser = argparse.ArgumentParser(prog="python -m fulcrum.bench.ledger")
    parser.add_argument("--worker", action="store_true", required=True)
    parser.add_argument("--entries", type=int, required=True)
    parser.add_argument("--tampers", type=int, required=True)
    parser.add_argument("--structural", type=int, required=True)
    parser.add_argument("--verify-entries", type=int, required=True)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv)

    import django
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    django.setup()
    from django.core.management import call_command
    from django.db import connection, connections

    from fulcrum.accounts.models import User
    from fulcrum.core import integrity
    from fulcrum.ledger.models import Stream
    from fulcrum.ledger.reading import read_rows
    from fulcrum.ledger.services import (
        append_entry,
        as_core_checkpoint,
        make_checkpoint,
        signing_seed,
    )

    if connection.vendor != "sqlite":
        raise SystemExit("The ledger benchmark measures SQLite.")
    call_command("migrate", verbosity=0, interactive=False, skip_checks=True)
    rng = random.Random(args.seed)
    now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)

    # 1. Appends, each its own transaction.
    owner = User.objects.create_user(username="bench")
    append_entry(owner, kind="incident", payload={"warm": "up"}, now=now)  # creates the stream
    timings = []
    for n in range(2, args.entries + 1):
        payload = {"n": n, "what": "".join(rng.choices("abcdefgh ", k=rng.randint(20, 200)))}
        started = time.perf_counter()
        append_entry(owner, kind="incident", payload=payload, now=now + timedelta(seconds=n))
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    err.print(f"Appended {args.entries:,} entries.")

    # 2. A checkpoint, with a copy held outside the database.
    stream = Stream.objects.get(owner=owner)
    held = [as_core_checkpoint(make_checkpoint(owner, now=now + timedelta(days=1)))]
    key = signing_seed(stream)
    check = (integrity.seal_check(key), integrity.signature_check(integrity.public_key_of(key)))
    label, stream_id = stream.label, stream.pk
    with connection.cursor() as cursor:
        rows = read_rows(cursor, stream_id, vendor="sqlite")
    connections.close_all()

    path = Path(str(settings.DATABASES["default"]["NAME"]))
    with sqlite3.connect(path) as raw:
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        raw.execute("PRAGMA journal_mode=DELETE")
    pristine = path.read_bytes()
    regions = _regions(pristine, rows)
    assert _verify_file(path, stream_id, label, check, held).ok

    # 3. Single-byte changes in the file, one at a time.
    detected = placed = unreadable = 0
    with path.open("r+b") as handle:
        for number in range(args.tampers):
            region = rng.choice(regions)
            offset = rng.randrange(region.start, region.end)
            handle.seek(offset)
            handle.write(bytes([pristine[offset] ^ rng.randrange(1, 256)]))
            handle.flush()
            outcome = _verify_file(path, stream_id, label, check, held)
            handle.seek(offset)
            handle.write(pristine[offset : offset + 1])
            handle.flush()
            if isinstance(outcome, tuple):
                unreadable += 1
                detected += 1
                continue
            if outcome.broken is not None:
                detected += 1
                placed += outcome.broken.sequence == region.sequence
            if number and number % 2000 == 0:
                err.print(f"{number:,} changes tried…")
    assert path.read_bytes() == pristine

    # 4. Deletion, insertion, swap and truncation against the held checkpoint.
    structural = _structural(path, rows, stream_id, label, held, check, rng, args)

    # 5. Speed over a longer stream, seeded quickly through the same sealing.
    seconds_verify, seconds_checkpoint, longest = _speed(args, now, rng)

    result = {
        "log_entries": args.entries,
        "tampers": args.tampers,
        "tampers_detected": detected,
        "tampers_at_right_sequence": placed,
        "tampers_sqlite_refused_to_read": unreadable,
        "structural": structural,
        "structural_all_right": all(
            c["at_right_sequence"] == c["tried"] for c in structural.values()
        ),
        "append_p50_ms": round(statistics.median(timings), 3),
        "append_p95_ms": round(timings[int(0.95 * (len(timings) - 1))], 3),
        "append_max_ms": round(timings[-1], 3),
        "verify_entries": args.verify_entries,
        "verify_10000_s": round(seconds_verify, 3),
        "checkpoint_10000_s": round(seconds_checkpoint, 3),
        "inclusion_proof_max_hashes": longest,
        "ceil_log2": math.ceil(math.log2(args.verify_entries)),
        "sqlite": sqlite3.sqlite_version,
    }
    print(json.dumps(result, sort_keys=True), flush=True)


def _structural(
    path: Path,
    rows: Sequence[Any],
    stream_id: int,
    label: str,
    held: Any,
    check: Any,
    rng: random.Random,
    args: argparse.Namespace,
) -> dict[str, dict[str, int]]:
    from fulcrum.core import integrity
    from fulcrum.ledger.reading import read_rows, verify_rows

    n = len(rows)
    attacker_key = secrets.token_bytes(32)
    counts: dict[str, dict[str, int]] = {}

    def attempt(kind: str, expected: int, change: Any) -> None:
        connection = sqlite3.connect(path, isolation_level=None)
        try:
            connection.execute("BEGIN")
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger'"
            ).fetchall():
                connection.execute(f'DROP TRIGGER "{name}"')
            connection.execute("DELETE FROM ledger_checkpoint")  # the attacker's too
            change(connection)
            report = verify_rows(
                read_rows(connection.cursor(), stream_id, vendor="sqlite"),
                stream=label,
                seal_ok=check[0],
                signature_ok=check[1],
                held=held,
                vendor="sqlite",
            )
            connection.execute("ROLLBACK")
        finally:
            connection.close()
        tally = counts.setdefault(kind, {"tried": 0, "detected": 0, "at_right_sequence": 0})
        tally["tried"] += 1
        if report.broken is not None:
            tally["detected"] += 1
            tally["at_right_sequence"] += report.broken.sequence == expected

    for _ in range(args.structural):
        k = rng.randint(1, n)
        attempt(
            "deletion",
            k,
            lambda c, k=k: c.execute(
                "DELETE FROM ledger_entry WHERE stream_id = ? AND sequence = ?", (stream_id, k)
            ),
        )

        k = rng.randint(2, n)

        def insert(c: sqlite3.Connection, k: int = k) -> None:
            c.execute(
                "UPDATE ledger_entry SET sequence = sequence + 1000000 "
                "WHERE stream_id = ? AND sequence >= ?",
                (stream_id, k),
            )
            c.execute(
                "UPDATE ledger_entry SET sequence = sequence - 999999 "
                "WHERE stream_id = ? AND sequence >= 1000000",
                (stream_id,),
            )
            forged = integrity.seal_entry(
                attacker_key,
                stream=label,
                sequence=k,
                kind="incident",
                recorded_at=datetime(2026, 12, 1, tzinfo=UTC),
                payload={"written": "afterwards"},
                prev_hash=rows[k - 2].entry_hash,
            )
            c.execute(
                "INSERT INTO ledger_entry (sequence, kind, recorded_at, body, entry_hash, seal, "
                "stream_id) VALUES (?, 'incident', '2026-12-01 00:00:00', ?, ?, ?, ?)",
                (k, forged.body, forged.entry_hash, forged.seal, stream_id),
            )

        attempt("insertion", k, insert)

        i, j = sorted(rng.sample(range(1, n + 1), 2))

        def swap(c: sqlite3.Connection, i: int = i, j: int = j) -> None:
            c.execute(
                "UPDATE ledger_entry SET sequence = 999999999 WHERE stream_id = ? AND sequence = ?",
                (stream_id, i),
            )
            c.execute(
                "UPDATE ledger_entry SET sequence = ? WHERE stream_id = ? AND sequence = ?",
                (i, stream_id, j),
            )
            c.execute(
                "UPDATE ledger_entry SET sequence = ? WHERE stream_id = ? AND sequence = 999999999",
                (j, stream_id),
            )

        attempt("swap of two rows", i, swap)

        m = rng.randint(0, n - 1)
        attempt(
            "truncation",
            m + 1,
            lambda c, m=m: c.execute(
                "DELETE FROM ledger_entry WHERE stream_id = ? AND sequence > ?", (stream_id, m)
            ),
        )
    return counts


def _speed(args: argparse.Namespace, now: datetime, rng: random.Random) -> tuple[float, float, int]:
    from django.db import transaction

    from fulcrum.accounts.models import User
    from fulcrum.core import integrity
    from fulcrum.ledger.models import Entry, Stream
    from fulcrum.ledger.services import (
        append_entry,
        make_checkpoint,
        read_log,
        signing_seed,
        verify_stream,
    )

    owner = User.objects.create_user(username="bench-long")
    append_entry(owner, kind="incident", payload={"n": 1}, now=now)
    stream = Stream.objects.get(owner=owner)
    key = signing_seed(stream)
    prev = bytes(Entry.objects.get(stream=stream, sequence=1).entry_hash)
    batch: list[Entry] = []
    with transaction.atomic():
        for n in range(2, args.verify_entries + 1):
            at = now + timedelta(seconds=n)
            payload = {"n": n, "what": "".join(rng.choices("abcdefgh ", k=rng.randint(20, 200)))}
            sealed = integrity.seal_entry(
                key,
                stream=stream.label,
                sequence=n,
                kind="incident",
                recorded_at=at,
                payload=payload,
                prev_hash=prev,
            )
            prev = sealed.entry_hash
            batch.append(
                Entry(
                    stream=stream,
                    sequence=n,
                    kind="incident",
                    recorded_at=at,
                    body=sealed.body,
                    entry_hash=sealed.entry_hash,
                    seal=sealed.seal,
                )
            )
            if len(batch) == 1000:
                Entry.objects.bulk_create(batch)
                batch = []
        Entry.objects.bulk_create(batch)
    err.print(f"Seeded a stream of {args.verify_entries:,} entries; timing…")

    started = time.perf_counter()
    report = verify_stream(stream)
    seconds_verify = time.perf_counter() - started
    if not report.ok:
        raise SystemExit(f"The seeded stream does not verify: {report.broken}")
    started = time.perf_counter()
    make_checkpoint(owner, now=now + timedelta(days=2))
    seconds_checkpoint = time.perf_counter() - started

    leaves = [entry.leaf for entry in read_log(stream)]
    sample = {0, len(leaves) - 1, *rng.sample(range(len(leaves)), min(200, len(leaves)))}
    longest = max(len(integrity.merkle.inclusion_proof(i, leaves)) for i in sample)
    return seconds_verify, seconds_checkpoint, longest


if __name__ == "__main__":
    worker(sys.argv[1:])
