"""The report ``fulcrum analyze --format html`` writes, opened from disk in a real browser.

It must look and work like the page without a server: styled, the timeline's bars
jumping to their turns, and nothing fetched from anywhere while it is read.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from typer.testing import CliRunner

from fulcrum.cli import _register, app

if TYPE_CHECKING:
    from playwright.sync_api import Page, Request

pytestmark = pytest.mark.browser
GOLDEN = Path(__file__).resolve().parents[1] / "core" / "transcripts" / "tests" / "golden"


def test_it_opens_the_exported_report_offline_and_follows_a_turn(
    page: Page, tmp_path: Path, artifacts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _register()
    monkeypatch.setenv("FULCRUM_MODEL_DIR", str(tmp_path / "models"))
    report = tmp_path / "report.html"
    result = CliRunner().invoke(
        app, ["analyze", str(GOLDEN / "otter_export.txt"), "--format", "html"]
    )
    assert result.exit_code == 0, result.output
    report.write_text(result.stdout, encoding="utf-8")

    requested: list[str] = []

    def note(request: Request) -> None:
        requested.append(request.url)

    page.on("request", note)
    page.goto(report.as_uri())
    page.locator("svg.timeline").wait_for()
    # Styled from the inlined sheets: the cards have the page's border, not the default.
    card = page.locator("#speakers")
    assert card.evaluate("e => getComputedStyle(e).borderTopStyle") != "none"
    assert page.locator("#speakers tbody tr").count() == 3

    page.locator("svg.timeline a.turn").nth(4).click()
    page.wait_for_url("**#u-4")
    assert page.locator("#u-4").is_visible()
    page.screenshot(path=str(artifacts / "exported-report.png"))
    assert requested == [report.as_uri()]
