from __future__ import annotations

from django.urls import reverse

from fulcrum.accounts.models import ApiToken, hash_token
from fulcrum.accounts.services import issue_api_token
from fulcrum.testing import NOW, BaseTestCase


class ApiTokensTestCase(BaseTestCase):
    def test_it_requires_login(self) -> None:
        r = self.client.get(reverse("api_tokens"))
        self.assertRedirects(
            r, f"{reverse('login')}?next={reverse('api_tokens')}", fetch_redirect_response=False
        )

    def test_it_creates_a_token_and_shows_it_once(self) -> None:
        self.login(self.alice)
        once = self.client.get(reverse("api_tokens")).context["form"]["once"].value()
        r = self.client.post(reverse("api_tokens"), {"name": "laptop", "once": once})
        assert r.status_code == 200
        raw = r.context["new_token"]
        token = ApiToken.objects.get(user=self.alice)
        assert token.key_hash == hash_token(raw)
        self.assertContains(r, raw)
        # The value lives in that page alone, not in the session kept on the server.
        assert raw not in str(dict(self.client.session))
        again = self.client.get(reverse("api_tokens"))
        self.assertNotContains(again, raw)
        self.assertContains(again, "laptop")

    def test_sending_the_same_form_again_issues_no_second_token(self) -> None:
        self.login(self.alice)
        once = self.client.get(reverse("api_tokens")).context["form"]["once"].value()
        first = self.client.post(reverse("api_tokens"), {"name": "laptop", "once": once})
        resent = self.client.post(reverse("api_tokens"), {"name": "laptop", "once": once})
        assert ApiToken.objects.filter(user=self.alice).count() == 1
        assert resent.context["new_token"] is None
        self.assertNotContains(resent, first.context["new_token"])
        self.assertContains(resent, "already sent")
        # A fresh form (the page shows one after each token) makes another.
        fresh = resent.context["form"]["once"].value()
        assert fresh != once
        self.client.post(reverse("api_tokens"), {"name": "desktop", "once": fresh})
        assert ApiToken.objects.filter(user=self.alice).count() == 2

    def test_a_bad_name_keeps_the_form_and_issues_nothing(self) -> None:
        self.login(self.alice)
        r = self.client.post(reverse("api_tokens"), {"name": "x" * 81})
        assert r.status_code == 200
        assert r.context["form"].errors["name"]
        assert not ApiToken.objects.filter(user=self.alice).exists()

    def test_it_lists_only_my_tokens(self) -> None:
        issue_api_token(self.bob, name="bobs-script", now=NOW)
        self.login(self.alice)
        r = self.client.get(reverse("api_tokens"))
        self.assertNotContains(r, "bobs-script")


class RevokeTokenTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.token = issue_api_token(self.alice, name="laptop", now=NOW).token
        self.url = reverse("revoke_token", args=[self.token.pk])

    def test_it_revokes(self) -> None:
        self.login(self.alice)
        r = self.client.post(self.url)
        self.assertRedirects(r, reverse("api_tokens"), fetch_redirect_response=False)
        assert not ApiToken.objects.filter(pk=self.token.pk).exists()

    def test_it_404s_for_someone_elses_token(self) -> None:
        self.login(self.bob)
        r = self.client.post(self.url)
        assert r.status_code == 404
        assert ApiToken.objects.filter(pk=self.token.pk).exists()

    def test_it_only_accepts_post(self) -> None:
        self.login(self.alice)
        assert self.client.get(self.url).status_code == 405
        assert ApiToken.objects.filter(pk=self.token.pk).exists()

    def test_it_requires_login(self) -> None:
        r = self.client.post(self.url)
        assert r.status_code == 302
        assert ApiToken.objects.filter(pk=self.token.pk).exists()
