from __future__ import annotations

from django.urls import reverse

from fulcrum.accounts.models import User
from fulcrum.testing import PASSWORD, BaseTestCase


class SignUpTestCase(BaseTestCase):
    def test_it_shows_the_form(self) -> None:
        r = self.client.get(reverse("signup"))
        self.assertContains(r, "Create your workspace")

    def test_it_creates_a_user_and_logs_them_in(self) -> None:
        r = self.client.post(
            reverse("signup"),
            {"username": "dana", "email": "", "password1": PASSWORD, "password2": PASSWORD},
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
