from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from typing import Any
from unittest import mock

from django.test import override_settings
from django.urls import reverse

from fulcrum.accounts import services
from fulcrum.accounts.models import FailedSignIn
from fulcrum.testing import NOW, PASSWORD, BaseTestCase, make_user


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

    # These tests speak of browsers that never signed in before: each request goes
    # without a device cookie (DeviceCookieTestCase covers the owner's own browser).
    def guess(self, username: str = "alice", address: str = "127.0.0.1", **extra: Any) -> Any:
        self.client.cookies.pop(services.DEVICE_COOKIE, None)
        return self.client.post(
            reverse("login"),
            {"username": username, "password": "nope"},
            REMOTE_ADDR=address,
            **extra,
        )

    def sign_in(self, username: str = "alice", address: str = "127.0.0.1") -> Any:
        self.client.cookies.pop(services.DEVICE_COOKIE, None)
        return self.client.post(
            reverse("login"), {"username": username, "password": PASSWORD}, REMOTE_ADDR=address
        )

    def assert_signed_in(self, r: Any) -> None:
        self.assertRedirects(r, reverse("dashboard"), fetch_redirect_response=False)
        self.client.post(reverse("logout"))

    def assert_refused(self, r: Any) -> None:
        self.assertContains(r, "Too many failed sign-ins", status_code=429)
        assert "_auth_user_id" not in self.client.session

    @override_settings(FULCRUM_SIGNIN_FAILURES_ALLOWED=3)
    def test_after_too_many_failures_even_the_right_password_is_refused(self) -> None:
        for _ in range(3):
            self.assertContains(self.guess(), "Please enter a correct username")
        r = self.sign_in()
        self.assert_refused(r)
        self.assertContains(r, "try again in 15 minutes", status_code=429)
        self.assertContains(r, 'value="alice"', status_code=429)  # what was typed is kept

    @override_settings(FULCRUM_SIGNIN_FAILURES_ALLOWED=3)
    def test_a_refused_guess_is_answered_without_checking_the_password(self) -> None:
        for _ in range(3):
            self.guess()
        counted = FailedSignIn.objects.count()
        with mock.patch("django.contrib.auth.forms.authenticate") as authenticate:
            wrong, right = self.guess(), self.sign_in()
        authenticate.assert_not_called()
        # A wrong and a right password get the same answer, and neither is counted.
        self.assert_refused(wrong)
        self.assert_refused(right)
        errors = [r.context["form"].non_field_errors() for r in (wrong, right)]
        assert errors[0] == errors[1]
        assert FailedSignIn.objects.count() == counted

    @override_settings(FULCRUM_SIGNIN_FAILURES_ALLOWED=3)
    def test_guessing_one_account_from_many_addresses_is_refused(self) -> None:
        for n in range(3):
            self.guess(address=f"10.0.0.{n}")
        self.assert_refused(self.sign_in(address="10.0.0.99"))

    @override_settings(FULCRUM_SIGNIN_FAILURES_ALLOWED=3)
    def test_guessing_many_accounts_from_one_address_is_refused(self) -> None:
        for name in ("bob", "carol", "nobody-at-all"):
            self.guess(username=name)
        self.assert_refused(self.sign_in())
        # Another address, another story: alice herself is not locked out by it.
        self.assert_signed_in(self.sign_in(address="10.9.9.9"))

    @override_settings(FULCRUM_SIGNIN_FAILURES_ALLOWED=3)
    def test_a_success_forgets_only_its_own_slips(self) -> None:
        self.guess()
        self.guess()
        self.assert_signed_in(self.sign_in())
        self.guess()
        self.guess()
        self.assert_signed_in(self.sign_in())
        # Signing in to one's own account does not wipe the guesses at someone else's,
        # from the same address or from another.
        self.guess(username="bob")
        self.guess(username="bob", address="10.0.0.5")
        self.assert_signed_in(self.sign_in())
        self.guess(username="bob", address="10.0.0.6")
        self.assert_refused(self.sign_in(username="bob", address="10.0.0.7"))
        self.guess(username="carol")
        self.guess(username="carol")
        self.assert_refused(self.sign_in())  # this address: bob, carol, carol

    @override_settings(FULCRUM_SIGNIN_FAILURES_ALLOWED=3)
    def test_a_success_does_not_forgive_guesses_from_other_addresses(self) -> None:
        self.guess(address="10.0.0.5")
        self.guess(address="10.0.0.5")
        self.assert_signed_in(self.sign_in(address="127.0.0.1"))
        self.guess(address="10.0.0.5")
        self.assert_refused(self.sign_in(address="10.0.0.6"))

    @override_settings(FULCRUM_SIGNIN_FAILURES_ALLOWED=3)
    def test_signing_in_to_a_look_alike_account_forgives_nothing(self) -> None:
        # Two accounts whose names differ only in case or in letters that fold alike.
        for look_alike in ("Alice", "aliß"):
            FailedSignIn.objects.all().delete()
            make_user(look_alike)
            self.guess()
            self.guess()
            self.assert_signed_in(self.sign_in(username=look_alike))
            self.guess()
            self.assert_refused(self.sign_in())

    @override_settings(FULCRUM_SIGNIN_FAILURES_ALLOWED=2)
    def test_an_empty_password_neither_counts_nor_clears_the_count(self) -> None:
        self.guess()
        r = self.client.post(reverse("login"), {"username": "alice", "password": ""})
        assert r.status_code == 200
        assert FailedSignIn.objects.count() == 1
        self.guess()
        self.assert_refused(self.sign_in())

    @override_settings(
        FULCRUM_SIGNIN_FAILURES_ALLOWED=2, FULCRUM_TRUSTED_PROXIES=["127.0.0.1", "10.0.0.0/8"]
    )
    def test_behind_a_trusted_proxy_each_visitor_is_counted_apart(self) -> None:
        self.guess(username="bob", HTTP_X_FORWARDED_FOR="198.51.100.1, 10.1.2.3")
        self.guess(username="carol", HTTP_X_FORWARDED_FOR="198.51.100.1")
        # The same proxy, another visitor: not refused.
        self.client.cookies.pop(services.DEVICE_COOKIE, None)
        self.assert_signed_in(
            self.client.post(
                reverse("login"),
                {"username": "alice", "password": PASSWORD},
                HTTP_X_FORWARDED_FOR="203.0.113.9",
            )
        )
        # The first visitor is: a made-up entry to the left changes nothing.
        self.client.cookies.pop(services.DEVICE_COOKIE, None)
        r = self.client.post(
            reverse("login"),
            {"username": "alice", "password": PASSWORD},
            HTTP_X_FORWARDED_FOR="192.0.2.50, 198.51.100.1",
        )
        self.assert_refused(r)

    @override_settings(FULCRUM_SIGNIN_FAILURES_ALLOWED=2)
    def test_without_trusted_proxies_forwarded_for_is_ignored(self) -> None:
        self.guess(username="bob", HTTP_X_FORWARDED_FOR="198.51.100.1")
        self.guess(username="carol", HTTP_X_FORWARDED_FOR="198.51.100.2")
        r = self.client.post(
            reverse("login"),
            {"username": "alice", "password": PASSWORD},
            HTTP_X_FORWARDED_FOR="203.0.113.9",
        )
        self.assert_refused(r)

    @override_settings(FULCRUM_SIGNIN_FAILURES_ALLOWED=2)
    def test_an_ipv6_block_counts_as_one_address(self) -> None:
        self.guess(username="bob", address="2001:db8:1:2::1")
        self.guess(username="carol", address="2001:db8:1:2:ffff::9")
        self.assert_refused(self.sign_in(address="2001:db8:1:2:abcd::1"))
        self.assert_signed_in(self.sign_in(address="2001:db8:1:3::1"))

    def test_neither_the_address_nor_the_username_is_stored(self) -> None:
        self.guess(username="alice", address="192.0.2.7")
        row = FailedSignIn.objects.get()
        stored = f"{row.source} {row.account}"
        assert "192.0.2.7" not in stored
        assert "alice" not in stored
        # Keyed hashes: an unkeyed one of an address could be reversed by trying them all.
        for plain in ("192.0.2.7", "alice"):
            for digest in (hashlib.sha256, hashlib.md5, hashlib.sha1):
                assert digest(plain.encode()).hexdigest() not in stored


