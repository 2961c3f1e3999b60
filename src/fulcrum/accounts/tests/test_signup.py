from __future__ import annotations

import re
from typing import Any
from unittest import mock

from django.contrib.auth.hashers import make_password
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fulcrum.accounts import usernames
from fulcrum.accounts.models import Role, User
from fulcrum.accounts.roles import roles_of
from fulcrum.testing import PASSWORD, BaseTestCase


class SignUpTestCase(BaseTestCase):
    def test_it_shows_the_form(self) -> None:
        r = self.client.get(reverse("signup"))
        self.assertContains(r, "Create your workspace")

    def test_it_creates_a_user_and_logs_them_in(self) -> None:
        r = self.client.post(
            reverse("signup"),
            {
                "username": "dana",
                "email": "",
                "password1": PASSWORD,
                "password2": PASSWORD,
                "roles": ["practitioner"],
            },
        )
        self.assertRedirects(r, reverse("dashboard"), fetch_redirect_response=False)
        dana = User.objects.get(username="dana")
        assert self.client.session["_auth_user_id"] == str(dana.pk)

    def test_it_keeps_typed_values_when_passwords_differ(self) -> None:
        r = self.client.post(
            reverse("signup"),
            {"username": "dana", "email": "", "password1": PASSWORD, "password2": "other"},
        )
        assert r.status_code == 200
        self.assertContains(r, 'value="dana"')
        assert not User.objects.filter(username="dana").exists()

    def test_it_sends_a_signed_in_user_to_the_dashboard(self) -> None:
        self.login(self.alice)
        r = self.client.get(reverse("signup"))
        self.assertRedirects(r, reverse("dashboard"), fetch_redirect_response=False)


def _sign_up(client: Any, username: str, *roles: str, password2: str = PASSWORD) -> Any:
    data: dict[str, Any] = {
        "username": username,
        "email": "",
        "password1": PASSWORD,
        "password2": password2,
    }
    if roles:
        data["roles"] = list(roles)
    return client.post(reverse("signup"), data)


def _as_seen(body: str, typed: str) -> str:
    """A refusal page with what differs by design taken out: the name typed, the random
    numbers of the suggested names and the form's one-time CSRF mark."""
    body = re.sub(r"\b[A-Za-z0-9]{64}\b", "CSRF", body)
    body = body.replace(typed, "NAME")
    return re.sub(r"NAME-\d{4}", "NAME-0000", body)


class SignUpRolesTestCase(BaseTestCase):
    def test_the_form_offers_the_roles_with_practitioner_ticked(self) -> None:
        r = self.client.get(reverse("signup"))
        self.assertContains(r, 'type="checkbox" name="roles" value="practitioner"')
        self.assertContains(r, 'value="practitioner" id="id_roles_0" checked')
        self.assertContains(r, 'value="supervisor"')
        self.assertContains(r, 'value="educator"')
        self.assertNotContains(r, 'value="supervisor" id="id_roles_1" checked')

    def test_several_roles_are_held_after_sign_up(self) -> None:
        r = _sign_up(self.client, "dana", "practitioner", "supervisor")
        self.assertRedirects(r, reverse("dashboard"), fetch_redirect_response=False)
        dana = User.objects.get(username="dana")
        assert roles_of(dana) == {Role.PRACTITIONER, Role.SUPERVISOR}

    def test_a_supervisor_is_told_to_turn_on_a_second_factor(self) -> None:
        r = _sign_up(self.client, "dana", "supervisor")
        # A supervisor-only account starts at the page that turns the second factor on.
        page = self.client.get(r.url, follow=True)
        assert page.redirect_chain[-1][0] == f"{reverse('two_factor')}?needed=supervisor"
        self.assertContains(page, "need a second factor before any page")
        self.assertContains(page, f'<a href="{reverse("two_factor")}">Turn it on now</a>')

    def test_an_educator_is_told_too_and_a_practitioner_is_not(self) -> None:
        r = _sign_up(self.client, "erin", "educator")
        self.assertContains(self.client.get(r.url, follow=True), "need a second factor")
        self.client.logout()
        r = _sign_up(self.client, "fran", "practitioner")
        self.assertNotContains(self.client.get(r.url), "need a second factor")

    def test_no_role_ticked_is_refused_keeping_what_was_typed(self) -> None:
        r = self.client.post(
            reverse("signup"),
            {"username": "dana", "email": "d@example.org", "password1": PASSWORD},
        )
        assert r.status_code == 200
        self.assertContains(r, "Tick at least one thing you do")
        self.assertContains(r, 'value="dana"')
        self.assertContains(r, 'value="d@example.org"')
        assert not User.objects.filter(username="dana").exists()

    def test_ticked_roles_stay_ticked_when_the_form_comes_back(self) -> None:
        r = _sign_up(self.client, "dana", "educator", password2="other")
        assert r.status_code == 200
        self.assertContains(r, 'value="educator" id="id_roles_2" checked')
        self.assertNotContains(r, 'value="practitioner" id="id_roles_0" checked')


