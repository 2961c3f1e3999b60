"""A session transcript, clicked through in a real browser.

Sign in, upload a short .vtt to a client, read the report (timeline, indicators), follow
a link to a moment in the transcript, then start the session's check-in pre-filled from
the analysis, complete what only the practitioner can answer, and save it.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.utils import timezone

from fulcrum.checkins.models import CheckIn
from fulcrum.testing import NOW, PASSWORD, make_client, make_user
from fulcrum.transcripts.models import Transcript
from fulcrum.transcripts.tests.helpers import DISCLOSURE_TURN, SHORT_VTT

if TYPE_CHECKING:
    from playwright.sync_api import Page
    from pytest_django.live_server_helper import LiveServer

pytestmark = pytest.mark.browser


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(base + "/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(base + "/")


def test_it_uploads_a_vtt_reads_the_report_and_prefills_the_checkin(
    page: Page, live_server: LiveServer, artifacts: Path, transactional_db: None, tmp_path: Path
) -> None:
    base = live_server.url
    user = make_user("robin")
    client = make_client(user, "C-001")
    session = (timezone.localtime(NOW) - timedelta(hours=3)).replace(second=0, microsecond=0)
    upload = tmp_path / "week-6.vtt"
    upload.write_bytes(SHORT_VTT.read_bytes())

    sign_in(page, base, "robin")
    page.goto(f"{base}/clients/{client.pk}/")
    page.get_by_role("link", name="Upload a transcript").click()
    page.set_input_files("input[name=file]", str(upload))
    page.fill("input[name=session_at]", session.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Read and analyse").click()

    # The report: header, the guess with its confidence, the timeline and the indicators.
    page.get_by_role("heading", name="Session transcript · C-001").wait_for()
    assert Transcript.objects.filter(client=client).count() == 1
    page.get_by_text("Fulcrum guessed that").wait_for()
    timeline = page.locator("svg.timeline")
    timeline.wait_for()
    assert timeline.locator("a.turn").count() == 10
    indicator = page.locator("#ind-self_disclosure")
    assert "Practitioner self-disclosure" in indicator.inner_text()

    # Follow the indicator's link to the moment behind it.
    indicator.get_by_role("link", name=f"#{DISCLOSURE_TURN}").click()
    page.wait_for_url(f"**#u-{DISCLOSURE_TURN}")
    target = page.evaluate("document.querySelector(':target').id")
    assert target == f"u-{DISCLOSURE_TURN}"
    moment = page.locator(f"#u-{DISCLOSURE_TURN}")
    assert "When I was your age" in moment.inner_text()
    assert moment.is_visible()
    page.screenshot(path=str(artifacts / "transcript-report.png"), full_page=True)

    # Start the check-in for the session: pre-filled from the analysis.
    page.get_by_role("link", name="Start the check-in for this session").click()
    page.get_by_role("heading", name="Filled in from the transcript").wait_for()
    assert page.input_value("input[name=session_at]") == session.strftime("%Y-%m-%dT%H:%M")
    assert page.is_checked("input[name=choices_offered][value=yes]")
    assert page.input_value("input[name=choices_count]") == "2"
    assert page.is_checked("input[name=disclosure][value=yes]")
    assert "my own shifts" in page.input_value("input[name=disclosure_note]")
    page.screenshot(path=str(artifacts / "transcript-prefilled-checkin.png"), full_page=True)

    # Only the practitioner can say whose need the disclosure served.
    page.check("input[name=disclosure_served][value=unsure]")
    page.get_by_role("button", name="Save check-in").click()
    page.get_by_role("heading", name="Check-in saved").wait_for()
    checkin = CheckIn.objects.get(client=client)
    assert checkin.choices_offered == "yes"
    assert checkin.disclosure
    assert Transcript.objects.get(client=client).checkin == checkin

    # Back on the report, the linked check-in is offered for updating instead.
    page.goto(f"{base}/clients/{client.pk}/")
    page.locator("#client-transcripts a.when").first.click()
    page.get_by_role("link", name="Update the check-in for this session").wait_for()
