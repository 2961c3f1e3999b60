"""A second factor anyone can turn on: an authenticator app's codes after the password,
and recovery codes that each work once."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from fulcrum.accounts import two_factor
from fulcrum.testing import PASSWORD, BaseTestCase


def code_for(device: TOTPDevice, *, later: int = 0) -> str:
    """The code the app shows ``later`` steps from now (the device takes one step of drift)."""
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=later)
    return f"{code:06d}"


class TwoFactorTestCase(BaseTestCase):
    def turn_on(self) -> list[str]:
        self.login(self.alice)
        self.client.post(reverse("two_factor"), {"action": "start"})
        device = TOTPDevice.objects.get(user=self.alice, confirmed=False)
        r = self.client.post(reverse("two_factor"), {"action": "confirm", "code": code_for(device)})
        codes: list[str] = r.context["recovery_codes"]
        self.client.post(reverse("logout"))
        return codes

    def sign_in(self) -> Any:
        return self.client.post(
            reverse("login"), {"username": "alice", "password": PASSWORD, "next": "/harbour/"}
        )

    def test_it_shows_a_scannable_key_and_refuses_a_wrong_confirmation(self) -> None:
        self.login(self.alice)
        r = self.client.post(reverse("two_factor"), {"action": "start"})
        self.assertContains(r, "<svg")
        r = self.client.post(reverse("two_factor"), {"action": "confirm", "code": "000000"})
        self.assertContains(r, "does not match")
        assert not two_factor.has_second_factor(self.alice)

    def test_with_it_on_the_password_alone_does_not_sign_in(self) -> None:
        self.turn_on()
        r = self.sign_in()
        assert r.status_code == 302
        assert r["Location"].startswith(reverse("login_code"))
        assert "_auth_user_id" not in self.client.session
        assert self.client.get(reverse("dashboard")).status_code == 302  # still signed out
        self.assertContains(self.client.post(r["Location"], {"code": "123456"}), "does not match")
        assert "_auth_user_id" not in self.client.session

    def test_a_code_from_the_app_completes_the_sign_in(self) -> None:
        self.turn_on()
        r = self.sign_in()
        device = TOTPDevice.objects.get(user=self.alice, confirmed=True)
        # The code used to confirm cannot be used again (a replay); the app's next one can.
        done = self.client.post(
            r["Location"], {"code": code_for(device, later=1), "next": "/harbour/"}
        )
        self.assertRedirects(done, "/harbour/", fetch_redirect_response=False)
        assert self.client.session["_auth_user_id"] == str(self.alice.pk)

    def test_a_recovery_code_works_once(self) -> None:
        codes = self.turn_on()
        assert len(codes) == 10
        r = self.sign_in()
        done = self.client.post(r["Location"], {"code": codes[0], "next": "/harbour/"})
        self.assertRedirects(done, "/harbour/", fetch_redirect_response=False)
        self.client.post(reverse("logout"))
        r = self.sign_in()
        self.assertContains(self.client.post(r["Location"], {"code": codes[0]}), "does not match")

    def test_the_code_page_sends_a_stranger_back_to_sign_in(self) -> None:
        r = self.client.post(reverse("login_code"), {"code": "123456"})
        self.assertRedirects(r, reverse("login"), fetch_redirect_response=False)

    def test_turning_it_off_takes_the_password(self) -> None:
        self.turn_on()
        r = self.sign_in()
        device = TOTPDevice.objects.get(user=self.alice, confirmed=True)
        self.client.post(r["Location"], {"code": code_for(device, later=1)})
        refused = self.client.post(reverse("two_factor"), {"action": "off", "password": "nope"})
        self.assertContains(refused, "not your password")
        assert two_factor.has_second_factor(self.alice)
        self.client.post(reverse("two_factor"), {"action": "off", "password": PASSWORD})
        assert not two_factor.has_second_factor(self.alice)
