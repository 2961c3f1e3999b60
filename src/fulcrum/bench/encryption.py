"""``fulcrum bench encryption``: what sealing and opening stored text costs.

Times ``encrypt_text`` and ``decrypt_text`` over texts of the sizes Fulcrum stores — a
client's alias, a check-in note, a journal entry, a transcript's utterances — with a
fresh key held in memory (nothing is written, nothing is read from the key folder), and
prints the cost per value and for the values one page opens: a client's page reads
about 200 encrypted values (60 check-ins with three texts each, maps, the alias), a
transcript of 2,000 utterances about 4,000. The last line is one JSON object.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import string
import time
from collections.abc import Callable

import typer
from rich.console import Console
from rich.table import Table

SIZES = {"alias": 16, "note": 300, "journal entry": 2_000, "utterance": 120}
CLIENT_PAGE_VALUES = 200
TRANSCRIPT_VALUES = 4_000


def _texts(rng: random.Random, length: int, count: int) -> list[str]:
    alphabet = string.ascii_letters + "      éü,."
    return ["".join(rng.choice(alphabet) for _ in range(length)) for _ in range(count)]


def _per_value_us(action: Callable[[str], object], values: list[str], rounds: int) -> float:
    timings = []
    for _ in range(rounds):
        started = time.perf_counter()
        for value in values:
            action(value)
        timings.append((time.perf_counter() - started) / len(values))
    return statistics.median(timings) * 1e6


def run(values: int, rounds: int, seed: int) -> dict[str, object]:
    from django.test.utils import override_settings

    from fulcrum.kernel import keys
    from fulcrum.kernel.encryption import decrypt_text, encrypt_text

    rng = random.Random(seed)
    context = "bench.value.text"
    per_size: dict[str, dict[str, float]] = {}
    with override_settings(FULCRUM_DATA_KEY=keys.encode_key(os.urandom(32))):
        keys.forget_cached_keys()
        for name, length in SIZES.items():
            plain = _texts(rng, length, values)
            sealed = [encrypt_text(p, context=context) for p in plain]
            seal = _per_value_us(lambda p: encrypt_text(p, context=context), plain, rounds)
            opened = _per_value_us(lambda s: decrypt_text(s, context=context), sealed, rounds)
            per_size[name] = {
                "chars": length,
                "seal_us": round(seal, 2),
                "open_us": round(opened, 2),
                "stored_chars": round(statistics.mean(len(s) for s in sealed)),
            }
    keys.forget_cached_keys()
    note, utterance = per_size["note"], per_size["utterance"]
    figures: dict[str, object] = {"values": values, "rounds": rounds, **per_size}
    figures["client_page_open_ms"] = round(note["open_us"] * CLIENT_PAGE_VALUES / 1000, 2)
    figures["transcript_2000_open_ms"] = round(utterance["open_us"] * TRANSCRIPT_VALUES / 1000, 2)
    figures["transcript_2000_seal_ms"] = round(utterance["seal_us"] * TRANSCRIPT_VALUES / 1000, 2)
    return figures


def register(bench_app: typer.Typer) -> None:
    """Add ``encryption`` to ``fulcrum bench``."""

    @bench_app.command("encryption")
    def encryption(
        values: int = typer.Option(5000, min=100, help="Values of each size to time."),
        rounds: int = typer.Option(5, min=1, help="Timed rounds; the median is reported."),
        seed: int = typer.Option(11, help="Seed for the generated texts."),
    ) -> None:
        """Time sealing and opening stored text, per value and per page."""
        from fulcrum.kernel.setup import setup_django

        setup_django()
        figures = run(values, rounds, seed)
        table = Table("text", "characters", "seal (µs)", "open (µs)", "stored characters")
        for name in SIZES:
            row = figures[name]
            assert isinstance(row, dict)
            table.add_row(
                name,
                str(row["chars"]),
                f"{row['seal_us']:.1f}",
                f"{row['open_us']:.1f}",
                str(row["stored_chars"]),
            )
        console = Console()
        console.print(table)
        console.print(
            f"Opening a client's page (~{CLIENT_PAGE_VALUES} values): "
            f"{figures['client_page_open_ms']} ms; a 2,000-utterance transcript "
            f"(~{TRANSCRIPT_VALUES} values): {figures['transcript_2000_open_ms']} ms to open, "
            f"{figures['transcript_2000_seal_ms']} ms to seal."
        )
        # The last line is machine-readable; keep it off Rich so it is never wrapped.
        typer.echo(json.dumps(figures))
