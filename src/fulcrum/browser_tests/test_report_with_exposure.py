"""A supervision report for the attorney client who threatens a board complaint.

Chosen in the builder and opened in a real browser: the page lists where the
practitioner is exposed and what shifts power toward the client, and its table keeps
the third-party column the PDF has.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from fulcrum.browser_tests.signin import sign_in
from fulcrum.core.catalogue import load_catalogue
from fulcrum.powermaps.services import record_power_map
from fulcrum.testing import NOW, make_client, make_user

if TYPE_CHECKING:
    from playwright.sync_api import Page
    from pytest_django.live_server_helper import LiveServer

pytestmark = pytest.mark.browser

COUNTERS = ("client_threats", "client_professional_status")


def test_it_lists_the_exposure_and_counter_factors_on_the_report(
    page: Page, live_server: LiveServer, artifacts: Path, transactional_db: None
) -> None:
    client = make_client(make_user("robin"), "C-314", alias="The attorney")
    record_power_map(
        client,
        ratings={
            "practitioner": {"expert": 3, "legitimate": 3},
            "client": {"coercive": 4, "expert": 3, "legitimate": 3},
            "third_party": {"legitimate": 4, "coercive": 3},
        },
        counter_factors=COUNTERS,
        third_party_kind="licensing_board",
        assessed_at=NOW,
    )
    base = live_server.url
    sign_in(page, base, "robin")
    page.get_by_role("link", name="Supervision").first.click()
    page.get_by_label("C-314").check()
    page.fill("#id_since", "2026-01-01")
    page.fill("#id_until", NOW.date().isoformat())
    page.get_by_role("button", name="Show the report").click()
    page.get_by_role("heading", name="Supervision report").wait_for()

    report = page.locator("section.report-client")
    exposure = report.locator("ul.exposure li").all_inner_texts()
    assert len(exposure) >= 2, exposure
    assert any("outside the room" in s for s in exposure), exposure
    catalogue = load_catalogue()
    counters = report.locator("ul.counter-factors li").all_inner_texts()
    assert counters == [f.label for f in catalogue.counter_factors if f.id in COUNTERS]
    header = report.locator("table.balances thead th").all_inner_texts()
    assert "A licensing or professional body" in header
    rows = report.locator("table.balances tbody tr")
    assert rows.filter(has_text="Expert").locator("td").nth(2).inner_text() == "not rated"
    assert "The attorney" not in page.locator("article.supervision-report").inner_text()
    page.screenshot(path=str(artifacts / "supervision-report-exposure.png"), full_page=True)
