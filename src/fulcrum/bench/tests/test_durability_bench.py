"""``fulcrum bench durability`` ends with one JSON line holding both modes' figures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fulcrum.bench.durability import commit_times
from fulcrum.cli import main


def test_it_times_every_commit(tmp_path: Path) -> None:
    times = commit_times(tmp_path, "FULL", 25)
    assert len(times) == 25
    assert all(t > 0 for t in times)


def test_it_prints_both_modes_last_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    main(["bench", "durability", "--commits", "20"])
    last = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert last["commits"] == 20
    assert {"normal_median_ms", "normal_p95_ms", "full_median_ms", "full_p95_ms"} <= last.keys()
