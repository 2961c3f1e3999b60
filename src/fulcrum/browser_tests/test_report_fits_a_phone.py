"""The supervision report (and so every share, which renders the same body) fits a
phone's width: its radar and balance table never push the page sideways."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from fulcrum.browser_tests.signin import sign_in
from fulcrum.supervision.tests.helpers import query
from fulcrum.testing import NOW, make_checkin, make_client, make_power_map, make_user

if TYPE_CHECKING:
    from playwright.sync_api import Page, ViewportSize
    from pytest_django.live_server_helper import LiveServer

pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 390, "height": 844}


def test_the_report_with_a_third_party_fits_a_phone(
    page: Page, live_server: LiveServer, artifacts: Path, transactional_db: None
) -> None:
    robin = make_user("robin")
    client = make_client(robin, "T-101")
    make_power_map(
        client,
        third_party_kind="court",
        third_party_label="Family court, reviewing custody",
        ratings={
            "practitioner": {"legitimate": 3, "expert": 3, "reward": 2},
            "client": {"reward": 3, "coercive": 1},
            "third_party": {"legitimate": 4, "coercive": 3},
        },
    )
    make_checkin(client, days_ago=3)
    page.set_viewport_size(PHONE)
    sign_in(page, live_server.url, "robin")
    # The map is assessed at NOW, so the period runs to that day.
    period = {**query(client), "until": NOW.date().isoformat()}
    page.goto(f"{live_server.url}{reverse('supervision_report')}?{urlencode(period, doseq=True)}")
    page.locator("svg.radar").wait_for()
    page.screenshot(path=str(artifacts / "report-phone.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the report is {width}px wide on a {PHONE['width']}px phone"
    radar = page.locator("svg.radar").bounding_box()
    assert radar is not None
    assert radar["x"] + radar["width"] <= PHONE["width"]
