"""The whole way from the queue to the library in real browsers: an educator asks a
question and saves an edit; the contributor, with JavaScript off and no account, replies
and approves by codename; the educator publishes; the vignette appears only once its
random delay has passed (the clock moved); the contributor withdraws it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import time_machine

from fulcrum.browser_tests.chromium import CHROMIUM, CHROMIUM_ARGS, TIMEOUT_MS, launch
from fulcrum.browser_tests.conftest import require_chromium
from fulcrum.browser_tests.signin import sign_in, sign_in_with_second_factor
from fulcrum.testing import NOW, make_user
from fulcrum.vignettes.models import Vignette
from fulcrum.vignettes.services import DELAY_MAX
from fulcrum.vignettes.tests.helpers import make_educator, send

if TYPE_CHECKING:
    from playwright.sync_api import Page
    from pytest_django.live_server_helper import LiveServer

pytestmark = pytest.mark.browser

STORY = "A client asked me to lend her the book I had quoted, and I said yes at once."
TITLE = "The book I lent"


@pytest.fixture
def two_browsers(tmp_path: Path) -> Iterator[tuple[Page, Page]]:
    """The educator's ordinary browser, and the contributor's: phone width, JavaScript
    off. One Playwright drives both (it allows one per thread)."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        educator = launch(playwright, tmp_path / "educator-profile")
        anonymous = playwright.chromium.launch_persistent_context(
            user_data_dir=str(tmp_path / "contributor-profile"),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            java_script_enabled=False,
            viewport={"width": 390, "height": 844},
        )
        anonymous.set_default_timeout(TIMEOUT_MS)
        try:
            yield (
                educator.pages[0] if educator.pages else educator.new_page(),
                anonymous.pages[0] if anonymous.pages else anonymous.new_page(),
            )
            assert anonymous.cookies() == [], "a contribution page set a cookie"
        finally:
            anonymous.close()
            educator.close()
            from django.db import connections

            connections.close_all()


def _status(contributor: Page, base: str, codename: str) -> None:
    contributor.goto(base + "/contribute/status/")
    contributor.fill("input[name=codename]", codename)
    contributor.get_by_role("button", name="Show its status").click()
    contributor.get_by_role("heading", name="Your vignette").wait_for()


def test_it_asks_replies_approves_publishes_after_the_delay_and_withdraws(
    two_browsers: tuple[Page, Page], live_server: LiveServer, artifacts: Path
) -> None:
    page, contributor = two_browsers
    base = live_server.url
    vignette, codename = send(STORY)
    make_educator("erin")
    make_user("robin")

    # The educator asks a question and saves a version with a title.
    sign_in_with_second_factor(page, base, "erin")
    page.goto(f"{base}/teach/queue/{vignette.pk}/")
    page.fill("textarea[name=question]", "Did you talk about the book afterwards?")
    page.get_by_role("button", name="Ask").click()
    page.get_by_text("Asked; the contributor reads it with their codename.").wait_for()
    page.fill("input[name=title]", TITLE)
    page.fill("textarea[name=text]", STORY.replace("at once", "after a pause"))
    page.get_by_role("button", name="Save this version").click()
    page.get_by_text("Saved as version 1").wait_for()
    assert page.get_by_role("button", name="Publish version 1").count() == 0

    # The contributor reads the question and the changes, replies, and approves.
    _status(contributor, base, codename)
    contributor.get_by_text("Did you talk about the book afterwards?").wait_for()
    removed = " ".join(contributor.locator(".word-diff del").all_inner_texts())
    assert "once." in removed
    contributor.fill("textarea[name=reply]", "We did, in the next session.")
    contributor.get_by_role("button", name="Send my reply").click()
    contributor.get_by_text("Your reply has been sent.").wait_for()
    contributor.get_by_role("button", name="Approve version 1").click()
    contributor.get_by_text("You have approved version 1.").wait_for()
    contributor.screenshot(path=str(artifacts / "vignette-approved-by-codename.png"))

    # The educator reads the reply and publishes; it is not in the library yet.
    page.reload()
    page.get_by_text("We did, in the next session.").wait_for()
    page.get_by_role("button", name="Publish version 1").click()
    page.get_by_text("it appears in the library after a random delay").wait_for()
    vignette.refresh_from_db()
    assert vignette.status == Vignette.Status.PUBLISHED
    assert vignette.appears_at is not None
    page.goto(base + "/library/")
    assert page.get_by_text(TITLE).count() == 0

    # Once the longest delay has passed, a practitioner finds it; its teller withdraws it.
    with time_machine.travel(NOW + DELAY_MAX + timedelta(hours=1)):
        sign_in(page, base, "robin")
        page.goto(base + "/library/")
        page.get_by_role("link", name=TITLE).wait_for()
        _status(contributor, base, codename)
        contributor.get_by_text(f"It is in the library as “{TITLE}”.").wait_for()
        contributor.locator("input[name=sure]").check()
        contributor.get_by_role("button", name="Withdraw it").click()
        contributor.get_by_text("It has been withdrawn").wait_for()
        page.reload()
        assert page.get_by_role("link", name=TITLE).count() == 0
    vignette.refresh_from_db()
    assert vignette.status == Vignette.Status.WITHDRAWN
    assert vignette.published_text == ""
