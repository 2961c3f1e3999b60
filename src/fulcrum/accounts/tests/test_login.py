from __future__ import annotations

from django.urls import reverse

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
