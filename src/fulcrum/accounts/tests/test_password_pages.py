"""Changing a password, and setting a new one with a one-time code from the server's
administrator (no mail server assumed)."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any
from unittest import mock

from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from fulcrum.accounts.models import PasswordResetCode
from fulcrum.accounts.services import issue_reset_code
from fulcrum.testing import NOW, PASSWORD, BaseTestCase

NEW = "a quiet lake at dawn with herons"


class PasswordChangeTestCase(BaseTestCase):
    def test_it_changes_the_password_knowing_the_old_one(self) -> None:
        self.login(self.alice)
        r = self.client.post(
            reverse("password_change"),
            {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
        )
        self.assertRedirects(r, reverse("account"), fetch_redirect_response=False)
        self.alice.refresh_from_db()
        assert self.alice.check_password(NEW)

    def test_it_refuses_a_password_of_spaces_and_keeps_the_old_one(self) -> None:
        self.login(self.alice)
        spaces = " " * 12
        r = self.client.post(
            reverse("password_change"),
            {"old_password": PASSWORD, "new_password1": spaces, "new_password2": spaces},
        )
        self.assertContains(r, "only of spaces")
        self.alice.refresh_from_db()
        assert self.alice.check_password(PASSWORD)


class ResetCodeTestCase(BaseTestCase):
    def post(self, code: str, username: str = "alice", password: str = NEW) -> Any:
        data = {"username": username, "code": code}
        data |= {"new_password1": password, "new_password2": password}
        return self.client.post(reverse("password_reset"), data)

    def test_the_command_prints_a_code_that_sets_the_password_once(self) -> None:
        out = io.StringIO()
        call_command("password_reset_code", "alice", stdout=out)
        code = out.getvalue().split("Reset code for alice: ")[1].split()[0]
        assert PasswordResetCode.objects.get().code_hash not in out.getvalue()
        r = self.post(code.upper().replace("-", " "))  # read aloud, typed loosely
        self.assertRedirects(r, reverse("login"), fetch_redirect_response=False)
        self.alice.refresh_from_db()
        assert self.alice.check_password(NEW)
        again = self.post(code, password="another quiet lake at dusk with owls")
        self.assertContains(again, "do not match an open code")

    def test_a_code_works_only_for_its_own_account_and_within_the_hour(self) -> None:
        with mock.patch("django.utils.timezone.now", return_value=NOW):
            code = issue_reset_code(self.alice, now=NOW)
            self.assertContains(self.post(code, username="bob"), "do not match an open code")
        with mock.patch("django.utils.timezone.now", return_value=NOW + timedelta(hours=2)):
            self.assertContains(self.post(code), "do not match an open code")
        self.alice.refresh_from_db()
        assert self.alice.check_password(PASSWORD)

    def test_a_new_code_retires_the_old_one(self) -> None:
        first = issue_reset_code(self.alice, now=NOW)
        issue_reset_code(self.alice, now=NOW)
        with mock.patch("django.utils.timezone.now", return_value=NOW):
            self.assertContains(self.post(first), "do not match an open code")

    @override_settings(FULCRUM_SIGNIN_FAILURES_ALLOWED=3)
    def test_guessing_codes_is_slowed_like_guessing_passwords(self) -> None:
        code = issue_reset_code(self.alice, now=NOW)
        with mock.patch("django.utils.timezone.now", return_value=NOW):
            for n in range(3):
                self.post(f"wrong-{n}")
            r = self.post(code)
        assert r.status_code == 429
        self.alice.refresh_from_db()
        assert self.alice.check_password(PASSWORD)

    def test_the_command_refuses_an_unknown_user_in_one_sentence(self) -> None:
        from django.core.management.base import CommandError

        with self.assertRaisesMessage(CommandError, "There is no user called 'nobody'."):
            call_command("password_reset_code", "nobody")
