"""A contributor sends a vignette with JavaScript off, at a phone's width, with no account
and no cookie, then withdraws it with the codename."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from fulcrum.browser_tests.chromium import CHROMIUM, CHROMIUM_ARGS, TIMEOUT_MS
from fulcrum.browser_tests.conftest import require_chromium
from fulcrum.vignettes.models import Vignette

if TYPE_CHECKING:
    from playwright.sync_api import Page
    from pytest_django.live_server_helper import LiveServer

pytestmark = pytest.mark.browser

STORY = "Tamsin Orrell rang me on 07700 900456 the evening before our session."


@pytest.fixture
def page_without_script(tmp_path: Path) -> Iterator[Page]:
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            user_data_dir=str(tmp_path / "profile"),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            java_script_enabled=False,
            viewport={"width": 390, "height": 844},
        )
        context.set_default_timeout(TIMEOUT_MS)
        try:
            yield context.pages[0] if context.pages else context.new_page()
        finally:
            assert context.cookies() == [], "a contribution page set a cookie"
            context.close()
            from django.db import connections

            connections.close_all()


def test_it_sends_and_withdraws_a_vignette_without_javascript(
    page_without_script: Page, live_server: LiveServer, artifacts: Path, transactional_db: None
) -> None:
    page = page_without_script
    page.goto(f"{live_server.url}/contribute/")
    page.fill("textarea[name=text]", STORY)
    page.get_by_role("button", name="Check it for identifying details").click()
    page.get_by_role("heading", name="Review before sending").wait_for()
    proposed = page.input_value("textarea[name=text]")
    assert "07700" not in proposed
    assert "Tamsin" not in proposed
    page.locator("input[name=disguise][value=thick]").check()
    page.locator("input[name=licence][value=cc-by]").check()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the review page scrolls sideways by {overflow}px"
    page.get_by_role("button", name="Send this text").click()
    page.get_by_role("heading", name="Thank you. It has been sent.").wait_for()
    codename = page.locator(".codename strong").inner_text()
    page.screenshot(path=str(artifacts / "vignette-sent.png"))
    vignette = Vignette.objects.get()
    assert "07700" not in vignette.text

    page.goto(f"{live_server.url}/contribute/status/")
    page.fill("input[name=codename]", codename)
    page.get_by_role("button", name="Show its status").click()
    page.get_by_text("Waiting for an educator").wait_for()
    page.locator("input[name=sure]").check()
    page.get_by_role("button", name="Withdraw it").click()
    page.get_by_text("It has been withdrawn").wait_for()
    vignette.refresh_from_db()
    assert vignette.status == Vignette.Status.WITHDRAWN
    assert vignette.text == ""
