"""``fulcrum bench ledger`` on a tiny log: it runs end to end and ends with the JSON
line the figures in BENCHMARKS.md are read from (the figures come from the full run)."""

from __future__ import annotations

import json
import subprocess
import sys


def test_it_ends_with_one_json_line_of_the_promised_figures() -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "from fulcrum.cli import main; main()",
            "bench",
            "ledger",
            "--entries=30",
            "--tampers=60",
            "--structural=3",
            "--verify-entries=50",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    for key in ("tampers", "tampers_detected", "verify_10000_s", "append_p95_ms"):
        assert key in result
    assert "checkpoint_10000_s" in result
    assert result["tampers"] == 60
    # Detection is the point, not a speed: every change must be caught at its entry.
    assert result["tampers_detected"] == result["tampers_at_right_sequence"] == 60
    assert result["structural_all_right"] is True
    assert result["inclusion_proof_max_hashes"] <= result["ceil_log2"]
