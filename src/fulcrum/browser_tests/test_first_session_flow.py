"""A new practitioner's first session with Fulcrum, clicked through in a real browser.

Sign up, add a client, map the power, record three check-ins that lean toward
over-use, and see Fulcrum raise a drift warning on the client's page.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.utils import timezone

from fulcrum.testing import NOW

if TYPE_CHECKING:
    from playwright.sync_api import Page, Response
    from pytest_django.live_server_helper import LiveServer

pytestmark = pytest.mark.browser

PRACTITIONER_RATINGS = {"legitimate": 3, "expert": 4, "reward": 2, "coercive": 1}
CLIENT_RATINGS = {"reward": 3, "coercive": 2, "personal": 2, "legitimate": 1}
AMPLIFIERS = ("client_lying_down", "client_pays")


def assert_static_served(responses: list[Response]) -> None:
    static = [r for r in responses if "/static/" in r.url]
    served = [r for r in static if r.status == 200]
    assert any(r.url.endswith(".css") for r in served), "no stylesheet was served"
    assert any(r.url.endswith(".js") for r in served), "no script was served"
    # On later pages the browser may ask whether its copy is still current: the files
    # are newer than the test's fixed clock, so it cannot assume so. A 304 says it is.
    failed = [f"{r.status} {r.url}" for r in static if r.status not in (200, 304)]
    assert not failed, f"static files failed to load: {failed}"


def sign_up(page: Page, base: str) -> None:
    page.goto(base + "/signup/")
    page.fill("#id_username", "robin")
    page.fill("#id_email", "robin@example.org")
    page.fill("#id_password1", "a long walk by the river")
    page.fill("#id_password2", "a long walk by the river")
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url(base + "/")


def add_client(page: Page) -> None:
    page.get_by_role("link", name="Add your first client").click()
    page.fill("#id_code", "C-001")
    page.get_by_role("button", name="Add client").click()
    page.get_by_role("heading", name="C-001").wait_for()


def map_power(page: Page) -> None:
    page.get_by_role("link", name="New power map").first.click()
    for holder, ratings in (("practitioner", PRACTITIONER_RATINGS), ("client", CLIENT_RATINGS)):
        for kind in ("legitimate", "coercive", "expert", "referent", "reward", "personal"):
            value = ratings.get(kind, 0)
            page.check(f"input[name='{holder}__{kind}'][value='{value}']")
    for factor in AMPLIFIERS:
        page.check(f"input[name='amplifiers'][value='{factor}']")
    page.get_by_role("button", name="Save power map").click()
    page.locator("figure.radar-figure svg").wait_for()
    reading = page.locator("p.reading").inner_text()
    assert reading.strip(), "the power map shows no reading"


def record_overuse_checkin(page: Page, client_url: str, days_ago: int) -> None:
    """No choices offered, a disclosure that served me, a late start."""
    page.goto(client_url + "checkins/new/")
    at = timezone.localtime(NOW) - timedelta(days=days_ago)
    page.fill("input[name=session_at]", at.strftime("%Y-%m-%dT%H:%M"))
    page.check("input[name=choices_offered][value=no]")
    page.check("input[name=disclosure][value=yes]")
    page.check("input[name=disclosure_served][value=practitioner]")
    page.check("input[name=started_late]")
    page.get_by_role("button", name="Save check-in").click()
    # With JavaScript on, htmx swaps the saved panel in place of the form.
    page.get_by_role("heading", name="Check-in saved").wait_for()


def test_it_walks_a_new_practitioner_to_a_drift_warning(
    page: Page, live_server: LiveServer, artifacts: Path
) -> None:
    base = live_server.url
    responses: list[Response] = []
    page.on("response", lambda response: responses.append(response))

    sign_up(page, base)
    assert_static_served(responses)
    add_client(page)
    client_url = page.url
    map_power(page)

    page.goto(client_url)
    for days_ago in (14, 7, 0):
        record_overuse_checkin(page, client_url, days_ago)

    page.goto(client_url)
    drift = page.locator("section").filter(has_text="drift").first
    drift.get_by_text("No choices offered").first.wait_for()
    page.screenshot(path=str(artifacts / "first-session-flow.png"), full_page=True)

    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(client_url + "checkins/new/")
    page.screenshot(path=str(artifacts / "checkin-form-phone.png"), full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the check-in form scrolls sideways on a phone by {overflow}px"
