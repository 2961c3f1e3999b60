"""`fulcrum bench transcripts` runs end to end on a small session and prints its figures."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from fulcrum.cli import _register, app


def test_it_prints_the_figures_last_as_one_json_line() -> None:
    _register()
    result = CliRunner().invoke(app, ["bench", "transcripts", "--turns", "20", "--limit", "40"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["turns"] == 20
    assert figures["limit_turns"] == 40
    assert figures["page_bytes"] > 0
    assert figures["other_saves"] >= 1
