"""On a phone the menu folds into one button that reaches every item, Sign out included.

Scripts are refused for the whole visit: the menu is a <details> and needs none.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from fulcrum.browser_tests.signin import sign_in
from fulcrum.testing import make_user

if TYPE_CHECKING:
    from playwright.sync_api import Page, Route, ViewportSize
    from pytest_django.live_server_helper import LiveServer

pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 390, "height": 844}
ITEMS = (
    "Caseload",
    "Clients",
    "Drift",
    "Journal",
    "Safe harbour",
    "Client's voice",
    "Supervision",
    "Incidents",
    "Policies",
    "Course",
    "Library",
    "Account",
)


def test_it_reaches_every_item_and_signs_out_from_the_phone_menu(
    page: Page, live_server: LiveServer, artifacts: Path, transactional_db: None
) -> None:
    make_user("robin")
    base = live_server.url

    def no_scripts(route: Route) -> None:
        route.abort()

    page.route("**/*.js", no_scripts)
    page.set_viewport_size(PHONE)
    sign_in(page, base, "robin")

    menu = page.locator("details.menu-phone")
    summary = menu.locator("summary")
    assert summary.is_visible()
    assert not page.locator("nav.menu-wide").is_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px"
    summary.click()
    assert menu.get_attribute("open") is not None
    links = menu.locator("nav a")
    assert [t.strip() for t in links.all_inner_texts()] == list(ITEMS)
    sign_out = menu.get_by_role("button", name="Sign out robin")
    for item in [*(links.nth(i) for i in range(len(ITEMS))), sign_out]:
        assert item.is_visible()
        box = item.bounding_box()
        assert box is not None
        assert box["x"] >= 0, box
        assert box["x"] + box["width"] <= PHONE["width"], box
        assert box["height"] >= 40, f"a menu item is hard to tap: {box}"
    page.screenshot(path=str(artifacts / "phone-menu-open.png"))

    links.nth(ITEMS.index("Supervision")).click()
    page.wait_for_url(base + "/supervision/")
    page.locator("details.menu-phone summary").click()
    page.locator("details.menu-phone").get_by_role("button", name="Sign out robin").click()
    page.get_by_role("heading", name="Sign in").wait_for()
    assert page.locator("details.menu-phone").count() == 0


def test_it_keeps_the_menu_in_a_row_on_a_wide_screen(
    page: Page, live_server: LiveServer, transactional_db: None
) -> None:
    make_user("robin")
    sign_in(page, live_server.url, "robin")
    assert page.locator("nav.menu-wide").is_visible()
    assert not page.locator("details.menu-phone").is_visible()
    assert page.locator("nav.menu-wide").get_by_role("button", name="Sign out robin").is_visible()
