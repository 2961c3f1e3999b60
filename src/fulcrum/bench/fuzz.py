"""``fulcrum bench fuzz``: schemathesis over the API's OpenAPI, against ``fulcrum serve``.

A fresh database gets one practitioner with a client and an API token; the real server
is started on it, and schemathesis (the ``bench`` extra) runs every phase it has,
stateful included, with the token, checking for server errors and for status codes the
OpenAPI does not document. The last line printed is one JSON object.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import typer
from rich.console import Console

from fulcrum.bench.serving import DATABASES, run_helper, start_server, throwaway_database

PHASES = "examples,coverage,fuzzing,stateful"
CHECKS = "not_a_server_error,status_code_conformance"
err = Console(stderr=True)


def register(bench_app: typer.Typer) -> None:
    """Add ``fuzz`` to ``fulcrum bench``."""
    bench_app.command("fuzz")(fuzz)


def _schemathesis() -> str:
    from fulcrum.bench import BenchError

    found = shutil.which("st", path=str(Path(sys.executable).parent)) or shutil.which("st")
    if not found:
        raise BenchError(
            "schemathesis is not installed; install the bench extra: pip install -e '.[bench]'."
        )
    return found


def fuzz(
    examples: int = typer.Option(
        100, "--examples", min=1, max=100_000, help="Cases per operation and phase."
    ),
    database: str = typer.Option("sqlite", "--database", help="sqlite or postgresql."),
    seed: int = typer.Option(7, "--seed", help="Seed for schemathesis."),
) -> None:
    """Fuzz the API from its OpenAPI with schemathesis; count server errors."""
    from fulcrum.bench import BenchError

    if database not in DATABASES:
        raise BenchError(f"Unknown database {database!r}; choose from {', '.join(DATABASES)}.")
    st = _schemathesis()
    with throwaway_database(database, "fuzz") as env:
        token = run_helper("fulcrum.bench.fuzz", ["--prepare"], env)["token"]
        server = start_server(env, workers=2)
        report = Path(env["FULCRUM_DATA_DIR"]).parent / "fuzz-report.json"
        try:
            proc = subprocess.run(
                [
                    st,
                    "run",
                    f"http://127.0.0.1:{server.port}/api/openapi.json",
                    "-H",
                    f"Authorization: Bearer {token}",
                    "-H",
                    "X-Forwarded-Proto: https",
                    "--phases",
                    PHASES,
                    "--checks",
                    CHECKS,
                    "--max-examples",
                    str(examples),
                    "--seed",
                    str(seed),
                    "--continue-on-failure",
                    "--report",
                    "ndjson",
                    "--report-ndjson-path",
                    str(report),
                ],
                env={**os.environ, "NO_COLOR": "1"},
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                check=False,
            )
        finally:
            server.stop()
        result = summarise_events(report.read_text() if report.exists() else "")
    tail = "\n".join(proc.stdout.splitlines()[-25:])
    Console().print(tail, highlight=False, markup=False)
    result.update(database=database, examples_per_operation=examples, exit=proc.returncode)
    Console().print(
        f"{database}: {result['cases']} cases; {result['server_errors']} server errors; "
        f"{result['undocumented_status']} undocumented status codes.",
        highlight=False,
    )
    if proc.returncode != 0 and not result["failing_checks"]:
        # schemathesis found something this summary did not read: trust its exit code.
        Console().print("schemathesis reported problems; see its summary above.")
    print(json.dumps(result, sort_keys=True), flush=True)


def summarise_events(ndjson: str) -> dict[str, Any]:
    """Count cases and failing checks in schemathesis's NDJSON event stream."""
    cases = 0
    failures: dict[str, int] = {}
    for line in ndjson.splitlines():
        try:
            event = json.loads(line)
        except ValueError:
            continue
        for name, body in event.items() if isinstance(event, dict) else ():
            if name != "ScenarioFinished" or not isinstance(body, dict):
                continue
            recorder = body.get("recorder") or {}
            cases += len(recorder.get("cases") or {})
            for checks in (recorder.get("checks") or {}).values():
                for check in checks:
                    if check.get("status") in ("FAILURE", "failure"):
                        failures[check["name"]] = failures.get(check["name"], 0) + 1
    return {
        "cases": cases,
        "server_errors": failures.get("not_a_server_error", 0),
        "undocumented_status": failures.get("status_code_conformance", 0),
        "failing_checks": failures,
    }


def prepare() -> dict[str, str]:
    """Migrate; make one practitioner with a client and an API token."""
    from django.core.management import call_command

    from fulcrum.accounts.models import Role, User
    from fulcrum.accounts.roles import grant
    from fulcrum.accounts.services import issue_api_token
    from fulcrum.clients.services import create_client
    from fulcrum.kernel.keys import ensure_data_key

    ensure_data_key()
    call_command("migrate", verbosity=0, interactive=False)
    now = datetime.now(UTC)
    user = User.objects.create_user(username="fuzz")
    grant(user, [Role.PRACTITIONER])  # the API's workspace is a practitioner's
    create_client(user, code="C-001", started_on=now.date(), now=now)
    return {"token": issue_api_token(user, name="fuzz", now=now).raw}


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fulcrum.settings")
    import django

    django.setup()
    print(json.dumps(prepare()), flush=True)
