"""A client answers the four questions on a phone, in one screen, and the link closes.

The practitioner's side is set up through the services; the client's side is clicked
through in a real browser at a phone's size, without an account.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from fulcrum.clientvoice.models import VoiceAnswer
from fulcrum.clientvoice.tests.helpers import open_link
from fulcrum.testing import make_checkin, make_client, make_user

if TYPE_CHECKING:
    from playwright.sync_api import Page, ViewportSize
    from pytest_django.live_server_helper import LiveServer

pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 390, "height": 844}
ANSWERS = {"choice": 4, "voice": 6, "safety": 9, "respect": 8}


def test_it_lets_a_client_answer_once_in_one_phone_screen(
    page: Page, live_server: LiveServer, artifacts: Path, transactional_db: None
) -> None:
    checkin = make_checkin(make_client(make_user("robin"), "C-042", alias="Sparrow"))
    url = f"{live_server.url}/voice/{open_link(checkin)}/"

    page.set_viewport_size(PHONE)
    response = page.goto(url)
    assert response is not None
    assert response.status == 200
    assert response.headers["referrer-policy"] == "no-referrer"
    body = page.locator("body").inner_text()
    for telltale in ("C-042", "Sparrow", "robin", "Fulcrum"):
        assert telltale not in body

    for item, value in ANSWERS.items():
        page.locator(f"label[for='id_{item}_{value}']").click()
    page.fill("textarea[name=comment]", "Slower than usual, which helped.")

    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the client's page scrolls sideways by {overflow}px"
    assert page.evaluate("window.scrollY") == 0, "answering needed scrolling"
    submit = page.get_by_role("button", name="Send my answers")
    box = submit.bounding_box()
    assert box is not None
    assert box["y"] >= 0
    assert box["y"] + box["height"] <= PHONE["height"], f"the button is off-screen: {box}"
    page.screenshot(path=str(artifacts / "client-voice-phone.png"))

    submit.click()
    page.get_by_role("heading", name="Thank you").wait_for()
    answer = VoiceAnswer.objects.get()
    assert (answer.choice, answer.voice, answer.safety, answer.respect) == (4, 6, 9, 8)
    assert answer.comment == "Slower than usual, which helped."

    again = page.goto(url)
    assert again is not None
    assert again.status == 410
    page.get_by_role("heading", name="This link is not open").wait_for()
    assert "C-042" not in page.locator("body").inner_text()
    page.screenshot(path=str(artifacts / "client-voice-refused.png"))
    assert VoiceAnswer.objects.count() == 1
