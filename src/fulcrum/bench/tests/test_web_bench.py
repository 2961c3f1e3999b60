"""The web benchmark's machinery at a tiny scale: layout, form filling, the JSON it prints.

These check the harness, not the timings; the figures come from the full run described
in docs/benchmarks-web.md.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlencode

import pytest

from fulcrum.bench.web import ENDPOINTS, checkin_payload, plan_layout
from fulcrum.cli import main

FORM = """
<form method="post" action="/logout/">
  <input type="hidden" name="csrfmiddlewaretoken" value="a">
</form>
<form method="post">
  <input type="hidden" name="csrfmiddlewaretoken" value="tok">
  <input type="datetime-local" name="session_at" value="">
  <input type="radio" name="choices_offered" value="yes">
  <input type="radio" name="choices_offered" value="no">
  <input type="radio" name="choices_offered" value="not_applicable" checked>
  <input type="number" name="choices_count">
  <input type="checkbox" name="started_on_time" checked>
  <input type="checkbox" name="client_signals_noticed">
  <input type="checkbox" name="indicators" value="clear_guidance">
  <input type="checkbox" name="indicators" value="scope_creep">
  <select name="disclosure_served">
    <option value="">-</option><option value="client">c</option>
  </select>
  <textarea name="note">old</textarea>
  <button type="submit" name="go">Save</button>
</form>
"""


def test_it_spreads_a_million_checkins_over_full_caseloads() -> None:
    layout = plan_layout(1_000_000)
    assert (layout.practitioners, layout.clients) == (500, 10_000)
    assert set(layout.checkins_per_client) == {100}


def test_it_scales_the_layout_down_without_losing_checkins() -> None:
    layout = plan_layout(2_345)
    assert layout.practitioners == 1
    assert sum(layout.checkins_per_client) == 2_345
    assert max(layout.checkins_per_client) - min(layout.checkins_per_client) <= 1


def test_it_fills_the_checkin_form_from_its_own_fields() -> None:
    now = datetime(2026, 11, 1, 9, 30, tzinfo=UTC)
    posted = parse_qs(urlencode(checkin_payload(FORM, now)), keep_blank_values=True)
    assert posted["csrfmiddlewaretoken"] == ["tok"]
    assert posted["session_at"] == ["2026-11-01T09:30"]
    assert posted["choices_offered"] == ["yes"]
    assert posted["choices_count"] == ["2"]
    assert posted["started_on_time"] == ["on"]
    assert posted["client_signals_noticed"] == ["on"]
    assert posted["indicators"] == ["clear_guidance"]
    assert posted["disclosure_served"] == [""]
    assert posted["note"] == ["Agreed the focus together at the start."]
    assert "go" not in posted


def test_it_measures_sqlite_and_ends_with_one_json_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    main(["bench", "web", "--checkins", "2000", "--databases", "sqlite", "--requests", "5"])
    out = capsys.readouterr().out.strip().splitlines()
    result = json.loads(out[-1])
    assert list(result) == ["sqlite"]
    figures = result["sqlite"]
    assert figures["n_checkins"] == 2000
    assert figures["seed_seconds"] >= 0
    for endpoint in ENDPOINTS:
        assert 0 < figures[f"{endpoint}_p50_ms"] <= figures[f"{endpoint}_p95_ms"]
    assert set(figures["queries"]) == {
        "save",
        "client_page",
        "caseload",
        "supervisor_home",
        "floor",
    }
    assert figures["queries"]["floor"] == 0
