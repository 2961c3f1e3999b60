"""A practitioner opens a module, follows its link to the facilitator's guide, and reads
the plan, whose minutes add up to the session's length, and both role-plays."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from fulcrum.accounts.models import Role
from fulcrum.browser_tests.signin import sign_in
from fulcrum.core.course.content import load_course
from fulcrum.testing import make_user

if TYPE_CHECKING:
    from playwright.sync_api import Page
    from pytest_django.live_server_helper import LiveServer

pytestmark = pytest.mark.browser


def test_it_reaches_the_guide_from_the_module_page(
    page: Page, live_server: LiveServer, artifacts: Path, transactional_db: None
) -> None:
    make_user("dana", Role.PRACTITIONER)
    module = load_course().module("safe-harbour")
    guide = module.guide
    assert guide is not None
    sign_in(page, live_server.url, "dana")
    page.goto(f"{live_server.url}/course/{module.id}/")
    page.get_by_role("link", name="Facilitator's guide").click()
    page.get_by_role("heading", name=f"Facilitator's guide: {module.title}").wait_for()
    rows = page.locator("table tbody tr")
    assert rows.count() == len(guide.parts)
    minutes = [int(rows.nth(i).locator("td").nth(1).inner_text()) for i in range(rows.count())]
    assert sum(minutes) == guide.session_minutes
    assert page.locator("tfoot td").first.inner_text() == str(guide.session_minutes)
    for play in guide.role_plays:
        page.get_by_role("heading", name=play.title, exact=False).first.wait_for()
    page.screenshot(path=str(artifacts / "course-guide.png"), full_page=True)
