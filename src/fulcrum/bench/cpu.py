"""``fulcrum bench cpu``: the processor time and queries each request of the load costs.

Under load the server and its clients share the machine's cores, so what decides the
tails is the processor time one request takes, not how fast one request answers on an
idle machine. This bench seeds a database the way ``fulcrum bench load`` does (twenty
clients with their check-ins per practitioner), runs with production settings
(``fulcrum serve``'s: static files collected, transport protections on), and sends each
of the load's requests in-process through the whole middleware stack, measuring
``time.process_time`` (this process's CPU, not the wall clock of a shared machine) and
counting queries. It prints the median and the 90th percentile per request; the last
line is one JSON object keyed by database.

The database's own processor time is not in the figure on PostgreSQL (another process);
on SQLite it is.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from fulcrum.bench.load import ACTIONS, LABELS, PASSWORD
from fulcrum.bench.serving import (
    chosen_databases,
    run_helper,
    throwaway_database,
    unavailable,
)

err = Console(stderr=True)
WARMUP_ROUNDS = 3
# Practitioners seeded: one is measured, the others make the caseload tables realistic.
PRACTITIONERS = 4


def register(bench_app: typer.Typer) -> None:
    """Add ``cpu`` to ``fulcrum bench``."""
    bench_app.command("cpu")(cpu)


def cpu(
    requests: int = typer.Option(
        30, "--requests", min=3, max=2000, help="Measured requests of each kind."
    ),
    history: int = typer.Option(
        20, "--history", min=0, max=1000, help="Check-ins already kept for each client."
    ),
    databases: str = typer.Option(
        "sqlite,postgresql", "--databases", help="Comma-separated: sqlite, postgresql."
    ),
    seed: int = typer.Option(7, "--seed", help="Seed for the records and the choices."),
    profile: str = typer.Option(
        "",
        "--profile",
        help="Also print a pyinstrument profile of this request (dev extra), e.g. save.",
    ),
) -> None:
    """Processor time and queries per request of `fulcrum bench load`, in-process.

    The last line printed is one JSON object keyed by database.
    """
    wanted = chosen_databases(databases)
    results: dict[str, dict[str, Any]] = {}
    for database in wanted:
        reason = unavailable(database)
        if reason:
            err.print(f"[yellow]Skipping PostgreSQL:[/yellow] {reason}")
            results[database] = {"skipped": reason}
            continue
        with throwaway_database(database, "cpu") as env:
            err.rule(f"{database}: {requests} requests of each kind, {history} check-ins each")
            env = {**env, "FULCRUM_PRODUCTION": "true"}
            result = run_helper(
                "fulcrum.bench.cpu",
                [
                    "--measure",
                    "--requests",
                    str(requests),
                    "--history",
                    str(history),
                    "--seed",
                    str(seed),
                    "--profile",
                    profile,
                ],
                env,
            )
        result["load_average"] = [round(x, 2) for x in os.getloadavg()]
        results[database] = result
    Console().print(_table(results))
    # Plain print: a Rich console would wrap the line and break the JSON.
    print(json.dumps(results, sort_keys=True), flush=True)


def _table(results: dict[str, dict[str, Any]]) -> Table:
    table = Table(title="Processor time per request, in-process (ms; queries)")
    table.add_column("request")
    for database, result in results.items():
        suffix = "(skipped)" if "skipped" in result else "CPU p50 / p90 (queries)"
        table.add_column(f"{database}\n{suffix}", justify="right")
    for action in ACTIONS:
        row = [LABELS[action]]
        for result in results.values():
            if "skipped" in result:
                row.append("-")
                continue
            row.append(
                f"{result[f'{action}_cpu_p50_ms']:.1f} / {result[f'{action}_cpu_p90_ms']:.1f} "
                f"({result[f'{action}_queries']})"
            )
        table.add_row(*row)
    return table


# --------------------------------------------------------------------------- helper


def measure(requests: int, history: int, seed: int, profile: str = "") -> dict[str, Any]:
    """Seed like the load bench, then time each of its requests in-process."""
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client as TestClient
    from django.test.utils import CaptureQueriesContext

    from fulcrum.bench.load import prepare
    from fulcrum.bench.web import checkin_payload

    call_command("collectstatic", interactive=False, verbosity=0)
    accounts = prepare(PRACTITIONERS, history)["users"]
    rng = random.Random(seed)
    account = accounts[0]
    # What a practice's TLS proxy sends, as in the load bench's browser.
    headers: dict[str, Any] = {"HTTP_HOST": "127.0.0.1", "HTTP_X_FORWARDED_PROTO": "https"}

    browser = TestClient(**headers)
    # Each sign-in is a new browser: it opens the page, then posts (each timed apart).
    arriving: list[TestClient] = []

    def sign_in_page() -> None:
        newcomer = TestClient(**headers)
        _ok(newcomer.get("/login/", secure=True), 200, "the sign-in page")
        arriving.append(newcomer)

    def sign_in() -> None:
        name = accounts[rng.randrange(len(accounts))]["username"]
        response = arriving.pop().post(
            "/login/", {"username": name, "password": PASSWORD}, secure=True
        )
        _ok(response, 302, "sign-in")

    def caseload() -> None:
        _ok(browser.get(account["caseload"], secure=True), 200, "the caseload")

    def client_page() -> None:
        page = rng.choice(account["clients"])["page"]
        _ok(browser.get(page, secure=True), 200, "a client's page")

    forms: list[tuple[str, bytes]] = []

    def checkin_form() -> None:
        path = rng.choice(account["clients"])["form"]
        response = browser.get(path, secure=True)
        _ok(response, 200, "the check-in form")
        forms.append((path, response.content))

    filled: list[tuple[str, dict[str, list[str]]]] = []

    def fill_in() -> None:
        """The person filling the form in: read the payload from the page (not timed)."""
        path, page = forms.pop()
        when = datetime.now(UTC) - timedelta(minutes=rng.randint(5, 600))
        data: dict[str, list[str]] = {}
        for key, value in checkin_payload(page.decode(), when):
            data.setdefault(key, []).append(value)
        filled.append((path, data))

    def save() -> None:
        path, data = filled.pop()
        response = browser.post(path, data, secure=True)
        if response.status_code not in (302, 303):
            raise RuntimeError(f"Saving a check-in answered {response.status_code}.")

    signed_in = browser.post(
        "/login/", {"username": account["username"], "password": PASSWORD}, secure=True
    )
    _ok(signed_in, 302, "the measured practitioner's sign-in")
    calls: dict[str, Callable[[], None]] = {
        "sign_in_page": sign_in_page,
        "sign_in": sign_in,
        "caseload": caseload,
        "client_page": client_page,
        "checkin_form": checkin_form,
        "save": save,
    }
    for _ in range(WARMUP_ROUNDS):
        for name, call in calls.items():
            if name == "save":
                fill_in()
            call()
    if profile:
        # A post needs the page it is sent from: open those first, outside the profile.
        before = {"save": checkin_form, "sign_in": sign_in_page}.get(profile)
        for _ in range(requests if before else 0):
            before()  # type: ignore[misc]
            if profile == "save":
                fill_in()
        _profile(calls[profile], requests)
    cpu_ms: dict[str, list[float]] = {name: [] for name in calls}
    queries: dict[str, list[int]] = {name: [] for name in calls}
    for _ in range(requests):
        for name, call in calls.items():
            if name == "save":
                fill_in()
            with CaptureQueriesContext(connection) as ctx:
                t0 = time.process_time()
                call()
                spent = time.process_time() - t0
            cpu_ms[name].append(spent * 1000)
            queries[name].append(
                sum(
                    1
                    for q in ctx.captured_queries
                    if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))
                )
            )
    figures: dict[str, Any] = {
        "database": connection.vendor,
        "requests": requests,
        "history_per_client": history,
        "practitioners": len(accounts),
    }
    for name in calls:
        values = cpu_ms[name]
        figures[f"{name}_cpu_p50_ms"] = round(statistics.median(values), 2)
        figures[f"{name}_cpu_p90_ms"] = round(
            statistics.quantiles(values, n=10, method="inclusive")[8], 2
        )
        figures[f"{name}_queries"] = round(statistics.median(queries[name]))
    return figures


def _profile(call: Callable[[], None], requests: int) -> None:
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.0005)
    with profiler:
        for _ in range(requests):
            call()
    err.print(profiler.output_text(unicode=True, show_all=False))


def _ok(response: Any, status: int, what: str) -> None:
    if response.status_code != status:
        raise RuntimeError(f"Opening {what} answered {response.status_code}, expected {status}.")


def helper(argv: Sequence[str]) -> None:
    """``python -m fulcrum.bench.cpu --measure``: seed, measure, print one JSON line."""
    parser = argparse.ArgumentParser(prog="python -m fulcrum.bench.cpu")
    parser.add_argument("--measure", action="store_true", required=True)
    parser.add_argument("--requests", type=int, required=True)
    parser.add_argument("--history", type=int, required=True)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--profile", default="")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fulcrum.settings")
    import django

    django.setup()
    print(json.dumps(measure(args.requests, args.history, args.seed, args.profile)), flush=True)


if __name__ == "__main__":
    helper(sys.argv[1:])
