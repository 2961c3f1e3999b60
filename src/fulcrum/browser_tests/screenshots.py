"""Take the README's screenshots from a running Fulcrum signed in as the demo practitioner.

    fulcrum demo ...            # a server with the demo workspace, e.g. on port 8000
    python -m fulcrum.browser_tests.screenshots docs/screenshots --url http://127.0.0.1:8000

Saves dashboard.png, client.png, powermap.png, checkin.png, drift.png, transcript.png
(the report of the first session transcript found), harbour.png, voice.png (the client's
page, phone-sized) and supervision.png into OUTDIR, using the system Chromium (never a
downloaded one). voice.png needs a fresh client link: the script creates one on the
first client's page and withdraws it afterwards.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from fulcrum.browser_tests.chromium import CHROMIUM, launch

if TYPE_CHECKING:
    from playwright.sync_api import ViewportSize

DEMO_USERNAME = "demo"
DEMO_PASSWORD = "fulcrum-demo"  # the published demo login, not a secret  # noqa: S105
SHOTS = (
    "dashboard",
    "client",
    "powermap",
    "checkin",
    "drift",
    "transcript",
    "harbour",
    "voice",
    "supervision",
)
PHONE: ViewportSize = {"width": 390, "height": 844}
# The report shows this many clients: enough to show its shape, short enough to read.
REPORT_CLIENTS = 2
# Long pages are cut here: the top of a page shows its shape; the rest is for the reader.
MAX_HEIGHT = 1800


def take(outdir: Path, url: str, username: str, password: str, width: int = 1280) -> list[Path]:
    """Sign in at ``url`` and save one screenshot per page in SHOTS (at most MAX_HEIGHT tall)."""
    from playwright.sync_api import sync_playwright

    outdir.mkdir(parents=True, exist_ok=True)
    base = url.rstrip("/") + "/"
    saved: list[Path] = []
    with tempfile.TemporaryDirectory() as profile, sync_playwright() as playwright:
        context = launch(playwright, Path(profile))
        try:
            page = context.pages[0] if context.pages else context.new_page()
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(urljoin(base, "login/"))
            page.fill("input[name=username]", username)
            page.fill("input[name=password]", password)
            page.locator("main form button[type=submit]").first.click()
            page.wait_for_load_state()
            if "/login/" in page.url:
                raise SystemExit(f"Could not sign in as {username!r} at {base}.")

            def shot(name: str) -> None:
                page.wait_for_load_state("networkidle")
                path = outdir / f"{name}.png"
                page_height = int(page.evaluate("document.documentElement.scrollHeight"))
                height = min(page_height, MAX_HEIGHT)
                # A viewport as tall as the shot keeps sticky bars at its foot.
                page.set_viewport_size({"width": width, "height": max(height, 900)})
                page.screenshot(path=str(path))
                page.set_viewport_size({"width": width, "height": 900})
                saved.append(path)

            page.goto(base)
            shot("dashboard")

            # The client the caseload lists first: with open warnings, if any client has them.
            client_link = page.locator("ol.caseload li h2 a").first
            client_url = urljoin(base, client_link.get_attribute("href") or "")
            page.goto(client_url)
            shot("client")

            map_link = page.locator("a[href*='/maps/']").filter(has_text="Open the full map")
            if map_link.count():
                page.goto(urljoin(base, map_link.first.get_attribute("href") or ""))
            else:
                page.goto(urljoin(client_url, "maps/new/"))
            shot("powermap")

            page.goto(urljoin(client_url, "checkins/new/"))
            shot("checkin")

            drift_link = page.locator("nav[aria-label=Main] a").filter(has_text="Drift")
            page.goto(
                urljoin(base, drift_link.first.get_attribute("href") or "")
                if drift_link.count()
                else client_url
            )
            shot("drift")

            # The first client (in list order) with a transcript: in the demo, B-201.
            page.goto(urljoin(base, "clients/"))
            client_pages = [
                urljoin(base, link.get_attribute("href") or "")
                for link in page.locator("table.clients tbody th a").all()
            ]
            for candidate in client_pages:
                page.goto(candidate)
                report = page.locator("#client-transcripts a.when")
                if report.count():
                    page.goto(urljoin(base, report.first.get_attribute("href") or ""))
                    shot("transcript")
                    break

            page.goto(urljoin(base, "harbour/"))
            shot("harbour")

            # A fresh single-use link, opened as the client would: no session, phone-sized.
            page.goto(urljoin(base, "voice/"))
            page.locator("main table a").first.click()
            page.wait_for_load_state()
            page.get_by_role("button", name="Create a link").first.click()
            page.wait_for_load_state()
            link_page = page.url
            voice_url = page.locator(".voice-url code").inner_text().strip()
            with tempfile.TemporaryDirectory() as phone_profile:
                client_view = launch(playwright, Path(phone_profile))
                try:
                    phone = client_view.pages[0] if client_view.pages else client_view.new_page()
                    phone.set_viewport_size(PHONE)
                    phone.goto(voice_url)
                    phone.wait_for_load_state("networkidle")
                    path = outdir / "voice.png"
                    phone.screenshot(path=str(path))
                    saved.append(path)
                finally:
                    client_view.close()
            page.goto(link_page)
            withdraw = page.get_by_role("button", name="Withdraw the link")
            if withdraw.count():
                withdraw.click()
                page.wait_for_load_state()

            page.goto(urljoin(base, "supervision/"))
            boxes = page.locator("input[name=clients]")
            for i in range(min(REPORT_CLIENTS, boxes.count())):
                boxes.nth(i).check()
            entries = page.locator("input[name=entries]")
            for i in range(entries.count()):
                entries.nth(i).check()
            page.get_by_role("button", name="Show the report").click()
            page.wait_for_load_state()
            shot("supervision")
        finally:
            context.close()
    return saved


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m fulcrum.browser_tests.screenshots", description=__doc__.split("\n")[0]
    )
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--username", default=DEMO_USERNAME)
    parser.add_argument("--password", default=DEMO_PASSWORD)
    parser.add_argument("--width", type=int, default=1280)
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        raise SystemExit(f"Screenshots need Chromium at {CHROMIUM}.")
    for path in take(args.outdir, args.url, args.username, args.password, args.width):
        print(path)


if __name__ == "__main__":
    main(sys.argv[1:])