class SignUpDoesNotRevealUsernamesTestCase(BaseTestCase):
    def test_a_taken_name_is_refused_without_saying_it_is_taken(self) -> None:
        r = _sign_up(self.client, "alice", "practitioner")
        assert r.status_code == 200
        self.assertContains(r, "That username cannot be used")
        self.assertNotContains(r, "already")
        self.assertNotContains(r, "exists")
        assert User.objects.filter(username__iexact="alice").count() == 1

    def test_a_taken_name_in_other_letters_is_refused_the_same_way(self) -> None:
        r = _sign_up(self.client, "ALICE", "practitioner")
        self.assertContains(r, "That username cannot be used")

    def test_the_refusal_suggests_free_names(self) -> None:
        r = _sign_up(self.client, "alice", "practitioner")
        errors = r.context["form"].errors["username"]
        names = re.findall(r"alice-\d{4}", errors[0])
        assert len(names) == usernames.SUGGESTIONS
        assert all(usernames.usable(name) for name in names)

    def test_a_taken_and_a_reserved_name_get_the_same_answer(self) -> None:
        taken = _sign_up(self.client, "alice", "practitioner")
        reserved = _sign_up(self.client, "support", "practitioner")
        assert "support" in usernames.RESERVED_USERNAMES
        assert not User.objects.filter(username="support").exists()
        assert taken.status_code == reserved.status_code == 200
        assert _as_seen(taken.content.decode(), "alice") == _as_seen(
            reserved.content.decode(), "support"
        )

    def test_a_taken_and_a_reserved_name_do_the_same_work(self) -> None:
        """Both refusals ask the database the same questions and hash the password
        once, as an accepted sign-up does, so neither is quicker to tell apart."""
        counts = {}
        for name in ("alice", "support"):
            with (
                CaptureQueriesContext(connection) as queries,
                mock.patch("fulcrum.accounts.forms.make_password", wraps=make_password) as hashed,
            ):
                _sign_up(self.client, name, "practitioner")
            counts[name] = (len(queries), hashed.call_count)
        assert counts["alice"] == counts["support"]
        assert counts["alice"][1] == 1

    def test_a_name_taken_while_the_form_was_checked_gets_the_same_answer(self) -> None:
        # The form's own check sees the name free; the database then refuses it.
        with mock.patch("fulcrum.accounts.usernames.usable", return_value=True):
            r = _sign_up(self.client, "alice", "practitioner")
        assert r.status_code == 200
        self.assertContains(r, "That username cannot be used")
        self.assertContains(r, 'value="alice"')
        assert User.objects.filter(username="alice").count() == 1


class SignUpFocusTestCase(BaseTestCase):
    def test_the_first_field_in_error_takes_the_focus_and_only_it(self) -> None:
        page = _sign_up(self.client, "dana", "practitioner", password2="not the same one")
        html = page.content.decode()
        assert page.status_code == 200
        assert html.count(" autofocus") == 1
        focused = re.search(r"<input[^>]*\sautofocus[^>]*>", html)
        assert focused is not None
        assert 'name="password2"' in focused.group()

    def test_a_fresh_form_starts_at_the_username(self) -> None:
        html = self.client.get(reverse("signup")).content.decode()
        assert html.count(" autofocus") == 1
        focused = re.search(r"<input[^>]*\sautofocus[^>]*>", html)
        assert focused is not None
        assert 'name="username"' in focused.group()