class SignInWindowTestCase(BaseTestCase):
    @override_settings(FULCRUM_SIGNIN_FAILURES_ALLOWED=2, FULCRUM_SIGNIN_FAILURE_WINDOW_MINUTES=15)
    def test_failures_older_than_the_window_no_longer_count(self) -> None:
        attempt = services.SignInAttempt.of(address="127.0.0.1", username="Alice")
        start = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
        assert services.sign_in_refused_until(attempt, now=start) is None
        services.sign_in_failed(attempt, now=start)
        services.sign_in_failed(attempt, now=start + timedelta(minutes=1))
        at_ten = start + timedelta(minutes=10)
        # Refused until the older of the two failures leaves the window.
        assert services.sign_in_refused_until(attempt, now=at_ten) == start + timedelta(minutes=15)
        # The username as typed, from any address, shares the count.
        same = services.SignInAttempt.of(address="10.1.1.1", username="Alice")
        assert services.sign_in_refused_until(same, now=at_ten) is not None
        # A failure stops counting the moment it is a whole window old.
        at_window = start + timedelta(minutes=15)
        assert services.sign_in_refused_until(attempt, now=at_window) is None
        services.sign_in_failed(attempt, now=at_window)
        assert FailedSignIn.objects.count() == 2  # the oldest was swept away

    @override_settings(FULCRUM_SIGNIN_FAILURES_ALLOWED=1)
    def test_the_page_says_how_long_is_left(self) -> None:
        FailedSignIn.objects.create(
            **vars(services.SignInAttempt.of(address="127.0.0.1", username="alice")),
            at=NOW - timedelta(minutes=14, seconds=30),
        )
        r = self.client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
        self.assertContains(r, "try again in 1 minute.", status_code=429)


