"""``fulcrum bench load``: many practitioners at once against ``fulcrum serve``.

For each database the command seeds a fresh one (practitioners with a password, twenty
clients each with a history of check-ins), starts the real production server on it
(gunicorn, ``fulcrum serve``), and then:

1. **sign-in burst**: ``--burst`` practitioners post correct passwords at the same
   moment from one address (the office's); every one must be signed in;
2. **load**: ``--users`` simulated practitioners for ``--seconds`` seconds, each signing
   in once, then opening the caseload, opening a client's page or saving a check-in
   through the form, with a think time of 0.5 to 1.5 s between actions. They arrive
   ``--spawn-rate`` a second (as a load test ramps its users in; the ramp is part of the
   ``--seconds``); ``--spawn-rate 0`` starts them all within the first 1.5 s, which
   measures a crowd signing in at once rather than a working day (the burst above is the
   check of that).

It prints p50/p95 per action, error counts, the machine's load average beside them, and
whether the p95 target holds; the last line is one JSON object keyed by database. The
client is a small threaded one (decision 0019).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import typer
from rich.console import Console
from rich.table import Table

from fulcrum.bench.serving import (
    Browser,
    chosen_databases,
    run_helper,
    start_server,
    throwaway_database,
    unavailable,
)

TARGET_P95_MS = 250.0
# Every request is its own type: a form's page and its post are timed apart, since the
# target is per request, and the page a sign-in or a save starts from is a plain read.
ACTIONS = ("sign_in_page", "sign_in", "caseload", "client_page", "checkin_form", "save")
LABELS = {
    "sign_in_page": "sign-in page",
    "sign_in": "sign in (post)",
    "caseload": "caseload",
    "client_page": "client page",
    "checkin_form": "check-in form",
    "save": "save a check-in (post)",
}
# How often each action is chosen after signing in: pages are read more than written.
MIX: tuple[tuple[str, int], ...] = (("caseload", 3), ("client_page", 4), ("save", 3))
# A throwaway database's, never a practice's.
PASSWORD = "load-bench correct horse 7"  # noqa: S105
CLIENTS_PER_USER = 20
# Five practitioners a second: fifty are all in within the first ten seconds. Arrivals are
# what a practice's morning looks like; a crowd at the same instant is the burst check.
DEFAULT_SPAWN_RATE = 5.0

err = Console(stderr=True)


def register(bench_app: typer.Typer) -> None:
    """Add ``load`` to ``fulcrum bench``."""
    bench_app.command("load")(load)


def load(
    users: int = typer.Option(50, "--users", min=1, max=500, help="Simulated practitioners."),
    seconds: float = typer.Option(60, "--seconds", min=1, max=3600, help="Length of the load."),
    burst: int = typer.Option(
        30, "--burst", min=0, max=500, help="Simultaneous correct sign-ins before the load."
    ),
    history: int = typer.Option(
        20, "--history", min=0, max=1000, help="Check-ins already kept for each client."
    ),
    databases: str = typer.Option(
        "sqlite,postgresql", "--databases", help="Comma-separated: sqlite, postgresql."
    ),
    workers: int = typer.Option(0, "--workers", min=0, max=64, help="Server workers (0: serve's)."),
    seed: int = typer.Option(7, "--seed", help="Seed for the records and the simulated choices."),
    spawn_rate: float = typer.Option(
        DEFAULT_SPAWN_RATE,
        "--spawn-rate",
        min=0,
        max=1000,
        help="Practitioners arriving per second (0: all within the first 1.5 s).",
    ),
) -> None:
    """Simulate many practitioners against `fulcrum serve`; print p50/p95 per action.

    The last line printed is one JSON object keyed by database.
    """
    wanted = chosen_databases(databases)
    people = max(users, burst)
    results: dict[str, dict[str, Any]] = {}
    for database in wanted:
        reason = unavailable(database)
        if reason:
            err.print(f"[yellow]Skipping PostgreSQL:[/yellow] {reason}")
            results[database] = {"skipped": reason}
            continue
        with throwaway_database(database, "load") as env:
            err.rule(f"{database}: {people} practitioners, {history} check-ins per client")
            seeded = run_helper(
                "fulcrum.bench.load",
                ["--prepare", "--users", str(people), "--history", str(history)],
                env,
            )
            server = start_server(env, workers=workers or None)
            try:
                rng = random.Random(seed)
                burst_result = sign_in_burst(server.port, seeded["users"][:burst])
                err.print(
                    f"Sign-in burst: {burst_result['signed_in']} of {burst} signed in, "
                    f"{burst_result['refused']} refused."
                )
                load_avg_before = os.getloadavg()
                figures = run_load(
                    server.port, seeded["users"][:users], seconds, rng, spawn_rate=spawn_rate
                )
                load_avg_after = os.getloadavg()
            finally:
                server.stop()
        results[database] = {
            "users": users,
            "seconds": seconds,
            "history_per_client": history,
            "spawn_rate": spawn_rate,
            "burst": burst_result,
            **figures,
            "load_average_before": [round(x, 2) for x in load_avg_before],
            "load_average_after": [round(x, 2) for x in load_avg_after],
            "cpus": os.cpu_count(),
        }
    Console().print(_table(results))
    for database, result in results.items():
        if "skipped" not in result:
            Console().print(_verdict(database, result), highlight=False)
    # Plain print: a Rich console would wrap the line and break the JSON.
    print(json.dumps(results, sort_keys=True), flush=True)


# --------------------------------------------------------------------------- sign-in burst


def sign_in_burst(port: int, accounts: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """All ``accounts`` post a correct password at once; count who got in."""
    if not accounts:
        return {"attempts": 0, "signed_in": 0, "refused": 0, "other": 0, "all_signed_in": True}
    barrier = threading.Barrier(len(accounts))
    statuses: list[int] = []
    lock = threading.Lock()

    def one(account: dict[str, Any]) -> None:
        browser = Browser(port)
        try:
            token = browser.open_sign_in()
            barrier.wait(timeout=120)
            status = browser.sign_in(token, account["username"], PASSWORD)
        except Exception:
            status = 0
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=one, args=(a,)) for a in accounts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    signed_in = statuses.count(302)
    refused = statuses.count(429)
    return {
        "attempts": len(accounts),
        "signed_in": signed_in,
        "refused": refused,
        "other": len(statuses) - signed_in - refused,
        "all_signed_in": signed_in == len(accounts),
    }


# --------------------------------------------------------------------------- load


@dataclass
class Samples:
    """Timings and failures per action, shared by the simulated practitioners."""

    times: dict[str, list[float]] = field(default_factory=lambda: {a: [] for a in ACTIONS})
    errors: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ACTIONS, 0))
    first_error: dict[str, str] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, action: str, ms: float, problem: str | None) -> None:
        with self.lock:
            if problem is None:
                self.times[action].append(ms)
            else:
                self.errors[action] += 1
                self.first_error.setdefault(action, problem)


def _timed(samples: Samples, action: str, call: Any, *args: Any) -> Any:
    start = time.perf_counter()
    try:
        outcome = call(*args)
        problem = None
    except Exception as exc:
        outcome, problem = None, f"{type(exc).__name__}: {exc}"[:300]
    samples.add(action, (time.perf_counter() - start) * 1000, problem)
    return outcome


def practitioner(
    port: int,
    account: dict[str, Any],
    deadline: float,
    rng: random.Random,
    samples: Samples,
    arrival: float = 0.0,
) -> None:
    """One simulated practitioner: arrive, sign in, then act and think until ``deadline``.

    ``arrival`` is the seconds after the start this one comes in (the ramp).
    """
    from fulcrum.bench.web import checkin_payload

    browser = Browser(port)
    time.sleep(arrival + rng.uniform(0, 1.5))  # nobody arrives on the exact millisecond
    if time.monotonic() >= deadline:
        return

    def sign_in(token: str) -> bool:
        status = browser.sign_in(token, account["username"], PASSWORD)
        if status != 302:
            raise RuntimeError(f"sign-in answered {status}")
        return True

    def get(path: str) -> bytes:
        status, _, page = browser.request("GET", path)
        if status != 200:
            raise RuntimeError(f"GET {path} answered {status}")
        return page

    def post(path: str, body: bytes) -> None:
        status, _, _ = browser.request("POST", path, body)
        if status not in (302, 303):
            raise RuntimeError(f"saving a check-in answered {status}")

    token = _timed(samples, "sign_in_page", browser.open_sign_in)
    if token is None or not _timed(samples, "sign_in", sign_in, token):
        return  # without a sign-in the rest would only count the same failure again
    actions = [name for name, _ in MIX]
    weights = [weight for _, weight in MIX]
    while time.monotonic() < deadline:
        time.sleep(rng.uniform(0.5, 1.5))
        if time.monotonic() >= deadline:
            break
        action = rng.choices(actions, weights=weights)[0]
        if action == "caseload":
            _timed(samples, action, lambda: get(account["caseload"]))
        elif action == "client_page":
            _timed(samples, action, lambda: get(rng.choice(account["clients"])["page"]))
        else:
            form = rng.choice(account["clients"])["form"]
            page = _timed(samples, "checkin_form", get, form)
            if page is not None:
                # Filling the form in is the person's time, not the server's: the
                # payload is read from the page before the save's clock starts.
                when = datetime.now(UTC) - timedelta(minutes=rng.randint(5, 600))
                body = urlencode(checkin_payload(page.decode(), when)).encode()
                time.sleep(rng.uniform(0.5, 1.5))
                _timed(samples, "save", post, form, body)


def arrivals(count: int, spawn_rate: float) -> list[float]:
    """When each of ``count`` practitioners arrives, in seconds: ``spawn_rate`` a second."""
    if spawn_rate <= 0:
        return [0.0] * count
    return [i / spawn_rate for i in range(count)]


def run_load(
    port: int,
    accounts: Sequence[dict[str, Any]],
    seconds: float,
    rng: random.Random,
    *,
    spawn_rate: float = DEFAULT_SPAWN_RATE,
) -> dict[str, Any]:
    """Run one thread per account for ``seconds``; return percentiles and errors."""
    samples = Samples()
    deadline = time.monotonic() + seconds
    threads = [
        threading.Thread(
            target=practitioner,
            args=(port, account, deadline, random.Random(rng.random()), samples, arrival),
            daemon=True,
        )
        for account, arrival in zip(accounts, arrivals(len(accounts), spawn_rate), strict=True)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 180)
    return summarise(samples, time.perf_counter() - started)


def percentile(values: Sequence[float], q: int) -> float:
    """The ``q``-th percentile (inclusive method); the value itself for one sample."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    return statistics.quantiles(ordered, n=100, method="inclusive")[q - 1]


