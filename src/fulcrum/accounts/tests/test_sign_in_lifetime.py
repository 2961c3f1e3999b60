"""A sign-in ends FULCRUM_SESSION_HOURS after it was made, however active it has been."""

from __future__ import annotations

import time_machine
from django.conf import settings
from django.urls import reverse

from fulcrum.accounts.middleware import SIGNED_IN_AT
from fulcrum.testing import NOW, PASSWORD, BaseTestCase

# The session keeps whole seconds since the epoch.
AT_NOW = int(NOW.timestamp())


class SignInLifetimeTestCase(BaseTestCase):
    def age_sign_in(self, seconds: int) -> None:
        session = self.client.session
        session[SIGNED_IN_AT] = AT_NOW - seconds
        session.save()

    def test_signing_in_notes_when(self) -> None:
        with time_machine.travel(NOW, tick=False):
            self.client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
        assert self.client.session[SIGNED_IN_AT] == AT_NOW

    def test_a_sign_in_within_its_hours_carries_on(self) -> None:
        self.login(self.alice)
        self.age_sign_in(settings.SESSION_COOKIE_AGE - 60)
        r = self.client.get(reverse("dashboard"))
        assert r.status_code == 200

    def test_an_old_sign_in_ends_even_if_the_session_was_just_used(self) -> None:
        self.login(self.alice)
        self.age_sign_in(settings.SESSION_COOKIE_AGE + 1)
        url = reverse("client_detail", args=[self.alice_client.pk])
        r = self.client.get(url)
        self.assertRedirects(r, f"{reverse('login')}?next={url}", fetch_redirect_response=False)
        assert "_auth_user_id" not in self.client.session
        page = self.client.get(r["Location"])
        self.assertContains(page, "Your sign-in lasted 12 hours; please sign in again.")
        # And signing in again starts a new one.
        self.client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
        assert self.client.get(url).status_code == 200

    def test_the_api_answers_an_old_sign_in_with_a_401(self) -> None:
        self.login(self.alice)
        self.age_sign_in(settings.SESSION_COOKIE_AGE + 1)
        r = self.client.get("/api/clients")
        assert r.status_code == 401

    def test_a_sign_in_from_before_the_rule_starts_counting_now(self) -> None:
        self.login(self.alice)
        session = self.client.session
        del session[SIGNED_IN_AT]
        session.save()
        with time_machine.travel(NOW, tick=False):
            assert self.client.get(reverse("dashboard")).status_code == 200
        assert self.client.session[SIGNED_IN_AT] == AT_NOW
