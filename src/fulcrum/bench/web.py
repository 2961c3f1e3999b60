"""``fulcrum bench web``: how fast saving a check-in and opening the pages stay at scale.

The command seeds a database with many practitioners, clients and check-ins, serves
Fulcrum's own WSGI application on 127.0.0.1 and times real HTTP requests as a
logged-in practitioner: saving a check-in through the check-in form, opening a
client's page, opening the caseload, and a minimal view beside them (the floor: what
HTTP, WSGI and the middleware cost before Fulcrum does any work).

Django can be configured only once per process, so every database is measured in a
worker subprocess (``python -m fulcrum.bench.web --worker ...``) that prints one JSON
line; the parent collects them, prints a table and, as its last line, one JSON object
keyed by database. See docs/benchmarks-web.md for the method.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from http.client import HTTPConnection
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import typer
from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from fulcrum.accounts.models import User

DATABASES = ("sqlite", "postgresql")
CLIENTS_PER_PRACTITIONER = 20
CHECKINS_PER_CLIENT = 100
BATCH = 10_000
WARMUP_ROUNDS = 20
PG_DATABASE = "fulcrum_bench"
FLOOR_PATH = "__bench__/floor/"
# p95 targets in milliseconds; the floor has none, it is the yardstick.
TARGETS_MS = {"save": 50.0, "client_page": 150.0, "caseload": 150.0, "supervisor_home": 150.0}
ENDPOINTS = ("save", "client_page", "caseload", "supervisor_home", "floor")
LABELS = {
    "save": "save a check-in",
    "client_page": "client page",
    "caseload": "caseload",
    "supervisor_home": "supervisor's home",
    "floor": "floor (tiny view)",
}
# The supervisor's home: this many supervisees, each with this many open shares.
SUPERVISEES = 30
SHARES_PER_SUPERVISEE = 10

err = Console(stderr=True)


# --------------------------------------------------------------------------- parent


def register(bench_app: typer.Typer) -> None:
    """Add ``web`` to ``fulcrum bench``."""
    bench_app.command("web")(web)


def web(
    checkins: int = typer.Option(
        1_000_000, "--checkins", min=100, help="Check-ins to seed in each database."
    ),
    databases: str = typer.Option(
        "sqlite,postgresql", "--databases", help="Comma-separated: sqlite, postgresql."
    ),
    requests: int = typer.Option(
        200, "--requests", min=5, help="Timed requests per endpoint, after a warm-up."
    ),
    seed: int = typer.Option(7, "--seed", help="Seed for the generated records."),
) -> None:
    """Time saving a check-in and opening the pages over real HTTP, on each database.

    The last line printed is one JSON object keyed by database.
    """
    from fulcrum.bench.serving import chosen_databases

    wanted = chosen_databases(databases)
    console = Console()
    results: dict[str, dict[str, Any]] = {}
    started = time.perf_counter()
    for database in wanted:
        if database == "sqlite":
            results[database] = _run_sqlite(checkins, requests, seed)
        else:
            reason = _postgres_unavailable()
            if reason:
                console.print(f"[yellow]Skipping PostgreSQL:[/yellow] {reason}")
                results[database] = {"skipped": reason}
                continue
            results[database] = _run_postgres(checkins, requests, seed)
    total = time.perf_counter() - started
    console.print(_table(results))
    console.print(f"Total wall time: {total:.0f} s")
    for database, result in results.items():
        for note in result.get("notes", []):
            console.print(f"[bold]{database}[/bold]: {note}", highlight=False)
    # Plain print: a Rich console would wrap the line and break the JSON.
    print(json.dumps(results, sort_keys=True), flush=True)


def _worker_command(database: str, checkins: int, requests: int, seed: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "fulcrum.bench.web",
        "--worker",
        "--database",
        database,
        "--checkins",
        str(checkins),
        "--requests",
        str(requests),
        "--seed",
        str(seed),
    ]


def _worker_env(data_dir: Path, **extra: str) -> dict[str, str]:
    # Start from the caller's environment minus any database choice of its own.
    env = {
        k: v
        for k, v in os.environ.items()
        if not (k.startswith("FULCRUM_DB") or k == "FULCRUM_SQLITE_PATH")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="fulcrum.settings",
        FULCRUM_DATA_DIR=str(data_dir),
        # The worker's data key lives and goes with its temporary folder.
        FULCRUM_KEY_DIR=str(data_dir / "keys"),
        FULCRUM_SECRET_KEY=secrets.token_urlsafe(40),
        FULCRUM_DEBUG="0",
        FULCRUM_LOG_LEVEL="ERROR",
    )
    env.update(extra)
    return env


def _run_worker(cmd: list[str], env: dict[str, str]) -> dict[str, Any]:
    from fulcrum.bench import BenchError

    # The worker's progress bars and notes go to stderr, straight to the terminal.
    proc = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, text=True, check=False)
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    if proc.returncode != 0 or not lines:
        raise BenchError(f"The benchmark worker for {cmd[5]} failed (exit {proc.returncode}).")
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def _run_sqlite(checkins: int, requests: int, seed: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="fulcrum-bench-") as tmp:
        env = _worker_env(
            Path(tmp),
            FULCRUM_DB="sqlite",
            FULCRUM_SQLITE_PATH=str(Path(tmp) / "bench.sqlite3"),
        )
        return _run_worker(_worker_command("sqlite", checkins, requests, seed), env)


def _pg_params() -> dict[str, str]:
    return {
        "host": os.environ.get("FULCRUM_DB_HOST", "127.0.0.1"),
        "port": os.environ.get("FULCRUM_DB_PORT", "5432"),
        "user": os.environ.get("FULCRUM_DB_USER", "postgres"),
        "password": os.environ.get("FULCRUM_DB_PASSWORD", ""),
    }


def _pg_conninfo() -> str:
    from psycopg.conninfo import make_conninfo

    return make_conninfo(dbname="postgres", connect_timeout=3, **_pg_params())


def _pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(_pg_conninfo(), autocommit=True) as conn:
        conn.execute(sql.encode())


def _postgres_unavailable() -> str | None:
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed."
    params = _pg_params()
    try:
        with psycopg.connect(_pg_conninfo()):
            pass
    except psycopg.Error as exc:
        where = f"{params['user']}@{params['host']}:{params['port']}"
        return f"cannot connect to PostgreSQL as {where} ({str(exc).strip()})."
    return None


def _run_postgres(checkins: int, requests: int, seed: int) -> dict[str, Any]:
    params = _pg_params()
    _pg_admin(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
    _pg_admin(f"CREATE DATABASE {PG_DATABASE}")
    try:
        with tempfile.TemporaryDirectory(prefix="fulcrum-bench-") as tmp:
            env = _worker_env(
                Path(tmp),
                FULCRUM_DB="postgres",
                FULCRUM_DB_NAME=PG_DATABASE,
                FULCRUM_DB_HOST=params["host"],
                FULCRUM_DB_PORT=params["port"],
                FULCRUM_DB_USER=params["user"],
                FULCRUM_DB_PASSWORD=params["password"],
            )
            return _run_worker(_worker_command("postgresql", checkins, requests, seed), env)
    finally:
        _pg_admin(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")


def _table(results: dict[str, dict[str, Any]]) -> Table:
    table = Table(title="Fulcrum web latency over HTTP on 127.0.0.1 (ms)")
    table.add_column("endpoint")
    for database, result in results.items():
        if "skipped" in result:
            table.add_column(f"{database}\n(skipped)", justify="right")
        else:
            table.add_column(f"{database}\np50 / p95", justify="right")
    table.add_column("p95 target", justify="right")
    for endpoint in ENDPOINTS:
        row = [LABELS[endpoint]]
        target = TARGETS_MS.get(endpoint)
        for result in results.values():
            if "skipped" in result:
                row.append("-")
                continue
            p50, p95 = result[f"{endpoint}_p50_ms"], result[f"{endpoint}_p95_ms"]
            mark = (
                ""
                if target is None
                else (" [green]ok[/green]" if p95 < target else " [red]!![/red]")
            )
            row.append(f"{p50:.1f} / {p95:.1f}{mark}")
        row.append("-" if target is None else f"< {target:.0f}")
        table.add_row(*row)
    for label, key, fmt in (
        ("check-ins seeded", "n_checkins", "{:,}"),
        ("seeding (s)", "seed_seconds", "{:.1f}"),
        ("queries: save / client / caseload / supervisor", "queries", None),
    ):
        row = [label]
        for result in results.values():
            if "skipped" in result:
                row.append("-")
            elif fmt is None:
                q = result[key]
                row.append(
                    f"{q['save']} / {q['client_page']} / {q['caseload']} / {q['supervisor_home']}"
                )
            else:
                row.append(fmt.format(result[key]))
        row.append("")
        table.add_row(*row)
    return table


# --------------------------------------------------------------------------- worker


@dataclass(frozen=True)
class Layout:
    """How many of each record to seed for ``n_checkins`` check-ins."""

    practitioners: int
    clients_per_practitioner: int
    checkins_per_client: tuple[int, ...]  # one entry per client, in client order

    @property
    def clients(self) -> int:
        return self.practitioners * self.clients_per_practitioner

    @property
    def measured_practitioner(self) -> int:
        return self.practitioners // 2


def plan_layout(n_checkins: int) -> Layout:
    """Spread ``n_checkins`` over 20-client caseloads of about 100 check-ins per client."""
    per_caseload = CLIENTS_PER_PRACTITIONER * CHECKINS_PER_CLIENT
    practitioners = max(1, round(n_checkins / per_caseload))
    clients = practitioners * CLIENTS_PER_PRACTITIONER
    base, extra = divmod(n_checkins, clients)
    counts = tuple(base + (1 if i < extra else 0) for i in range(clients))
    return Layout(practitioners, CLIENTS_PER_PRACTITIONER, counts)


# Three ways a practitioner's sessions can look. Probabilities per session.
PROFILES: dict[str, dict[str, Any]] = {
    "steady": {
        "choices": (("yes", 0.6), ("not_applicable", 0.3), ("no", 0.1)),
        "disclosure": 0.15,
        "served": (("client", 0.7), ("both", 0.2), ("unsure", 0.1)),
        "late_start": 0.05,
        "overran": 0.08,
        "signals": 0.6,
        "skilful": 0.3,
        "under": 0.03,
        "over": 0.02,
        "states": {"tired": 0.1, "stressed": 0.08, "personal_needs": 0.04},
    },
    "over": {
        "choices": (("no", 0.6), ("yes", 0.2), ("not_applicable", 0.2)),
        "disclosure": 0.5,
        "served": (("practitioner", 0.7), ("both", 0.2), ("client", 0.1)),
        "late_start": 0.4,
        "overran": 0.4,
        "signals": 0.3,
        "skilful": 0.1,
        "under": 0.03,
        "over": 0.15,
        "states": {"tired": 0.15, "stressed": 0.35, "personal_needs": 0.2},
    },
    "under": {
        "choices": (("yes", 0.4), ("not_applicable", 0.5), ("no", 0.1)),
        "disclosure": 0.3,
        "served": (("both", 0.5), ("client", 0.3), ("unsure", 0.2)),
        "late_start": 0.1,
        "overran": 0.3,
        "signals": 0.4,
        "skilful": 0.12,
        "under": 0.3,
        "over": 0.02,
        "states": {"tired": 0.35, "stressed": 0.1, "personal_needs": 0.15},
    },
}
NOTES = (
    "",
    "",
    "Agreed the focus together at the start.",
    "Client arrived flustered after traffic; slowed the pace.",
    "Long silence mid-session; stayed with it.",
    "Client asked about my holiday; kept the answer short.",
    "Talked through most of the session; did not redirect.",
    "Reviewed the cancellation policy together.",
)
SIGNALS = (
    "Shoulders dropped once she chose to start seated.",
    "Went quiet when I mentioned the fee.",
    "Breathing slowed after we agreed the pressure.",
    "Looked away when the topic of her father came up.",
)
ALIASES = ("Ash", "Birch", "Cedar", "Elm", "Fern", "Hazel", "Ivy", "Juniper", "Oak", "Rowan")


def _pick(rng: random.Random, weighted: Sequence[tuple[str, float]]) -> str:
    values = [value for value, _ in weighted]
    return rng.choices(values, weights=[weight for _, weight in weighted])[0]


def _session_template(rng: random.Random, profile: dict[str, Any]) -> dict[str, Any]:
    """Field values for one plausible check-in, with the scores the core gives them."""
    from fulcrum.checkins.services import CheckInData, score
    from fulcrum.core.catalogue import load_catalogue
    from fulcrum.core.checkin import DERIVED_INDICATORS

    catalogue = load_catalogue()
    ticked: set[str] = set()
    for indicator in catalogue.indicators:
        if indicator.id in DERIVED_INDICATORS or indicator.level == "grievance":
            continue
        if rng.random() < profile[indicator.mode]:
            ticked.add(indicator.id)
    choices = _pick(rng, profile["choices"])
    disclosure = rng.random() < profile["disclosure"]
    signals = rng.random() < profile["signals"]
    data = CheckInData(
        session_at=datetime(2026, 1, 1, tzinfo=UTC),
        indicators=frozenset(ticked),
        choices_offered=choices,
        choices_count=rng.choice((2, 2, 3)) if choices == "yes" else None,
        disclosure=disclosure,
        disclosure_served=_pick(rng, profile["served"]) if disclosure else "",
        disclosure_note="Mentioned I had a similar loss." if disclosure else "",
        started_on_time=rng.random() >= profile["late_start"],
        ended_on_time=rng.random() >= profile["overran"],
        client_signals_noticed=signals,
        client_signals=rng.choice(SIGNALS) if signals else "",
        practitioner_state=frozenset(s for s, p in profile["states"].items() if rng.random() < p),
        note=rng.choice(NOTES),
    )
    scores = score(data)
    return {
        "indicators": sorted(data.indicators),
        "choices_offered": data.choices_offered,
        "choices_count": data.choices_count,
        "disclosure": data.disclosure,
        "disclosure_served": data.disclosure_served,
        "disclosure_note": data.disclosure_note,
        "started_on_time": data.started_on_time,
        "ended_on_time": data.ended_on_time,
        "client_signals_noticed": data.client_signals_noticed,
        "client_signals": data.client_signals,
        "practitioner_state": sorted(data.practitioner_state),
        "note": data.note,
        "over_score": scores.over,
        "under_score": scores.under,
        "skilful_score": scores.skilful,
        "observed": sorted(scores.observed),
    }


@dataclass
class Seeded:
    practitioner_id: int
    supervisor_id: int
    client_ids: list[int]  # the measured practitioner's caseload
    measured_client_id: int
    n_checkins: int
    seconds: float
    notes: list[str] = field(default_factory=list)


def _client_profile(index_in_caseload: int) -> str:
    # A quarter of every caseload drifts in its latest sessions, so warnings and
    # charts show on the pages as they would in real use.
    return {3: "over", 7: "under", 11: "over", 15: "under", 19: "over"}.get(
        index_in_caseload, "steady"
    )


def seed(layout: Layout, rng: random.Random, now: datetime) -> Seeded:
    """Fill the database with the layout's practitioners, clients and check-ins."""
    from django.contrib.auth.hashers import make_password
    from django.db import DatabaseError, connection, transaction
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    from fulcrum.accounts.models import HeldRole, Role, User
    from fulcrum.checkins.models import CheckIn
    from fulcrum.checkins.services import refresh_drift
    from fulcrum.clients.models import Client
    from fulcrum.core.powermap import PowerMapInput, score_power_map
    from fulcrum.powermaps.models import PowerMap

    started = time.perf_counter()
    pools = {
        name: [_session_template(rng, profile) for _ in range(400)]
        for name, profile in PROFILES.items()
    }
    progress = Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=False,
    )
    with progress:
        people = progress.add_task("practitioners & clients", total=layout.clients)
        password = make_password(secrets.token_urlsafe(12))
        User.objects.bulk_create(
            [
                User(username=f"bench-{i:05d}", password=password, date_joined=now)
                for i in range(layout.practitioners)
            ],
            batch_size=BATCH,
        )
        user_ids = list(
            User.objects.filter(username__startswith="bench-")
            .order_by("username")
            .values_list("pk", flat=True)
        )
        HeldRole.objects.bulk_create(
            [HeldRole(user_id=pk, role=Role.PRACTITIONER, since=now) for pk in user_ids],
            batch_size=BATCH,
        )
        modalities = [m.value for m in Client.Modality]
        for start in range(0, layout.clients, BATCH):
            stop = min(layout.clients, start + BATCH)
            Client.objects.bulk_create(
                [
                    Client(
                        owner_id=user_ids[i // layout.clients_per_practitioner],
                        code=f"C-{i % layout.clients_per_practitioner + 1:03d}",
                        alias=rng.choice(ALIASES),
                        modality=rng.choice(modalities),
                        started_on=(now - timedelta(days=800)).date(),
                        created_at=now - timedelta(days=800),
                    )
                    for i in range(start, stop)
                ]
            )
            progress.advance(people, stop - start)
        client_ids = list(
            Client.objects.order_by("owner__username", "code").values_list("pk", flat=True)
        )

        maps = progress.add_task("power maps", total=len(client_ids))
        map_templates = []
        for _ in range(50):
            ratings = {
                "practitioner": {k: rng.randint(1, 4) for k in ("legitimate", "expert", "reward")},
                "client": {k: rng.randint(0, 3) for k in ("reward", "coercive", "personal")},
            }
            amplifiers = sorted(
                rng.sample(
                    [
                        "client_pays",
                        "client_brings_needs",
                        "client_lying_down",
                        "practitioner_premises",
                        "client_in_crisis",
                    ],
                    2,
                )
            )
            reading = score_power_map(
                PowerMapInput(ratings=ratings, amplifiers=frozenset(amplifiers))
            )
            map_templates.append((ratings, amplifiers, reading))
        for start in range(0, len(client_ids), BATCH):
            chunk = client_ids[start : start + BATCH]
            rows = []
            for client_id in chunk:
                ratings, amplifiers, reading = rng.choice(map_templates)
                rows.append(
                    PowerMap(
                        client_id=client_id,
                        assessed_at=now - timedelta(days=rng.randint(30, 700)),
                        ratings=ratings,
                        amplifiers=amplifiers,
                        counter_factors=[],
                        overall_differential=reading.overall_differential,
                        amplification=reading.amplification,
                        counterweight=reading.counterweight,
                    )
                )
            PowerMap.objects.bulk_create(rows)
            progress.advance(maps, len(chunk))

        total = sum(layout.checkins_per_client)
        task = progress.add_task("check-ins", total=total)
        for batch in _checkin_batches(layout, client_ids, pools, rng, now):
            _insert_checkins(connection, CheckIn, batch)
            progress.advance(task, len(batch))

        if connection.vendor == "postgresql":
            # A server that has been running settles its bulk-loaded tables: autovacuum
            # vacuums and analyses them within a minute, and a checkpoint writes the load
            # out. Do both now, so the figures are the running server's and not those of
            # maintenance racing the measurement.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM (ANALYZE)")
                try:
                    with transaction.atomic():
                        cursor.execute("CHECKPOINT")
                except DatabaseError:
                    pass  # CHECKPOINT needs a superuser; the server will get to it itself

        first = layout.measured_practitioner * layout.clients_per_practitioner
        caseload = client_ids[first : first + layout.clients_per_practitioner]
        drift = progress.add_task("drift warnings (measured caseload)", total=len(caseload))
        for client in Client.objects.filter(pk__in=caseload).order_by("code"):
            with transaction.atomic():
                refresh_drift(client, now=now)
            progress.advance(drift)
    # Measure a drifting client: its page shows warnings and charts.
    drifting = [pk for i, pk in enumerate(caseload) if _client_profile(i) != "steady"]
    measured = (drifting or caseload)[0]
    supervisor_id = seed_supervision(user_ids[layout.measured_practitioner], caseload, now)
    return Seeded(
        practitioner_id=user_ids[layout.measured_practitioner],
        supervisor_id=supervisor_id,
        client_ids=caseload,
        measured_client_id=measured,
        n_checkins=total,
        seconds=time.perf_counter() - started,
    )


def seed_supervision(practitioner_id: int, caseload: list[int], now: datetime) -> int:
    """A supervisor with SUPERVISEES live links, each carrying SHARES_PER_SUPERVISEE open
    shares, all made through the supervision services; answers the supervisor's id.

    Each share is a real report on two clients of the measured caseload (the drifting
    ones among them, so the agenda has questions to ask), cut to the link's scope.
    """
    from datetime import date

    from django_otp.plugins.otp_totp.models import TOTPDevice
    from rich.progress import Progress

    from fulcrum.accounts.models import Role, User
    from fulcrum.accounts.roles import grant
    from fulcrum.accounts.two_factor import APP_DEVICE
    from fulcrum.clients.models import Client
    from fulcrum.core.snapshot import within_scope
    from fulcrum.supervision import services
    from fulcrum.supervision.models import SCOPE_KINDS
    from fulcrum.supervision.report import ReportChoice, build_report

    owner = User.objects.get(pk=practitioner_id)
    supervisor = User.objects.create_user("bench-supervisor", password=None)
    grant(supervisor, [Role.SUPERVISOR])
    TOTPDevice.objects.create(user=supervisor, name=APP_DEVICE, confirmed=True)
    clients = list(Client.objects.filter(pk__in=caseload).order_by("code"))
    pairs = [tuple(clients[i : i + 2]) for i in range(0, len(clients) - 1, 2)]
    reports = [
        build_report(
            owner,
            ReportChoice(clients=pair, since=(now - timedelta(days=180)).date(), until=now.date()),
            now=now,
        )
        for pair in pairs
    ]
    with Progress(console=err, transient=False) as progress:
        task = progress.add_task("supervision shares", total=SUPERVISEES * SHARES_PER_SUPERVISEE)
        for i in range(SUPERVISEES):
            supervisee = User.objects.create_user(f"bench-supervisee-{i:02d}", password=None)
            grant(supervisee, [Role.PRACTITIONER])  # a supervisee is a practitioner
            link, code = services.invite_supervisor(
                supervisee,
                kind="individual",
                scope=tuple(SCOPE_KINDS),
                started_on=date(2026, 1, 1),
                now=now,
            )
            link = services.accept_invitation(
                supervisor,
                code,
                qualification="Registered clinical supervisor",
                registration=f"RCS-{i:04d}",
                jurisdiction="Victoria",
                address="127.0.0.1",
                now=now,
            )
            for k in range(SHARES_PER_SUPERVISEE):
                report = reports[(i + k) % len(reports)]
                services.share_report(
                    link,
                    within_scope(report, link.scope),
                    days=60,
                    now=now - timedelta(minutes=SHARES_PER_SUPERVISEE * i + k),
                )
                progress.advance(task)
    return supervisor.pk


def _checkin_batches(
    layout: Layout,
    client_ids: list[int],
    pools: dict[str, list[dict[str, Any]]],
    rng: random.Random,
    now: datetime,
) -> Iterator[list[tuple[int, datetime, dict[str, Any]]]]:
    """Yield (client id, session time, template) in batches of about BATCH."""
    batch: list[tuple[int, datetime, dict[str, Any]]] = []
    steady = pools["steady"]
    for index, (client_id, count) in enumerate(
        zip(client_ids, layout.checkins_per_client, strict=True)
    ):
        profile = _client_profile(index % layout.clients_per_practitioner)
        drift_from = count - 25 if profile != "steady" else count
        pool_late = pools[profile]
        hour = 8 + rng.randrange(10)
        last = (now - timedelta(days=1 + rng.randrange(6))).replace(
            hour=hour, minute=0, second=0, microsecond=0
        )
        for k in range(count):
            at = last - timedelta(weeks=count - 1 - k, minutes=rng.choice((0, 0, 5, 10, -5)))
            template = rng.choice(pool_late if k >= drift_from else steady)
            batch.append((client_id, at, template))
            if len(batch) >= BATCH:
                yield batch
                batch = []
    if batch:
        yield batch


def _insert_checkins(
    connection: Any, model: Any, batch: list[tuple[int, datetime, dict[str, Any]]]
) -> None:
    """Insert rows in one statement per batch: executemany on SQLite, COPY on PostgreSQL."""
    from django.db import transaction

    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    columns = [f.column for f in fields]
    adapt_dt = connection.ops.adapt_datetimefield_value
    json_cache: dict[int, dict[str, Any]] = {}

    def prepared(template: dict[str, Any]) -> dict[str, Any]:
        key = id(template)
        if key not in json_cache:
            values = {}
            for f in fields:
                if f.attname in template:
                    value = template[f.attname]
                    if f.get_internal_type() == "JSONField":
                        value = json.dumps(value)
                    values[f.attname] = value
                elif f.attname not in ("client_id", "session_at", "created_at"):
                    # A field added after this benchmark was written: use its default.
                    default = f.get_default()
                    if f.get_internal_type() == "JSONField":
                        default = json.dumps(default)
                    values[f.attname] = default
            json_cache[key] = values
        return json_cache[key]

    rows: list[tuple[Any, ...]] = []
    for client_id, at, template in batch:
        values = prepared(template)
        created = at + timedelta(hours=2)
        row: list[Any] = []
        for f in fields:
            if f.attname == "client_id":
                row.append(client_id)
            elif f.attname == "session_at":
                row.append(adapt_dt(at))
            elif f.attname == "created_at":
                row.append(adapt_dt(created))
            else:
                row.append(values[f.attname])
        rows.append(tuple(row))

    table = connection.ops.quote_name(model._meta.db_table)
    column_sql = ", ".join(connection.ops.quote_name(c) for c in columns)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({column_sql}) FROM STDIN") as copy:
                for values_row in rows:
                    copy.write_row(values_row)
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            cursor.executemany(
                f"INSERT INTO {table} ({column_sql}) VALUES ({placeholders})",  # noqa: S608
                rows,
            )


# ---------------------------------------------------------------- HTTP measurement


class _Forms(HTMLParser):
    """Collect the forms of a page: action, method and their fields in document order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, Any]] = []
        self._select: dict[str, Any] | None = None
        self._textarea: dict[str, Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self.forms.append(
                {"action": a.get("action", ""), "method": a.get("method", "get"), "fields": []}
            )
            return
        if not self.forms:
            return
        fields = self.forms[-1]["fields"]
        if tag == "input" and a.get("name"):
            fields.append(
                {
                    "tag": "input",
                    "type": a.get("type", "text").lower(),
                    "name": a["name"],
                    "value": a.get("value", "on" if a.get("type") in ("checkbox", "radio") else ""),
                    "checked": "checked" in a,
                }
            )
        elif tag == "select" and a.get("name"):
            self._select = {"tag": "select", "name": a["name"], "options": [], "value": None}
            self._select["multiple"] = "multiple" in a
            fields.append(self._select)
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            self._select["options"].append(value)
            if "selected" in a or self._select["value"] is None:
                self._select["value"] = value
        elif tag == "textarea" and a.get("name"):
            self._textarea = {"tag": "textarea", "name": a["name"], "value": ""}
            fields.append(self._textarea)

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea["value"] += data


def checkin_payload(html: str, now: datetime) -> list[tuple[str, str]]:
    """Fill the check-in form found in ``html`` the way a practitioner would.

    Starts from the form's own defaults (so fields added later still post), then sets a
    realistic steady session: choices offered, signals noticed, a short note.
    """
    parser = _Forms()
    parser.feed(html)
    candidates = [f for f in parser.forms if f["method"].lower() == "post"]
    if not candidates:
        raise RuntimeError("The check-in page has no POST form.")
    form = max(candidates, key=lambda f: len(f["fields"]))
    fields: list[dict[str, Any]] = form["fields"]

    def kind(name: str) -> str | None:
        for f in fields:
            if f["name"] == name:
                return str(f.get("type", f["tag"]))
        return None

    def choose(name: str, value: str) -> None:
        # Radios and selects: pick value if offered. Checkbox groups: tick it.
        for f in fields:
            if f["name"] != name:
                continue
            if f["tag"] == "select" and value in f["options"]:
                f["value"] = value
            elif f.get("type") == "radio":
                f["checked"] = f["value"] == value
            elif f.get("type") == "checkbox" and f["value"] == value:
                f["checked"] = True

    def tick(name: str, on: bool) -> None:
        for f in fields:
            if f["name"] == name and f.get("type") == "checkbox":
                f["checked"] = on

    def fill(name: str, value: str) -> None:
        for f in fields:
            if f["name"] == name and f.get("type") not in ("checkbox", "radio", "hidden"):
                f["value"] = value

    session_type = kind("session_at")
    if session_type == "date":
        fill("session_at", now.strftime("%Y-%m-%d"))
    else:
        fill("session_at", now.strftime("%Y-%m-%dT%H:%M"))
    choose("choices_offered", "yes")
    fill("choices_count", "2")
    tick("client_signals_noticed", True)
    fill("client_signals", SIGNALS[0])
    choose("indicators", "clear_guidance")
    choose("indicators", "consent_checked")
    fill("note", "Agreed the focus together at the start.")

    payload: list[tuple[str, str]] = []
    for f in fields:
        if f["tag"] == "select":
            if f["value"] is not None:
                payload.append((f["name"], f["value"]))
        elif f["tag"] == "textarea":
            payload.append((f["name"], f["value"]))
        elif f["type"] in ("checkbox", "radio"):
            if f["checked"]:
                payload.append((f["name"], f["value"]))
        elif f["type"] not in ("submit", "button", "image", "reset", "file"):
            payload.append((f["name"], f["value"]))
    # Every save lands in the same minute; each stands for a session of its own, so the
    # same-time question is answered as a practitioner who meant it would.
    if all(name != "same_time_ok" for name, _ in payload):
        payload.append(("same_time_ok", "on"))
    return payload


@dataclass
class HttpSession:
    """A logged-in browser's worth of HTTP: cookies and the server's address."""

    host: str
    port: int
    cookies: dict[str, str]

    def request(
        self, method: str, path: str, body: bytes | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        headers = {
            "Host": f"{self.host}:{self.port}",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            "User-Agent": "fulcrum-bench",
        }
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = HTTPConnection(self.host, self.port, timeout=60)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    cookie_name, _, rest = value.partition("=")
                    self.cookies[cookie_name.strip()] = rest.split(";", 1)[0]
            return response.status, dict(response.getheaders()), data
        finally:
            conn.close()


def _percentile(samples: Sequence[float], q: float) -> float:
    ordered = sorted(samples)
    if len(ordered) == 1:
        return ordered[0]
    return statistics.quantiles(ordered, n=100, method="inclusive")[round(q) - 1]


def _start_server() -> tuple[Any, threading.Thread, int]:
    from django.core.servers.basehttp import WSGIRequestHandler, WSGIServer

    from fulcrum.wsgi import application

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return None

    # One server thread, like one synchronous worker process: requests arrive one at a
    # time and the database connection persists between them as CONN_MAX_AGE allows.
    server = WSGIServer(("127.0.0.1", 0), QuietHandler, allow_reuse_address=True)
    server.set_app(application)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2})
    thread.daemon = True
    thread.start()
    return server, thread, server.server_address[1]


def _install_urlconf() -> None:
    """Serve Fulcrum's URLs plus the floor view, from a bench-only URLconf."""
    from django.conf import settings
    from django.http import HttpRequest, HttpResponse
    from django.urls import clear_url_caches, include, path

    def floor(request: HttpRequest) -> HttpResponse:
        return HttpResponse(b"ok", content_type="text/plain")

    module = ModuleType("fulcrum_bench_web_urls")
    module.urlpatterns = [  # type: ignore[attr-defined]
        path(FLOOR_PATH, floor, name="bench_floor"),
        path("", include("fulcrum.urls")),
    ]
    sys.modules[module.__name__] = module
    settings.ROOT_URLCONF = module.__name__
    clear_url_caches()


def _login_cookie(user: User) -> dict[str, str]:
    from django.conf import settings
    from django.test import Client as TestClient

    browser = TestClient()
    browser.force_login(user)
    return {settings.SESSION_COOKIE_NAME: browser.cookies[settings.SESSION_COOKIE_NAME].value}


def measure(seeded: Seeded, requests: int) -> dict[str, Any]:
    """Time each endpoint over HTTP, interleaved, after a warm-up; return percentiles."""
    from django.urls import reverse

    from fulcrum.accounts.models import User
    from fulcrum.checkins.models import CheckIn

    user = User.objects.get(pk=seeded.practitioner_id)
    supervisor = User.objects.get(pk=seeded.supervisor_id)
    server, thread, port = _start_server()
    try:
        http = HttpSession("127.0.0.1", port, _login_cookie(user))
        supervising = HttpSession("127.0.0.1", port, _login_cookie(supervisor))
        home_path = reverse("supervisor_home")
        form_path = reverse("checkin_create", args=[seeded.measured_client_id])
        client_path = reverse("client_detail", args=[seeded.measured_client_id])
        caseload_path = reverse("dashboard")
        status, _, body = http.request("GET", form_path)
        if status != 200:
            raise RuntimeError(f"GET {form_path} answered {status}, expected 200.")
        payload = checkin_payload(body.decode(), datetime.now(UTC) - timedelta(hours=1))
        encoded = urlencode(payload).encode()

        def save() -> None:
            status, _, page = http.request("POST", form_path, encoded)
            if status not in (302, 303):
                raise RuntimeError(
                    f"Saving a check-in answered {status}, expected a redirect; the form "
                    f"probably rejected the bench's payload: {_form_errors(page)}"
                )

        def get(path: str, session: HttpSession = http) -> Callable[[], None]:
            def run() -> None:
                status, _, _ = session.request("GET", path)
                if status != 200:
                    raise RuntimeError(f"GET {path} answered {status}, expected 200.")

            return run

        calls = {
            "save": save,
            "client_page": get(client_path),
            "caseload": get(caseload_path),
            "supervisor_home": get(home_path, supervising),
            "floor": get("/" + FLOOR_PATH),
        }
        before = CheckIn.objects.filter(client_id=seeded.measured_client_id).count()
        for _ in range(WARMUP_ROUNDS):
            for call in calls.values():
                call()
        samples: dict[str, list[float]] = {name: [] for name in calls}
        for _ in range(requests):
            for name, call in calls.items():
                t0 = time.perf_counter()
                call()
                samples[name].append((time.perf_counter() - t0) * 1000)
        after = CheckIn.objects.filter(client_id=seeded.measured_client_id).count()
        if after - before != WARMUP_ROUNDS + requests:
            raise RuntimeError(
                f"Expected {WARMUP_ROUNDS + requests} saved check-ins, found {after - before}."
            )
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
    figures: dict[str, Any] = {}
    for name, values in samples.items():
        figures[f"{name}_p50_ms"] = round(statistics.median(values), 2)
        figures[f"{name}_p95_ms"] = round(_percentile(values, 95), 2)
        figures[f"{name}_max_ms"] = round(max(values), 2)
    figures["_payload"] = payload
    figures["_paths"] = {
        "save": form_path,
        "client_page": client_path,
        "caseload": caseload_path,
        "supervisor_home": home_path,
        "floor": "/" + FLOOR_PATH,
    }
    return figures


def _form_errors(page: bytes) -> str:
    text = page.decode(errors="replace")
    marker = text.find("errorlist")
    return text[max(0, marker - 200) : marker + 400] if marker >= 0 else text[:400]


def diagnose(
    seeded: Seeded, paths: dict[str, str], payload: list[tuple[str, str]]
) -> dict[str, Any]:
    """Count each view's queries in-process and explain the slowest of each."""
    from django.db import connection
    from django.test import Client as TestClient
    from django.test.utils import CaptureQueriesContext

    from fulcrum.accounts.models import User

    browser = TestClient()
    browser.force_login(User.objects.get(pk=seeded.practitioner_id))
    supervising = TestClient()
    supervising.force_login(User.objects.get(pk=seeded.supervisor_id))
    data: dict[str, list[str]] = {}
    for key, value in payload:
        if key != "csrfmiddlewaretoken":
            data.setdefault(key, []).append(value)
    counts: dict[str, int] = {}
    slowest: dict[str, dict[str, Any]] = {}
    for name, path in paths.items():
        with CaptureQueriesContext(connection) as ctx:
            if name == "save":
                browser.post(path, data)
            elif name == "supervisor_home":
                supervising.get(path)
            else:
                browser.get(path)
        queries = [
            q for q in ctx.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))
        ]
        counts[name] = len(queries)
        if queries:
            top = max(queries, key=lambda q: float(q["time"]))
            slowest[name] = {"ms": round(float(top["time"]) * 1000, 2), "sql": top["sql"][:300]}
            err.print(
                f"[bold]{name}[/bold]: {len(queries)} queries; slowest "
                f"{slowest[name]['ms']} ms:\n  {top['sql'][:600]}",
                highlight=False,
            )
            plan = _explain(connection, top["sql"])
            if plan:
                err.print("  plan: " + plan.replace("\n", "\n        "), highlight=False)
    return {"queries": counts, "slowest_query": slowest}