def summarise(samples: Samples, wall: float) -> dict[str, Any]:
    """Percentiles, counts and errors per action, and whether the p95 target holds."""
    figures: dict[str, Any] = {"wall_seconds": round(wall, 1)}
    met = True
    for action in ACTIONS:
        values = samples.times[action]
        figures[f"{action}_count"] = len(values)
        figures[f"{action}_errors"] = samples.errors[action]
        if values:
            p95 = percentile(values, 95)
            figures[f"{action}_p50_ms"] = round(statistics.median(values), 1)
            figures[f"{action}_p95_ms"] = round(p95, 1)
            met = met and p95 <= TARGET_P95_MS
    figures["errors"] = sum(samples.errors.values())
    figures["first_errors"] = samples.first_error
    figures["target_p95_ms"] = TARGET_P95_MS
    figures["target_met"] = met and figures["errors"] == 0
    return figures


def _table(results: dict[str, dict[str, Any]]) -> Table:
    table = Table(title="Fulcrum under load: `fulcrum serve` on 127.0.0.1 (ms)")
    table.add_column("action")
    for database, result in results.items():
        suffix = "(skipped)" if "skipped" in result else "p50 / p95 (n, errors)"
        table.add_column(f"{database}\n{suffix}", justify="right")
    for action in ACTIONS:
        row = [LABELS[action]]
        for result in results.values():
            if "skipped" in result or f"{action}_p95_ms" not in result:
                row.append("-")
                continue
            p95 = result[f"{action}_p95_ms"]
            mark = "[green]ok[/green]" if p95 <= TARGET_P95_MS else "[red]over[/red]"
            row.append(
                f"{result[f'{action}_p50_ms']:.0f} / {p95:.0f} {mark} "
                f"({result[f'{action}_count']}, {result[f'{action}_errors']})"
            )
        table.add_row(*row)
    return table


