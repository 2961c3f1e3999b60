"""A contributor sends a vignette with JavaScript off, at a phone's width, with no account
and no cookie, then withdraws it with the codename. On the way they keep a place the
story names twice with one choice, and a Send refused for a missing licence brings the
same review back with that choice and their words."""

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

STORY = (
    "Tamsin Orrell rang me on 07700 900456 the evening before our session in Harrogate. "
    "She had moved to Harrogate that spring."
)
TYPED = " I said yes before thinking."


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
    assert "Harrogate" not in proposed
    rows = page.locator("table.findings tbody tr")
    assert rows.count() == 3
    place = rows.filter(has_text="Harrogate")
    assert "2 mentions" in place.inner_text()
    # At a phone's width every "keep" box is on the screen, named by its words.
    for n in range(rows.count()):
        box = rows.nth(n).locator("input[name=keep]").bounding_box()
        assert box is not None
        assert box["x"] + box["width"] <= 390
    place.get_by_label("keep “Harrogate” as written").check()
    page.get_by_role("button", name="Apply my choices to the text below").click()
    page.get_by_role("heading", name="Review before sending").wait_for()
    kept = page.input_value("textarea[name=text]")
    assert kept.count("Harrogate") == 2
    assert "07700" not in kept

    # Send without a licence: refused, and the same review comes back.
    page.fill("textarea[name=text]", kept + TYPED)
    page.locator("input[name=disguise][value=thick]").check()
    page.get_by_role("button", name="Send this text").click()
    page.get_by_text("Please choose a licence for the published text.").wait_for()
    assert not Vignette.objects.exists()
    assert page.locator("table.findings tbody tr").count() == 3
    place = page.locator("table.findings tbody tr", has_text="Harrogate")
    assert "2 mentions" in place.inner_text()
    assert place.locator("input[name=keep]").is_checked()
    assert page.input_value("textarea[name=text]") == kept + TYPED
    assert page.locator("input[name=disguise][value=thick]").is_checked()

    page.locator("input[name=licence][value=cc-by]").check()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the review page scrolls sideways by {overflow}px"
    page.get_by_role("button", name="Send this text").click()
    page.get_by_role("heading", name="Thank you. It has been sent.").wait_for()
    codename = page.locator(".codename strong").inner_text()
    page.screenshot(path=str(artifacts / "vignette-sent.png"))
    vignette = Vignette.objects.get()
    assert vignette.text == (kept + TYPED).strip()
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


def test_every_keep_box_is_on_a_phone_screen(
    page_without_script: Page, live_server: LiveServer, transactional_db: None
) -> None:
    page = page_without_script
    page.goto(f"{live_server.url}/contribute/")
    page.fill(
        "textarea[name=text]",
        "Kezia Marlowe wrote to kezia.marlowe-quennell@wrenmouth-counselling.example.org "
        "and linked https://wrenmouth-counselling.example.org/practitioners/kezia-marlowe.",
    )
    page.get_by_role("button", name="Check it for identifying details").click()
    page.get_by_role("heading", name="Review before sending").wait_for()
    rows = page.locator("table.findings tbody tr")
    assert rows.count() >= 2
    for n in range(rows.count()):
        box = rows.nth(n).locator("input[name=keep]").bounding_box()
        assert box is not None
        assert box["x"] + box["width"] <= 390, rows.nth(n).inner_text()
