"""The transcript report with a keyboard and on a phone: one Tab past the timeline's many
links, a Speakers table that fits 390 px without hiding a column, and a timeline whose
labels keep a readable size by scrolling sideways instead of shrinking."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.urls import reverse

from fulcrum.browser_tests.signin import sign_in
from fulcrum.testing import make_client, make_user
from fulcrum.transcripts.tests.helpers import make_transcript

if TYPE_CHECKING:
    from playwright.sync_api import Page, ViewportSize
    from pytest_django.live_server_helper import LiveServer

pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 390, "height": 844}
# The timeline's labels are drawn at 12 px in a 960-wide viewBox.
DRAWN_WIDTH, LABEL_PX, READABLE_PX = 960, 12, 11


def _report(page: Page, live_server: LiveServer) -> None:
    robin = make_user("robin")
    client = make_client(robin, "C-010")
    transcript = make_transcript(client)
    sign_in(page, live_server.url, "robin")
    page.goto(live_server.url + reverse("transcript_detail", args=[client.pk, transcript.pk]))
    page.locator("svg.timeline").wait_for()


def test_one_tab_stop_skips_the_timeline(
    page: Page, live_server: LiveServer, transactional_db: None
) -> None:
    _report(page, live_server)
    # The last control before the chart, then Tab: the skip link comes first, and shows.
    page.get_by_role("button", name="Analyse again").focus()
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip past the timeline")
    assert page.evaluate("document.activeElement.textContent") == "Skip past the timeline"
    assert skip.is_visible()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    in_chart = page.evaluate("!!document.activeElement.closest('svg.timeline')")
    assert not in_chart, "Tab after the skip link still stopped inside the timeline"
    after = page.evaluate(
        "document.getElementById('timeline-key').compareDocumentPosition(document.activeElement)"
        " & Node.DOCUMENT_POSITION_FOLLOWING"
    )
    assert after, "focus did not land after the timeline"
    # The chart's moments stay links for whoever goes through it.
    assert page.locator("svg.timeline a.turn").count() == 10


def test_the_speakers_and_the_timeline_fit_a_phone(
    page: Page, live_server: LiveServer, artifacts: Path, transactional_db: None
) -> None:
    page.set_viewport_size(PHONE)
    _report(page, live_server)
    page.screenshot(path=str(artifacts / "transcript-report-phone.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the report is {width}px wide on a {PHONE['width']}px phone"

    speakers = page.locator("#speakers")
    speakers.screenshot(path=str(artifacts / "transcript-speakers-phone.png"))
    wrap = page.locator("#speakers .table-wrap")
    assert wrap.evaluate("el => el.scrollWidth <= el.clientWidth"), "the speakers table scrolls"
    for cell in page.locator("table.speakers td").all():
        box = cell.bounding_box()
        assert box is not None
        assert box["x"] >= 0, cell.inner_text()
        assert box["x"] + box["width"] <= PHONE["width"], cell.inner_text()
    assert "Share of the words" in speakers.inner_text()

    timeline = page.locator("#timeline")
    timeline.screenshot(path=str(artifacts / "transcript-timeline-phone.png"))
    drawn = page.locator("svg.timeline").bounding_box()
    assert drawn is not None
    label_px = drawn["width"] / DRAWN_WIDTH * LABEL_PX
    assert label_px >= READABLE_PX, f"the timeline's labels shrink to {label_px:.1f}px"
    scroller = page.locator(".chart-scroll").bounding_box()
    assert scroller is not None
    assert scroller["x"] + scroller["width"] <= PHONE["width"]
    assert page.get_by_text("Scroll the timeline sideways").is_visible()
