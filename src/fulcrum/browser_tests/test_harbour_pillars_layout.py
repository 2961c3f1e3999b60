"""The four safe-harbour pillars never lay out as three cards and one alone."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from fulcrum.browser_tests.signin import sign_in
from fulcrum.harbour.tests.helpers import make_plan
from fulcrum.testing import make_user

if TYPE_CHECKING:
    from playwright.sync_api import Page
    from pytest_django.live_server_helper import LiveServer

pytestmark = pytest.mark.browser

# Phone, small tablet, tablet, laptop, desktop, wide desktop.
WIDTHS = (390, 640, 800, 1024, 1280, 1440, 1920)


def test_it_lays_the_pillars_out_in_even_rows_at_common_widths(
    page: Page, live_server: LiveServer, transactional_db: None
) -> None:
    make_plan(make_user("robin"))
    sign_in(page, live_server.url, "robin")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(live_server.url + "/harbour/")
        tops = page.eval_on_selector_all(
            ".pillars > .pillar",
            "cards => cards.map(c => Math.round(c.getBoundingClientRect().top))",
        )
        assert len(tops) == 4
        rows: dict[int, int] = {}
        for top in tops:
            rows[top] = rows.get(top, 0) + 1
        assert len(set(rows.values())) == 1, f"at {width}px the pillars sit {list(rows.values())}"
