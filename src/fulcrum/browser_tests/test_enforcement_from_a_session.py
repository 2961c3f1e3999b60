"""From a session's page on a phone, record that a policy was waived in that session:
the form opens with the session filled in, and the client page shows the waiver rate."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from fulcrum.browser_tests.signin import sign_in
from fulcrum.policies import services
from fulcrum.policies.models import EnforcementRecord
from fulcrum.testing import NOW, make_checkin, make_client, make_user

if TYPE_CHECKING:
    from playwright.sync_api import Page
    from pytest_django.live_server_helper import LiveServer

pytestmark = pytest.mark.browser


def test_it_records_a_waiver_for_the_session_it_came_from(
    page: Page, live_server: LiveServer, artifacts: Path, transactional_db: None
) -> None:
    robin = make_user("robin")
    draft = services.start_draft(robin, "cancellation", now=NOW)
    services.publish(
        draft, change="", summary="", effective_on=NOW.date() - timedelta(days=30), now=NOW
    )
    client = make_client(robin, "B-090", modality="bodywork")
    checkin = make_checkin(client, days_ago=2)
    base = live_server.url
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, base, "robin")
    page.goto(f"{base}/clients/{client.pk}/checkins/{checkin.pk}/")
    page.get_by_role(
        "link", name="Record what you did when a policy applied in this session"
    ).click()
    assert page.locator("#id_checkin").input_value() == str(checkin.pk)
    page.get_by_label("Waived it").check()
    page.fill("#id_note", "Snowed in; waived the fee.")
    with page.expect_navigation():
        page.get_by_role("button", name="Record what you did", exact=True).click()
    page.wait_for_url(f"{base}/policies/clients/{client.pk}/enforcement/")
    record = EnforcementRecord.objects.get()
    assert record.checkin_id == checkin.pk
    assert record.action == "waived"
    page.goto(f"{base}/clients/{client.pk}/")
    rates = page.locator("table.waiver-rates")
    assert "100%" in rates.inner_text()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the client page scrolls sideways by {overflow}px"
    page.screenshot(path=str(artifacts / "enforcement-client-page.png"), full_page=True)
