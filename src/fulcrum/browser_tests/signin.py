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


def sign_in_with_second_factor(page: Page, base: str, username: str) -> None:
    """Sign in a user whose confirmed TOTP device the test made, typing its current code."""
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    page.goto(base + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="One more step").wait_for()
    device = TOTPDevice.objects.get(user__username=username)
    # Each sign-in of a test falls in the same 30-second step; the app would show the same
    # code, which the device refuses twice, so forget the last step it accepted.
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    page.fill("#id_code", f"{code:06d}")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/login/" not in url)