class CountFailuresNotAttemptsTestCase(BaseTestCase):
    """Only wrong passwords are counted: correct sign-ins at the same moment from one
    office address all succeed, however many there are."""

    @override_settings(FULCRUM_SIGNIN_FAILURES_ALLOWED=2)
    def test_nothing_is_counted_while_a_password_is_being_checked(self) -> None:
        from django.contrib.auth import authenticate as real

        seen: list[int] = []

        def checking(*args: Any, **kwargs: Any) -> Any:
            seen.append(FailedSignIn.objects.count())  # what a concurrent request would see
            return real(*args, **kwargs)

        with mock.patch("django.contrib.auth.forms.authenticate", checking):
            for _ in range(30):
                r = self.client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
                self.assertRedirects(r, reverse("dashboard"), fetch_redirect_response=False)
                self.client.post(reverse("logout"))
        assert seen == [0] * 30
        assert not FailedSignIn.objects.exists()


@override_settings(FULCRUM_SIGNIN_FAILURES_ALLOWED=3)
class DeviceCookieTestCase(BaseTestCase):
    """A browser the owner signed in from keeps its own count: someone guessing the
    username elsewhere slows the guesses without locking the owner out of it."""

    def post(self, username: str, password: str, address: str) -> Any:
        return self.client.post(
            reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
        )

    def test_guessing_elsewhere_does_not_lock_the_owner_out_of_their_browser(self) -> None:
        r = self.post("alice", PASSWORD, "192.0.2.1")
        cookie = r.cookies[services.DEVICE_COOKIE]
        assert cookie["httponly"]
        self.client.post(reverse("logout"))
        guesser = type(self.client)()
        for n in range(5):
            guesser.post(
                reverse("login"), {"username": "alice", "password": f"guess{n}"},
                REMOTE_ADDR=f"198.51.100.{n}",
            )  # fmt: skip
        refused = guesser.post(
            reverse("login"), {"username": "alice", "password": PASSWORD},
            REMOTE_ADDR="198.51.100.99",
        )  # fmt: skip
        assert refused.status_code == 429
        # The owner's browser, even from a new address, gets in.
        r = self.post("alice", PASSWORD, "203.0.113.7")
        self.assertRedirects(r, reverse("dashboard"), fetch_redirect_response=False)

    def test_the_owners_browser_has_its_own_limit(self) -> None:
        self.post("alice", PASSWORD, "192.0.2.1")
        self.client.post(reverse("logout"))
        for _ in range(3):
            self.post("alice", "nope", "192.0.2.1")
        assert self.post("alice", PASSWORD, "192.0.2.1").status_code == 429

    def test_a_device_cookie_speaks_for_one_account_only(self) -> None:
        self.post("alice", PASSWORD, "192.0.2.1")
        self.client.post(reverse("logout"))
        for n in range(3):
            type(self.client)().post(
                reverse("login"), {"username": "bob", "password": "nope"},
                REMOTE_ADDR=f"198.51.100.{n}",
            )  # fmt: skip
        # alice's cookie does not make this browser bob's own.
        assert self.post("bob", PASSWORD, "192.0.2.1").status_code == 429

    def test_a_forged_device_cookie_is_ignored(self) -> None:
        for n in range(3):
            self.post("alice", "nope", f"198.51.100.{n}")
        self.client.cookies[services.DEVICE_COOKIE] = "forged:value"
        assert self.post("alice", PASSWORD, "203.0.113.7").status_code == 429