def _verdict(database: str, result: dict[str, Any]) -> str:
    burst = result["burst"]
    load = ", ".join(f"{x:.2f}" for x in result["load_average_after"])
    return (
        f"{database}: p95 target ≤ {TARGET_P95_MS:.0f} ms for every action "
        f"{'met' if result['target_met'] else 'NOT met'}; {result['errors']} errors; "
        f"sign-in burst {burst['signed_in']}/{burst['attempts']} signed in; "
        f"load average after {load} on {result['cpus']} CPUs."
    )


# --------------------------------------------------------------------------- helper


def prepare(users: int, history: int) -> dict[str, Any]:
    """Migrate and seed a fresh database; return each practitioner's name and paths."""
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.urls import reverse

    from fulcrum.accounts.models import User
    from fulcrum.bench.web import Layout, seed
    from fulcrum.clients.models import Client
    from fulcrum.kernel.keys import ensure_data_key

    ensure_data_key()
    call_command("migrate", verbosity=0, interactive=False)
    now = datetime.now(UTC)
    layout = Layout(users, CLIENTS_PER_USER, (history,) * (users * CLIENTS_PER_USER))
    seed(layout, random.Random(7), now)
    # One real hash, made with the production hasher: sign-ins cost what they will.
    User.objects.filter(username__startswith="bench-").update(password=make_password(PASSWORD))
    accounts = []
    for user in User.objects.filter(username__startswith="bench-").order_by("username"):
        ids = Client.objects.filter(owner=user).order_by("code").values_list("pk", flat=True)
        if not ids:
            continue  # the supervisor's-home accounts hold no clients of their own
        accounts.append(
            {
                "username": user.username,
                "caseload": reverse("dashboard"),
                "clients": [
                    {
                        "page": reverse("client_detail", args=[pk]),
                        "form": reverse("checkin_create", args=[pk]),
                    }
                    for pk in ids
                ],
            }
        )
    return {"users": accounts}


def helper(argv: Sequence[str]) -> None:
    """``python -m fulcrum.bench.load --prepare``: seed, print one JSON line."""
    parser = argparse.ArgumentParser(prog="python -m fulcrum.bench.load")
    parser.add_argument("--prepare", action="store_true", required=True)
    parser.add_argument("--users", type=int, required=True)
    parser.add_argument("--history", type=int, required=True)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fulcrum.settings")
    import django

    django.setup()
    print(json.dumps(prepare(args.users, args.history)), flush=True)


if __name__ == "__main__":
    helper(sys.argv[1:])