def _explain(connection: Any, sql: str) -> str:
    if not sql.lstrip().upper().startswith("SELECT"):
        return ""
    prefix = (
        "EXPLAIN (ANALYZE, BUFFERS) "
        if connection.vendor == "postgresql"
        else "EXPLAIN QUERY PLAN "
    )
    try:
        with connection.cursor() as cursor:
            cursor.execute(prefix + sql)
            rows = cursor.fetchall()
    except Exception as exc:  # an interpolated query may not re-parse; the plan is a bonus
        return f"(could not explain: {exc})"
    return "\n".join(" ".join(str(c) for c in row) for row in rows)


def worker(argv: Sequence[str]) -> None:
    """Seed and measure one database; print one JSON line on stdout."""
    parser = argparse.ArgumentParser(prog="python -m fulcrum.bench.web")
    parser.add_argument("--worker", action="store_true", required=True)
    parser.add_argument("--database", choices=DATABASES, required=True)
    parser.add_argument("--checkins", type=int, required=True)
    parser.add_argument("--requests", type=int, required=True)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fulcrum.settings")
    import django
    from django.conf import settings

    # Seeded accounts never log in with a password, so the slow default hasher would
    # only cost seeding time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    expected = "postgresql" if args.database == "postgresql" else "sqlite"
    if connection.vendor != expected:
        raise SystemExit(f"Configured for {connection.vendor}, asked for {expected}.")
    err.rule(f"{args.database}: {args.checkins:,} check-ins")
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False, skip_checks=True)
    migrate_seconds = time.perf_counter() - t0

    rng = random.Random(args.seed)
    now = datetime.now(UTC)
    layout = plan_layout(args.checkins)
    seeded = seed(layout, rng, now)
    _install_urlconf()
    err.print(f"Seeded in {seeded.seconds:.1f} s; measuring {args.requests} requests per endpoint…")
    figures = measure(seeded, args.requests)
    payload, paths = figures.pop("_payload"), figures.pop("_paths")
    diagnostics = diagnose(seeded, paths, payload)
    result: dict[str, Any] = {
        "database": args.database,
        "n_checkins": seeded.n_checkins,
        "n_practitioners": layout.practitioners,
        "n_clients": layout.clients,
        "seed_seconds": round(seeded.seconds, 1),
        "migrate_seconds": round(migrate_seconds, 1),
        "requests": args.requests,
        **figures,
        **diagnostics,
        "notes": seeded.notes,
        "targets_met": {
            name: figures[f"{name}_p95_ms"] < target for name, target in TARGETS_MS.items()
        },
    }
    connection.close()
    print(json.dumps(result, sort_keys=True), flush=True)


if __name__ == "__main__":
    worker(sys.argv[1:])
