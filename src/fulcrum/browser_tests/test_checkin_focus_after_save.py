"""After saving a check-in, keyboard focus is on the notice that says it was saved,
with HTMX swapping the form in place and without JavaScript after the redirect."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from fulcrum.browser_tests.signin import sign_in
from fulcrum.testing import make_client, make_user

if TYPE_CHECKING:
    from playwright.sync_api import Page, Route
    from pytest_django.live_server_helper import LiveServer

pytestmark = pytest.mark.browser

FOCUSED = "() => document.activeElement && document.activeElement.outerHTML.slice(0, 120)"


def save_by_keyboard(page: Page) -> None:
    page.locator("label[for='id_choices_offered_0']").click()
    page.focus("#id_note")
    page.keyboard.type("Steady session.")
    page.get_by_role("button", name="Save check-in").focus()
    page.keyboard.press("Enter")


def test_it_focuses_the_saved_notice_after_an_htmx_save(
    page: Page, live_server: LiveServer, transactional_db: None
) -> None:
    client = make_client(make_user("robin"), "C-050")
    sign_in(page, live_server.url, "robin")
    page.goto(f"{live_server.url}/clients/{client.pk}/checkins/new/")
    save_by_keyboard(page)
    notice = page.locator(".notice.saved")
    notice.wait_for()
    page.wait_for_function("document.activeElement.classList.contains('saved')")
    assert "Check-in saved" in page.evaluate("document.activeElement.innerText")
    # Tab moves on from the notice to its first link, not from the top of the page.
    page.keyboard.press("Tab")
    assert "Back to C-050" in page.evaluate("document.activeElement.innerText")


def test_it_focuses_the_saved_message_without_javascript(
    page: Page, live_server: LiveServer, transactional_db: None
) -> None:
    def no_scripts(route: Route) -> None:
        route.abort()

    client = make_client(make_user("robin"), "C-051")
    page.route("**/*.js", no_scripts)
    sign_in(page, live_server.url, "robin")
    page.goto(f"{live_server.url}/clients/{client.pk}/checkins/new/")
    save_by_keyboard(page)
    page.wait_for_url(f"{live_server.url}/clients/{client.pk}/")
    # The browser applies autofocus at its next rendering step, which can come after
    # the load event; wait for it (a page without autofocus still fails here).
    page.wait_for_function(
        "document.activeElement && document.activeElement.matches('li.message')",
        timeout=5000,
    )
    focused = page.evaluate(FOCUSED)
    assert focused.startswith('<li class="message'), focused
    assert "Check-in saved for C-051" in page.evaluate("document.activeElement.innerText")
