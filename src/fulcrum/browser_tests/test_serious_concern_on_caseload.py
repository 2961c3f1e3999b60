"""Ticking a grievance-level sign opens a serious concern the caseload shows at once.

Clicked through as a practitioner would: a check-in with "Worked beyond my scope"
ticked, then the caseload, where the concern sits above the clients with its
supervision question, an offer of an incident entry, and a way to record what was done.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from fulcrum.browser_tests.signin import sign_in
from fulcrum.checkins.models import SeriousConcern
from fulcrum.core.catalogue import load_catalogue
from fulcrum.testing import make_client, make_user

if TYPE_CHECKING:
    from playwright.sync_api import Page
    from pytest_django.live_server_helper import LiveServer

pytestmark = pytest.mark.browser

WHEN = "2026-10-30T10:00"  # before testing.NOW, where the server's clock stands


def test_it_shows_a_serious_concern_on_the_caseload(
    page: Page, live_server: LiveServer, artifacts: Path, transactional_db: None
) -> None:
    client = make_client(make_user("robin"), "C-011")
    base = live_server.url
    sign_in(page, base, "robin")
    label = load_catalogue().indicator("scope_creep").label

    page.goto(f"{base}/clients/{client.pk}/checkins/new/")
    page.fill("#id_session_at", WHEN)
    page.locator("label[for='id_choices_offered_0']").click()
    page.locator("details.sign-group.serious > summary").click()
    page.get_by_label(label).check()
    page.get_by_role("button", name="Save check-in").click()
    page.get_by_role("heading", name="Check-in saved").wait_for()
    assert SeriousConcern.objects.filter(client=client, closed_at__isnull=True).count() == 1

    page.goto(base + "/")
    concerns = page.locator("#serious-concerns")
    concerns.wait_for()
    assert f"Serious concern: {label}" in concerns.inner_text()
    assert "For supervision:" in concerns.inner_text()
    box = concerns.bounding_box()
    first_case = page.locator("ol.caseload > li").first.bounding_box()
    assert box is not None
    assert first_case is not None
    assert box["y"] < first_case["y"], "the concern should sit above the caseload"
    incident = concerns.get_by_role("link", name="Start an incident entry")
    assert incident.get_attribute("href") == f"/incidents/new/?client={client.pk}"
    page.screenshot(path=str(artifacts / "serious-concern-caseload.png"))

    concerns.get_by_role("link", name="Record what I did").click()
    page.fill("#id_what_i_did", "Stopped, explained my scope and referred on.")
    page.fill("#id_who_i_consulted", "My supervisor")
    page.get_by_role("button", name="Save and close the concern").click()
    page.get_by_role("heading", name="C-011").wait_for()
    assert page.locator("#serious-concerns").count() == 0
    assert SeriousConcern.objects.get(client=client).closed_at is not None
