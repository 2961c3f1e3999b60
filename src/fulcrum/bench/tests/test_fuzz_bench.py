"""The fuzz benchmark's reading of schemathesis's event stream (the run itself needs the
``bench`` extra and minutes; its figures are in BENCHMARKS.md)."""

from __future__ import annotations

import json

from fulcrum.bench.fuzz import summarise_events


def _scenario(cases: int, checks: list[tuple[str, str]]) -> str:
    return json.dumps(
        {
            "ScenarioFinished": {
                "recorder": {
                    "cases": {str(n): {} for n in range(cases)},
                    "checks": {"0": [{"name": name, "status": status} for name, status in checks]},
                }
            }
        }
    )


def test_it_counts_cases_and_failing_checks_across_scenarios() -> None:
    stream = "\n".join(
        [
            json.dumps({"Initialize": {"seed": 7}}),
            _scenario(3, [("not_a_server_error", "SUCCESS")]),
            _scenario(
                2, [("not_a_server_error", "FAILURE"), ("status_code_conformance", "FAILURE")]
            ),
            "{cut off by",
        ]
    )
    result = summarise_events(stream)
    assert result["cases"] == 5
    assert result["server_errors"] == 1
    assert result["undocumented_status"] == 1


def test_it_reads_an_empty_stream_as_no_cases() -> None:
    assert summarise_events("")["cases"] == 0
