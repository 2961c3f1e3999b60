"""The load benchmark's machinery at a tiny scale: the real server, a few users, seconds.

These check the harness, not the timings; the figures come from the full run in
BENCHMARKS.md.
"""

from __future__ import annotations

import json

import pytest

from fulcrum.bench.load import ACTIONS, Samples, arrivals, percentile, summarise
from fulcrum.cli import main


def test_it_counts_errors_apart_from_timings() -> None:
    samples = Samples()
    samples.add("save", 10.0, None)
    samples.add("save", 30.0, None)
    samples.add("save", 0.0, "RuntimeError: saving a check-in answered 500")
    figures = summarise(samples, 1.0)
    assert figures["save_count"] == 2
    assert figures["save_errors"] == 1
    assert figures["errors"] == 1
    assert figures["first_errors"]["save"].endswith("500")
    assert figures["target_met"] is False  # an error is never a met target


def test_it_reads_the_95th_percentile_inclusively() -> None:
    assert percentile([5.0], 95) == 5.0
    assert percentile([float(n) for n in range(1, 101)], 95) == pytest.approx(95.05)


def test_practitioners_arrive_at_the_spawn_rate_or_all_at_once() -> None:
    assert arrivals(4, 2.0) == [0.0, 0.5, 1.0, 1.5]
    assert arrivals(3, 0) == [0.0, 0.0, 0.0]


def test_it_loads_the_real_server_and_ends_with_one_json_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    main(
        [
            "bench", "load", "--users", "3", "--seconds", "3", "--burst", "4",
            "--history", "2", "--databases", "sqlite", "--workers", "2",
        ]
    )  # fmt: skip
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    figures = result["sqlite"]
    assert figures["burst"] == {
        "attempts": 4, "signed_in": 4, "refused": 0, "other": 0, "all_signed_in": True,
    }  # fmt: skip
    assert figures["errors"] == 0, figures["first_errors"]
    assert figures["sign_in_page_count"] == figures["sign_in_count"] == 3
    for action in ACTIONS:
        assert f"{action}_errors" in figures
    assert len(figures["load_average_after"]) == 3
    assert figures["spawn_rate"] == 5.0
