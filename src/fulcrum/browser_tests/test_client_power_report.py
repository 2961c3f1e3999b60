"""The client's power in the room, clicked through in a real browser.

Upload a session in which the client leans on several kinds of power, read the section
that explains each kind, and open the power map the page offers: the suggested client
ratings are filled in, and nothing is saved until the practitioner saves.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from fulcrum.browser_tests.test_transcript_report import sign_in
from fulcrum.powermaps.models import PowerMap
from fulcrum.testing import make_client, make_user

if TYPE_CHECKING:
    from playwright.sync_api import Page
    from pytest_django.live_server_helper import LiveServer

pytestmark = pytest.mark.browser

SESSION = (
    Path(__file__).parents[1]
    / "core"
    / "transcripts"
    / "coding"
    / "tests"
    / "sessions"
    / "counselling_attorney_client.txt"
)


def test_it_explains_the_clients_power_and_offers_it_to_the_map(
    page: Page, live_server: LiveServer, artifacts: Path, transactional_db: None, tmp_path: Path
) -> None:
    base = live_server.url
    user = make_user("robin")
    client = make_client(user, "C-001")
    upload = tmp_path / "attorney.txt"
    upload.write_bytes(SESSION.read_bytes())

    sign_in(page, base, "robin")
    page.goto(f"{base}/clients/{client.pk}/transcripts/new/")
    page.set_input_files("input[name=file]", str(upload))
    page.fill("input[name=practitioner]", "Counsellor")
    page.get_by_role("button", name="Read and analyse").click()

    page.get_by_role("heading", name="The client's power in the room").wait_for()
    section = page.locator("#client-power-coercive")
    assert "filed complaints" in section.inner_text()
    assert page.locator("svg.timeline a.mark title", has_text="The client's power").count() == 8
    page.screenshot(path=str(artifacts / "client-power-report.png"), full_page=True)

    page.get_by_role("link", name="Open a power map with these ratings").click()
    page.get_by_text("They are a suggestion only").wait_for()
    assert page.locator("input[name=client__coercive][value='3']").is_checked()
    assert not PowerMap.objects.exists()
