"""``fulcrum bench``: benchmarks that print their figures, last line one JSON object."""

from __future__ import annotations

import typer

from fulcrum.cli import app

bench_app = typer.Typer(help="Benchmarks that print their figures.", no_args_is_help=True)
app.add_typer(bench_app, name="bench")

# Each benchmark lives in fulcrum.bench.<name> and exposes ``register(bench_app)``.
BENCHMARKS = (
    "drift",
    "web",
    "annomi",
    "durability",
    "speakers",
    "ledger",
    "deid",
    "encryption",
    "transcripts",
    "load",
    "crash",
    "fuzz",
    "cpu",
)
for _name in BENCHMARKS:
    try:
        _module = __import__(f"fulcrum.bench.{_name}", fromlist=["register"])
    except ModuleNotFoundError as exc:  # a benchmark not written yet must not break the CLI
        if exc.name != f"fulcrum.bench.{_name}":
            raise
        continue
    _module.register(bench_app)
