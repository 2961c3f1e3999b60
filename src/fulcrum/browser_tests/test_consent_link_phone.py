"""A client answers a consent link at 360 px with JavaScript off, with no account and no
cookie, and the link closes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from fulcrum.browser_tests.chromium import CHROMIUM, CHROMIUM_ARGS, TIMEOUT_MS
from fulcrum.browser_tests.conftest import require_chromium
from fulcrum.policies import services
from fulcrum.policies.links import create_consent_link
from fulcrum.policies.models import ConsentEvent
from fulcrum.testing import NOW, make_client, make_user

if TYPE_CHECKING:
    from playwright.sync_api import Page
    from pytest_django.live_server_helper import LiveServer

pytestmark = pytest.mark.browser


@pytest.fixture
def narrow_page_without_script(tmp_path: Path) -> Iterator[Page]:
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            user_data_dir=str(tmp_path / "profile"),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            java_script_enabled=False,
            viewport={"width": 360, "height": 740},
        )
        context.set_default_timeout(TIMEOUT_MS)
        try:
            yield context.pages[0] if context.pages else context.new_page()
        finally:
            assert context.cookies() == [], "the consent page set a cookie"
            context.close()
            from django.db import connections

            connections.close_all()


def test_it_lets_a_client_agree_and_ask_without_javascript(
    narrow_page_without_script: Page,
    live_server: LiveServer,
    artifacts: Path,
) -> None:
    page = narrow_page_without_script
    owner = make_user("robin")
    client = make_client(owner, "C-042", alias="Sparrow")
    versions = []
    for kind in ("cancellation", "payment"):
        draft = services.start_draft(owner, kind, now=NOW)
        versions.append(
            services.publish(draft, change="", summary="", effective_on=NOW.date(), now=NOW)
        )
    cancel, fees = versions
    _, token = create_consent_link(client, versions, now=NOW)
    url = f"{live_server.url}/consent/{token}/"

    response = page.goto(url)
    assert response is not None
    assert response.status == 200
    body = page.locator("body").inner_text()
    for telltale in ("C-042", "Sparrow", "robin"):
        assert telltale not in body
    assert cancel.title in body
    page.locator(f"input[name=answer_{cancel.pk}][value=accepted]").check()
    page.locator(f"input[name=answer_{fees.pk}][value=question]").check()
    page.fill(f"textarea[name=question_{fees.pk}]", "Can I pay by card?")
    page.fill("input[name=typed_name]", "Sam Client")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the consent page scrolls sideways by {overflow}px"
    page.screenshot(path=str(artifacts / "consent-link-phone.png"), full_page=True)

    page.get_by_role("button", name="Send my answers").click()
    page.get_by_role("heading", name="Thank you").wait_for()
    events = {e.version_id: e for e in ConsentEvent.objects.all()}
    assert events[cancel.pk].event == "accepted"
    assert events[cancel.pk].typed_name == "Sam Client"
    assert events[fees.pk].question == "Can I pay by card?"

    again = page.goto(url)
    assert again is not None
    assert again.status == 410
    page.get_by_role("heading", name="This link is not open").wait_for()
