"""The client's consent page passes an accessibility scan at a phone's width with the
page's own JavaScript off: axe-core (vendored in vendor/axe.min.js, never fetched) is
run by the test's browser into the page and finds no serious or critical violation.

The page is shown as a client sees it when asked again after a material change (the
word diff first), and with the errors a missing answer brings, and then the thank-you
page that offers the receipt.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from fulcrum.browser_tests.chromium import CHROMIUM, CHROMIUM_ARGS, TIMEOUT_MS
from fulcrum.browser_tests.conftest import require_chromium
from fulcrum.policies import services
from fulcrum.policies.links import Answer, answer_consent_link, create_consent_link
from fulcrum.testing import NOW, make_client, make_user

if TYPE_CHECKING:
    from playwright.sync_api import CDPSession, Page
    from pytest_django.live_server_helper import LiveServer

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
BLOCKING = ("serious", "critical")


@dataclass(frozen=True)
class ScriptlessPage:
    """A phone-width page whose own scripts never run, and the DevTools session that
    keeps them off."""

    page: Page
    devtools: CDPSession


@pytest.fixture
def narrow_page_without_script(tmp_path: Path) -> Iterator[ScriptlessPage]:
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            user_data_dir=str(tmp_path / "profile"),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 360, "height": 740},
        )
        context.set_default_timeout(TIMEOUT_MS)
        page = context.pages[0] if context.pages else context.new_page()
        # The page's own scripts never run: script execution is off through DevTools
        # (Playwright's java_script_enabled=False would also stop the timers axe waits
        # on, with no way to lift it for axe alone). scan() lifts it only while axe runs.
        devtools = context.new_cdp_session(page)
        devtools.send("Emulation.setScriptExecutionDisabled", {"value": True})
        try:
            yield ScriptlessPage(page, devtools)
        finally:
            context.close()
            from django.db import connections

            connections.close_all()


def scan(scriptless: ScriptlessPage) -> list[dict[str, Any]]:
    """axe's serious and critical violations on the page as it stands.

    The page loaded with script execution off, so none of its own ran; it is turned on
    only while axe runs (axe waits on timers), then off again for what follows.
    """
    page, devtools = scriptless.page, scriptless.devtools
    assert page.evaluate("document.scripts.length") == 0, "the client's page carries a script"
    devtools.send("Emulation.setScriptExecutionDisabled", {"value": False})
    try:
        page.evaluate(AXE.read_text(encoding="utf-8"))
        results: dict[str, Any] = page.evaluate(
            """() => Promise.race([
                axe.run(document, {resultTypes: ['violations']}),
                new Promise((_, fail) => setTimeout(() => fail(new Error('axe timed out')), 30000)),
            ])"""
        )
    finally:
        devtools.send("Emulation.setScriptExecutionDisabled", {"value": True})
    assert results["testEngine"]["name"] == "axe-core"
    print("axe:", sorted((v["id"], v["impact"]) for v in results["violations"]))
    return [v for v in results["violations"] if v["impact"] in BLOCKING]


def described(violations: list[dict[str, Any]]) -> str:
    return "; ".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in violations
    )


def test_axe_finds_no_serious_violation_on_the_consent_page(
    narrow_page_without_script: ScriptlessPage, live_server: LiveServer
) -> None:
    scriptless = narrow_page_without_script
    page = scriptless.page
    owner = make_user("robin")
    client = make_client(owner, "C-042")
    draft = services.start_draft(owner, "cancellation", now=NOW)
    first = services.publish(draft, change="", summary="", effective_on=NOW.date(), now=NOW)
    _, earlier = create_consent_link(client, [first], now=NOW)
    answer_consent_link(earlier, {first.pk: Answer("accepted")}, typed_name="Sam", now=NOW)
    draft = services.start_draft(owner, "cancellation", now=NOW)
    services.edit_draft(draft, title=first.title, text=first.text + "\n\nTwo days ahead.", now=NOW)
    cancel = services.publish(
        draft, change="material", summary="Two days.", effective_on=NOW.date(), now=NOW
    )
    fees = services.publish(
        services.start_draft(owner, "payment", now=NOW),
        change="",
        summary="",
        effective_on=NOW.date(),
        now=NOW,
    )
    _, token = create_consent_link(client, [cancel, fees], now=NOW)

    response = page.goto(f"{live_server.url}/consent/{token}/")
    assert response is not None
    assert response.status == 200
    assert page.locator("ins, del").count() > 0  # the word diff is on the page being scanned
    found = scan(scriptless)
    print(f"axe on the consent page: {len(found)} serious or critical violations")
    assert not found, described(found)

    # Sent with one answer missing: the page comes back with its errors.
    page.locator(f"input[name=answer_{cancel.pk}][value=accepted]").check()
    page.get_by_role("button", name="Send my answers").click()
    page.get_by_role("alert").first.wait_for()
    found = scan(scriptless)
    assert not found, described(found)

    page.locator(f"input[name=answer_{fees.pk}][value=declined]").check()
    page.fill("input[name=typed_name]", "Sam Client")
    page.get_by_role("button", name="Send my answers").click()
    page.get_by_role("heading", name="Thank you").wait_for()
    found = scan(scriptless)
    assert not found, described(found)


def test_the_scan_itself_finds_a_serious_violation(
    narrow_page_without_script: ScriptlessPage,
) -> None:
    narrow_page_without_script.page.set_content(
        '<!doctype html><html lang="en"><head><title>Broken</title></head>'
        '<body><main><h1>Broken</h1><img src="x.png"><input type="text"></main></body></html>'
    )
    found = {v["id"] for v in scan(narrow_page_without_script)}
    assert {"image-alt", "label"} <= found
