"""A power map whose third party is named but left mostly "not rated", clicked through.

The unrated kinds read "not rated" (not 0) and stay off the radar; the map carries the
day it was made; the vulnerability bar is not painted green.
"""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.utils import timezone

from fulcrum.browser_tests.signin import sign_in
from fulcrum.powermaps.models import PowerMap
from fulcrum.testing import NOW, make_client, make_user

if TYPE_CHECKING:
    from playwright.sync_api import Page
    from pytest_django.live_server_helper import LiveServer

pytestmark = pytest.mark.browser

KINDS = ("legitimate", "coercive", "expert", "referent", "reward", "personal")


def is_greenish(rgb: tuple[int, int, int]) -> bool:
    r, g, b = rgb
    return g > r + 20 and g > b + 20


def test_it_maps_a_third_party_rated_on_one_kind_only(
    page: Page, live_server: LiveServer, artifacts: Path, transactional_db: None
) -> None:
    from PIL import Image

    client = make_client(make_user("robin"), "C-210")
    base = live_server.url
    sign_in(page, base, "robin")
    page.goto(f"{base}/clients/{client.pk}/")
    page.get_by_role("link", name="New power map").first.click()

    yesterday = timezone.localtime(NOW).date() - timedelta(days=1)
    page.fill("#id_assessed_on", yesterday.isoformat())
    page.select_option("#id_third_party_kind", "attorney")
    page.fill("#id_third_party_label", "The client's own lawyer")
    for kind in KINDS:
        page.check(f"input[name='practitioner__{kind}'][value='2']")
        page.check(f"input[name='client__{kind}'][value='{3 if kind == 'coercive' else 1}']")
    page.check("input[name='third_party__coercive'][value='4']")
    page.check("input[name='amplifiers'][value='client_in_crisis']")
    page.get_by_role("button", name="Save power map").click()
    page.get_by_role("heading", name="Reading").wait_for()

    pm = PowerMap.objects.get()
    assert timezone.localtime(pm.assessed_at).date() == yesterday
    assert pm.ratings["third_party"] == {"coercive": 4}

    table = page.locator("table.balances")
    header = table.locator("thead th").all_inner_texts()
    assert "The client's own lawyer (an attorney or lawyer)" in header
    assert table.locator("td .not-rated").count() == 5
    coercive = table.locator("tbody tr", has_text="Coercive").locator("td").all_inner_texts()
    assert "4" in coercive
    radar = page.locator("svg.radar")
    assert radar.locator("polygon.series-third_party").count() == 0
    assert radar.locator("g.series-third_party circle").count() == 1
    assert page.get_by_text("Kinds left “not rated” are not drawn.").is_visible()

    bar = page.locator("meter#amplification")
    shot = Image.open(io.BytesIO(bar.screenshot())).convert("RGB")
    # The filled part starts at the left edge; sample its middle row.
    pixels = [shot.getpixel((x, shot.height // 2)) for x in range(2, shot.width // 4)]
    filled = [p for p in pixels if sum(p) < 600]  # type: ignore[arg-type]
    assert filled, "the vulnerability bar shows no fill"
    assert not any(is_greenish(p) for p in filled), f"the bar is green: {filled[:3]}"  # type: ignore[arg-type]
    page.screenshot(path=str(artifacts / "power-map-third-party.png"), full_page=True)
