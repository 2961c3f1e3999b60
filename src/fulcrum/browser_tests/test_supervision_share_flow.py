"""Supervision in a real browser: the supervisee invites, the supervisor signs in with a
second factor and accepts, a share is opened, commented on, replied to and withdrawn,
and the supervisor then sees the calm "no longer shared" page."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from fulcrum.browser_tests.signin import sign_in, sign_in_with_second_factor
from fulcrum.supervision.tests.helpers import CODE, make_supervisor, reportable_client
from fulcrum.testing import make_user

if TYPE_CHECKING:
    from playwright.sync_api import Page
    from pytest_django.live_server_helper import LiveServer

pytestmark = pytest.mark.browser


def test_it_invites_accepts_shares_comments_replies_and_withdraws(
    page: Page, live_server: LiveServer
) -> None:
    robin = make_user("robin")
    reportable_client(robin)
    make_supervisor("dana")
    base = live_server.url

    sign_in(page, base, "robin")
    page.goto(base + "/supervision/links/")
    page.get_by_label("Drift warnings").check()
    page.get_by_label("Check-ins and their scores").check()
    page.get_by_role("button", name="Make an invitation code").click()
    code = page.locator(".code strong").inner_text()
    page.context.clear_cookies()

    sign_in_with_second_factor(page, base, "dana")
    page.wait_for_url(base + "/supervision/supervising/")
    page.get_by_role("link", name="Accept an invitation").click()
    page.fill("#id_code", code)
    page.fill("#id_qualification", "Registered clinical supervisor")
    page.get_by_role("button", name="Accept").click()
    page.get_by_role("heading", name="Supervising robin").wait_for()
    page.context.clear_cookies()

    sign_in(page, base, "robin")
    page.goto(base + "/supervision/")
    page.get_by_role("checkbox", name=CODE, exact=True).check()
    page.fill("#id_since", "2026-08-01")
    page.fill("#id_until", "2026-10-31")
    page.get_by_role("button", name="Show the report").click()
    page.get_by_role("button", name="Share a snapshot").click()
    share_url = page.url
    page.context.clear_cookies()

    sign_in_with_second_factor(page, base, "dana")
    page.wait_for_url(base + "/supervision/supervising/")
    page.get_by_role("link", name="robin · 1 Aug 2026 to 31 Oct 2026").click()
    supervisor_url = page.url
    page.locator(f"#thread-{CODE.lower()} textarea").first.fill("Where did the choice go?")
    page.locator(f"#thread-{CODE.lower()}").get_by_role("button", name="Comment").click()
    page.get_by_text("Where did the choice go?").first.wait_for()
    page.context.clear_cookies()

    sign_in(page, base, "robin")
    page.goto(share_url)
    assert page.locator("text=dana ·").count() >= 1  # the view log
    page.locator(f"#thread-{CODE.lower()} textarea").first.fill("I will bring it next week.")
    page.get_by_role("button", name="Reply").first.click()
    page.get_by_text("I will bring it next week.").first.wait_for()
    page.get_by_role("button", name="Withdraw this share").click()
    page.context.clear_cookies()

    sign_in_with_second_factor(page, base, "dana")
    page.wait_for_url(base + "/supervision/supervising/")
    response = page.goto(supervisor_url)
    assert response is not None
    assert response.status == 410
    page.get_by_role("heading", name="This is no longer shared").wait_for()
