"""``fulcrum bench transcripts``: a long transcript analysed and shown, and other people's
saves while one at the utterance limit is attached.

In a fresh SQLite database in a temporary folder (a worker process, as ``bench web``
does), this attaches a generated session of ``--turns`` turns and opens its report page
through the web stack, timing both; then, while a session at the utterance limit is
attached, another practitioner keeps saving (a new client each time) and each save is
timed. The last line printed is one JSON object.
"""

from __future__ import annotations

import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import typer

NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


def session(turns: int) -> bytes:
    """A two-speaker session of ``turns`` turns, with a client-power move now and then."""
    lines = []
    for i in range(turns):
        if i % 2 == 0:
            lines.append(f"Dana: What feels most important to look at now, {i}?")
        elif i % 10 == 1:
            lines.append(f"Sam: I pay you three hundred dollars an hour, so I expect more {i}.")
        else:
            lines.append(f"Sam: It has been a long week and I keep thinking about it {i}.")
    return "\n".join(lines).encode()


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18] if len(values) >= 2 else max(values, default=0)


def _worker(turns: int, limit: int | None) -> dict[str, Any]:
    from fulcrum.kernel.setup import setup_django

    setup_django()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client as WebClient

    from fulcrum.accounts.models import Role, User
    from fulcrum.accounts.roles import grant
    from fulcrum.clients.services import create_client
    from fulcrum.core.transcripts.coding.rules import RulesCoder
    from fulcrum.transcripts.services import attach_transcript
    from fulcrum.transcripts.uploads import utterance_limit

    call_command("migrate", verbosity=0, interactive=False)
    alice = User.objects.create_user(username="alice", password=secrets.token_urlsafe(16))
    bob = User.objects.create_user(username="bob", password=secrets.token_urlsafe(16))
    for practitioner in (alice, bob):
        grant(practitioner, [Role.PRACTITIONER])  # transcripts are a practitioner's
    mine = create_client(alice, code="A-1", started_on=date(2026, 1, 5), now=NOW)
    coder = RulesCoder()

    start = time.perf_counter()
    transcript = attach_transcript(
        mine, session(turns), "long.txt", practitioner="Dana", now=NOW, coder=coder
    )
    attached = time.perf_counter() - start
    web = WebClient(HTTP_HOST="127.0.0.1")
    web.force_login(alice)
    start = time.perf_counter()
    page = web.get(f"/clients/{mine.pk}/transcripts/{transcript.pk}/")
    shown = time.perf_counter() - start
    # Once more, warm: the first request in a process also loads templates and keys.
    start = time.perf_counter()
    web.get(f"/clients/{mine.pk}/transcripts/{transcript.pk}/?page=2")
    shown_warm = time.perf_counter() - start
    if page.status_code != 200:
        from fulcrum.bench import BenchError

        raise BenchError(f"The report page answered {page.status_code}.")

    at_limit = limit or utterance_limit()
    saves: list[float] = []
    done = threading.Event()

    def other_practitioner() -> None:
        n = 0
        try:
            while not done.is_set():
                n += 1
                began = time.perf_counter()
                create_client(bob, code=f"B-{n}", started_on=date(2026, 1, 5), now=NOW)
                saves.append((time.perf_counter() - began) * 1000)
                time.sleep(0.02)
        finally:
            connection.close()

    thread = threading.Thread(target=other_practitioner)
    thread.start()
    time.sleep(0.2)
    start = time.perf_counter()
    attach_transcript(
        mine,
        session(at_limit),
        "at-limit.txt",
        practitioner="Dana",
        now=NOW,
        coder=coder,
        max_utterances=at_limit,
    )
    big = time.perf_counter() - start
    done.set()
    thread.join()
    return {
        "turns": turns,
        "attach_s": round(attached, 3),
        "page_s": round(shown, 3),
        "page_warm_s": round(shown_warm, 3),
        "page_bytes": len(page.content),
        "analysed_and_shown_s": round(attached + shown, 3),
        "limit_turns": at_limit,
        "limit_attach_s": round(big, 3),
        "other_saves": len(saves),
        "other_save_p95_ms": round(_p95(saves), 1),
        "other_save_max_ms": round(max(saves, default=0.0), 1),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def register(bench_app: typer.Typer) -> None:
    """Add ``transcripts`` to ``fulcrum bench``."""

    @bench_app.command("transcripts")
    def transcripts(
        turns: int = typer.Option(2000, min=10, max=100_000, help="Turns in the long session."),
        limit: int = typer.Option(
            0, min=0, help="Turns of the session attached during the saves (0: the limit)."
        ),
    ) -> None:
        """Time a long transcript analysed and shown, and other saves meanwhile (SQLite)."""
        from fulcrum.bench import BenchError

        with tempfile.TemporaryDirectory(prefix="fulcrum-bench-") as tmp:
            env = {
                k: v
                for k, v in os.environ.items()
                if not (k.startswith("FULCRUM_DB") or k == "FULCRUM_SQLITE_PATH")
            }
            env.update(
                DJANGO_SETTINGS_MODULE="fulcrum.settings",
                FULCRUM_DATA_DIR=tmp,
                FULCRUM_KEY_DIR=str(Path(tmp) / "keys"),
                FULCRUM_SECRET_KEY=secrets.token_urlsafe(40),
                FULCRUM_DEBUG="0",
                FULCRUM_LOG_LEVEL="ERROR",
                FULCRUM_DB="sqlite",
                FULCRUM_SQLITE_PATH=str(Path(tmp) / "bench.sqlite3"),
            )
            cmd = [sys.executable, "-m", "fulcrum.bench.transcripts", str(turns), str(limit)]
            proc = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, text=True, check=False)
        lines = [line for line in proc.stdout.splitlines() if line.strip()]
        if proc.returncode != 0 or not lines:
            raise BenchError(f"The transcripts benchmark worker failed (exit {proc.returncode}).")
        result = json.loads(lines[-1])
        typer.echo(
            f"{result['turns']} turns analysed and stored in {result['attach_s']} s, report "
            f"page in {result['page_s']} s, {result['page_warm_s']} s warm "
            f"({result['page_bytes']:,} bytes). While "
            f"{result['limit_turns']} turns were attached ({result['limit_attach_s']} s), "
            f"{result['other_saves']} other saves: p95 {result['other_save_p95_ms']} ms, "
            f"max {result['other_save_max_ms']} ms. Load {result['load_average']}."
        )
        typer.echo(json.dumps(result))


if __name__ == "__main__":
    print(json.dumps(_worker(int(sys.argv[1]), int(sys.argv[2]) or None)))
