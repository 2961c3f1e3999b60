"""The check-in form on a phone (390 x 844) for a talk-therapy client.

The groups of signs that fit talk therapy come first, each folded to one row; touch and
draping sit folded under "Other kinds of work"; the common case fits in about two
screens with few controls in view; and the save bar leaves room above it, so a tap or
a Tab meant for the last row of boxes never lands on Save.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from fulcrum.browser_tests.signin import sign_in
from fulcrum.checkins.models import CheckIn
from fulcrum.harbour.tests.helpers import make_plan
from fulcrum.testing import make_client, make_user

if TYPE_CHECKING:
    from playwright.sync_api import Page, ViewportSize
    from pytest_django.live_server_helper import LiveServer

pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 390, "height": 844}
# "About two screens": the form, from its first control to the save bar.
MAX_SCREENS = 2.3
MAX_CONTROLS_IN_VIEW = 20
# Clear space kept between anything focused and the top of the save bar.
MIN_GAP_PX = 8

# The bottom of what a finger aims at: the box itself, or the chip around a hidden one.
BOTTOM_OF_TARGET = """e => {
  const own = e.getBoundingClientRect();
  const chip = e.closest('label.radio');
  return (own.width < 10 && chip ? chip.getBoundingClientRect() : own).bottom;
}"""
VISIBLE_CONTROLS = """form => [...form.querySelectorAll(
  'input:not([type=hidden]), select, textarea, button')].filter(e => e.checkVisibility()).length"""


def test_it_shows_the_modality_first_form_in_about_two_phone_screens(
    page: Page, live_server: LiveServer, artifacts: Path, transactional_db: None
) -> None:
    robin = make_user("robin")
    make_plan(robin)
    client = make_client(robin, "C-090", modality="talk")
    base = live_server.url
    page.set_viewport_size(PHONE)
    sign_in(page, base, "robin")
    page.goto(f"{base}/clients/{client.pk}/checkins/new/")

    form = page.locator("form.checkin-form")
    summaries = page.locator("fieldset.signs details.sign-group > summary")
    first_rows = [s.split("\n")[0] for s in summaries.all_inner_texts()]
    assert first_rows[0].startswith("Choice & consent"), first_rows
    touch = page.locator("#group-touch---draping")
    assert not touch.is_visible()
    assert page.locator("details.other-groups > summary").is_visible()
    assert not page.get_by_text("Careless draping").is_visible()

    height = form.evaluate("f => f.getBoundingClientRect().height")
    assert height <= MAX_SCREENS * PHONE["height"], f"the form is {height / 844:.2f} screens"
    controls = form.evaluate(VISIBLE_CONTROLS)
    assert controls <= MAX_CONTROLS_IN_VIEW, f"{controls} controls in view"
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the form scrolls sideways by {overflow}px"
    page.screenshot(path=str(artifacts / "checkin-phone.png"), full_page=True)

    # The questions that follow a disclosure or a noticed signal appear with that answer.
    served = page.get_by_text("Whose need did it serve?")
    assert not served.is_visible()
    page.locator("label[for='id_disclosure_1']").click()
    assert served.is_visible()
    page.locator("label[for='id_disclosure_0']").click()
    assert not served.is_visible()
    assert not page.locator("#id_client_signals").is_visible()

    # The common case: time, choices, one sign, how I was.
    page.locator("label[for='id_choices_offered_0']").click()
    page.fill("#id_choices_count", "2")
    page.locator("#group-presence > summary").click()
    page.get_by_text("Gave clear guidance").click()
    page.locator("label[for='id_practitioner_state_0']").click()

    bar = page.locator(".form-actions.sticky")
    boxes = form.locator("input[type=checkbox], input[type=radio], input[type=text], textarea")
    for i in range(boxes.count()):
        box = boxes.nth(i)
        if not box.evaluate("e => e.checkVisibility()"):
            continue
        box.focus()
        target = box.evaluate(BOTTOM_OF_TARGET)
        bar_top = bar.evaluate("b => b.getBoundingClientRect().top")
        name = box.evaluate("e => e.name + '=' + e.value")
        assert target <= bar_top - MIN_GAP_PX, f"{name} sits under the save bar"

    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    last_row = form.locator("label.radio.chip").last.evaluate(
        "e => e.getBoundingClientRect().bottom"
    )
    note = form.locator("#id_note").evaluate("e => e.getBoundingClientRect().bottom")
    bar_top = bar.evaluate("b => b.getBoundingClientRect().top")
    assert max(last_row, note) <= bar_top - MIN_GAP_PX

    page.get_by_role("button", name="Save check-in").click()
    page.get_by_role("heading", name="Check-in saved").wait_for()
    saved = CheckIn.objects.get()
    assert "clear_guidance" in saved.indicators
    assert saved.practitioner_state == ["tired"]
