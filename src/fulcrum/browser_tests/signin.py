"""Sign one of the test cast in through the real sign-in form."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fulcrum.testing import PASSWORD

if TYPE_CHECKING:
    from playwright.sync_api import Page


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(base + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(base + "/")
