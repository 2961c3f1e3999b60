"""Playwright fixtures: the system's Chromium, headless, against pytest-django's live server.

Without /usr/bin/chromium the tests skip with the reason, except under CI, where a
missing browser is a failure.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from fulcrum.browser_tests.chromium import CHROMIUM, launch

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

# Playwright's sync API runs an event loop in the test thread, and Django refuses ORM
# calls from a thread with a running loop unless told the code is really synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Screenshots land beside the source tree, in test-artifacts/ at the repository root.
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


def require_chromium() -> None:
    """Skip when the system Chromium is missing; under CI, fail instead."""
    if CHROMIUM.exists():
        return
    reason = f"Browser tests need Chromium at {CHROMIUM} (Debian package 'chromium')."
    if os.environ.get("CI"):
        pytest.fail(reason + " CI is set, so this is a failure, not a skip.")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def append_only_rows_emptied(request: pytest.FixtureRequest) -> Iterator[None]:
    """A live-server test ends with a flush that deletes every row, which the database
    refuses for append-only ones (ledger entries, published policies, consent); empty the
    database first with those guards lifted, and put them back for the tests after."""
    if "live_server" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("transactional_db")
    yield
    from django.core.management import call_command

    from fulcrum.testing import append_only_guards_lifted

    with append_only_guards_lifted():
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def browser_context(tmp_path: Path) -> Iterator[BrowserContext]:
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = launch(playwright, tmp_path / "chromium-profile")
        try:
            yield context
        finally:
            context.close()
            # While Playwright's loop runs, the test's own ORM calls get a database
            # connection of their own; close it here, or PostgreSQL refuses to drop the
            # test database at the end of the run ("being accessed by other users").
            from django.db import connections

            connections.close_all()


@pytest.fixture
def page(browser_context: BrowserContext) -> Page:
    pages = browser_context.pages
    return pages[0] if pages else browser_context.new_page()


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
