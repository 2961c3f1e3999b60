"""``fulcrum bench durability``: what waiting for the disk on every commit costs.

Fulcrum's SQLite runs in WAL mode with ``synchronous=FULL`` (decision 0009), so an
acknowledged save survives a power cut. This measures one small commit — the shape of
a check-in save's write — with ``NORMAL`` and ``FULL``, in a database file in the data
folder (the disk a practice's saves land on), and prints both, last as one JSON line.
"""

from __future__ import annotations

import json
import os
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

import typer
from rich.console import Console

MODES = ("NORMAL", "FULL")


def commit_times(folder: Path, mode: str, commits: int) -> list[float]:
    """Milliseconds for each of ``commits`` one-row commits under ``synchronous=mode``."""
    with tempfile.TemporaryDirectory(dir=folder) as where:
        db = sqlite3.connect(Path(where) / "durability.sqlite3", isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(f"PRAGMA synchronous={mode}")
            db.execute("CREATE TABLE saves (id INTEGER PRIMARY KEY, body TEXT)")
            body = "x" * 600  # about one check-in row with its notes
            times = []
            for _ in range(commits):
                start = time.perf_counter()
                db.execute("BEGIN IMMEDIATE")
                db.execute("INSERT INTO saves (body) VALUES (?)", (body,))
                db.execute("COMMIT")
                times.append((time.perf_counter() - start) * 1000)
            return times
        finally:
            db.close()


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18]


def register(bench_app: typer.Typer) -> None:
    """Add ``durability`` to ``fulcrum bench``."""

    @bench_app.command("durability")
    def durability(
        commits: int = typer.Option(500, min=20, max=100_000, help="Commits per mode."),
    ) -> None:
        """Time one small commit with synchronous=NORMAL and FULL in the data folder."""
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fulcrum.settings")
        from django.conf import settings

        folder = Path(settings.DATA_DIR)
        folder.mkdir(parents=True, exist_ok=True)
        console = Console(stderr=True)
        result: dict[str, object] = {"commits": commits}
        for mode in MODES:
            times = commit_times(folder, mode, commits)
            median, p95 = statistics.median(times), _p95(times)
            console.print(f"synchronous={mode}: median {median:.3f} ms, p95 {p95:.3f} ms")
            result[f"{mode.lower()}_median_ms"] = round(median, 3)
            result[f"{mode.lower()}_p95_ms"] = round(p95, 3)
        print(json.dumps(result))
