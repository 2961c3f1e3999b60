"""Saving a second check-in for the same client at the same time asks first.

Clicked through twice in one sitting, as happened by accident: the second save stops
with a warning and a link to the first; ticking the box saves it as a second session.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from fulcrum.browser_tests.signin import sign_in
from fulcrum.checkins.models import CheckIn
from fulcrum.testing import make_client, make_user

if TYPE_CHECKING:
    from playwright.sync_api import Page
    from pytest_django.live_server_helper import LiveServer

pytestmark = pytest.mark.browser

WHEN = "2026-10-30T10:00"  # before testing.NOW, where the server's clock stands


def fill_session(page: Page) -> None:
    page.fill("#id_session_at", WHEN)
    page.locator("label[for='id_choices_offered_0']").click()


def test_it_warns_before_a_second_check_in_at_the_same_time(
    page: Page, live_server: LiveServer, artifacts: Path, transactional_db: None
) -> None:
    client = make_client(make_user("robin"), "C-007")
    base = live_server.url
    sign_in(page, base, "robin")
    new = f"{base}/clients/{client.pk}/checkins/new/"

    page.goto(new)
    fill_session(page)
    page.get_by_role("button", name="Save check-in").click()
    page.get_by_role("heading", name="Check-in saved").wait_for()
    assert CheckIn.objects.count() == 1

    page.get_by_role("link", name="Another check-in").click()
    page.wait_for_url(new)
    fill_session(page)
    page.fill("#id_note", "Same session, typed again.")
    page.get_by_role("button", name="Save check-in").click()
    warning = page.locator("#same-time")
    warning.wait_for()
    assert "already saved at 10:00" in page.locator(".field.when .errors").inner_text()
    assert warning.get_by_role("link").count() == 1
    assert CheckIn.objects.count() == 1
    assert page.input_value("#id_note") == "Same session, typed again."
    page.screenshot(path=str(artifacts / "checkin-same-time.png"))

    warning.get_by_text("Yes, save it as a second check-in").click()
    page.get_by_role("button", name="Save check-in").click()
    page.get_by_role("heading", name="Check-in saved").wait_for()
    assert CheckIn.objects.count() == 2
