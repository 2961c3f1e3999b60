from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from django.test import override_settings
from django.urls import reverse

from fulcrum.accounts import services
from fulcrum.accounts.models import FailedSignIn
from fulcrum.testing import PASSWORD, BaseTestCase


class LoginTestCase(BaseTestCase):
    def test_it_shows_the_form(self) -> None:
        r = self.client.get(reverse("login"))
        self.assertContains(r, "Sign in")

    def test_it_logs_in_with_the_right_password(self) -> None:
        r = self.client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
        self.assertRedirects(r, reverse("dashboard"), fetch_redirect_response=False)
        assert self.client.session["_auth_user_id"] == str(self.alice.pk)

    def test_it_refuses_the_wrong_password(self) -> None:
        r = self.client.post(reverse("login"), {"username": "alice", "password": "nope"})
        assert r.status_code == 200
        assert "_auth_user_id" not in self.client.session
        self.assertContains(r, 'value="alice"')

    def test_it_logs_out_on_post(self) -> None:
        self.login(self.alice)
        r = self.client.post(reverse("logout"))
        self.assertRedirects(r, reverse("login"), fetch_redirect_response=False)
        assert "_auth_user_id" not in self.client.session


class SignInLimitTestCase(BaseTestCase):
    """Password guessing is slowed per address and per username (accounts.services)."""

    def guess(self, username: str = "alice", address: str = "127.0.0.1") -> Any:
        return self.client.post(
            reverse("login"), {"username": username, "password": "nope"}, REMOTE_ADDR=address
        )

    def sign_in(self, address: str = "127.0.0.1") -> Any:
        return self.client.post(
            reverse("login"), {"username": "alice", "password": PASSWORD}, REMOTE_ADDR=address
        )

    @override_settings(FULCRUM_SIGNIN_FAILURES_ALLOWED=3)
    def test_after_too_many_failures_even_the_right_password_is_refused(self) -> None:
        for _ in range(3):
            self.assertContains(self.guess(), "Please enter a correct username")
        r = self.sign_in()
        assert r.status_code == 200
        assert "_auth_user_id" not in self.client.session
        self.assertContains(r, "Too many failed sign-ins")
        self.assertContains(r, "wait 15 minutes")
        self.assertContains(r, 'value="alice"')  # what was typed is kept

    @override_settings(FULCRUM_SIGNIN_FAILURES_ALLOWED=3)
    def test_guessing_one_account_from_many_addresses_is_refused(self) -> None:
        for n in range(3):
            self.guess(address=f"10.0.0.{n}")
        self.assertContains(self.sign_in(address="10.0.0.99"), "Too many failed sign-ins")

    @override_settings(FULCRUM_SIGNIN_FAILURES_ALLOWED=3)
    def test_guessing_many_accounts_from_one_address_is_refused(self) -> None:
        for name in ("bob", "carol", "nobody-at-all"):
            self.guess(username=name)
        self.assertContains(self.sign_in(), "Too many failed sign-ins")
        # Another address, another story: alice herself is not locked out by it.
        r = self.sign_in(address="10.9.9.9")
        self.assertRedirects(r, reverse("dashboard"), fetch_redirect_response=False)

    @override_settings(FULCRUM_SIGNIN_FAILURES_ALLOWED=3)
    def test_a_success_forgets_the_slips_before_it(self) -> None:
        self.guess()
        self.guess()
        self.assertRedirects(self.sign_in(), reverse("dashboard"), fetch_redirect_response=False)
        self.client.post(reverse("logout"))
        self.guess()
        self.guess()
        self.assertRedirects(self.sign_in(), reverse("dashboard"), fetch_redirect_response=False)

    def test_neither_the_address_nor_the_username_is_stored(self) -> None:
        self.guess(username="alice", address="192.0.2.7")
        row = FailedSignIn.objects.get()
        stored = f"{row.source} {row.account}"
        assert "192.0.2.7" not in stored
        assert "alice" not in stored


class SignInWindowTestCase(BaseTestCase):
    @override_settings(FULCRUM_SIGNIN_FAILURES_ALLOWED=2, FULCRUM_SIGNIN_FAILURE_WINDOW_MINUTES=15)
    def test_failures_older_than_the_window_no_longer_count(self) -> None:
        attempt = services.SignInAttempt.of(address="127.0.0.1", username="Alice")
        start = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
        services.record_failed_sign_in(attempt, now=start)
        services.record_failed_sign_in(attempt, now=start + timedelta(minutes=1))
        assert services.sign_in_refused(attempt, now=start + timedelta(minutes=10))
        # Usernames are counted without regard to case.
        same = services.SignInAttempt.of(address="10.1.1.1", username="ALICE")
        assert services.sign_in_refused(same, now=start + timedelta(minutes=10))
        later = start + timedelta(minutes=16, seconds=1)
        assert not services.sign_in_refused(attempt, now=later)
        services.record_failed_sign_in(attempt, now=later)  # and old rows are swept away
        assert FailedSignIn.objects.count() == 1
