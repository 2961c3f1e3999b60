from __future__ import annotations

from django.urls import reverse

from fulcrum.clients.models import Client
from fulcrum.testing import BaseTestCase


class ClientCreateTestCase(BaseTestCase):
    url = reverse("client_create")

    def data(self, **overrides: str) -> dict[str, str]:
        return {
            "code": "A-002",
            "alias": "Rowan",
            "modality": "bodywork",
            "started_on": "2026-03-04",
            "status": "active",
            **overrides,
        }

    def test_it_requires_login(self) -> None:
        r = self.client.get(self.url)
        self.assertRedirects(
            r, f"{reverse('login')}?next={self.url}", fetch_redirect_response=False
        )
        self.client.post(self.url, self.data())
        assert not Client.objects.filter(code="A-002").exists()

    def test_it_shows_the_form(self) -> None:
        self.login(self.alice)
        r = self.client.get(self.url)
        self.assertContains(r, 'name="code"')
        self.assertContains(r, "Bodywork")

    def test_it_creates_a_client(self) -> None:
        self.login(self.alice)
        r = self.client.post(self.url, self.data())
        client = Client.objects.get(owner=self.alice, code="A-002")
        self.assertRedirects(
            r, reverse("client_detail", args=[client.pk]), fetch_redirect_response=False
        )
        assert client.alias == "Rowan"
        assert client.modality == "bodywork"
        assert str(client.started_on) == "2026-03-04"

    def test_it_turns_a_duplicate_code_into_a_form_error(self) -> None:
        self.login(self.alice)
        r = self.client.post(self.url, self.data(code="A-001", alias="Typed alias"))
        assert r.status_code == 200
        self.assertContains(r, "already have a client")
        self.assertContains(r, 'value="Typed alias"')
        assert Client.objects.filter(owner=self.alice).count() == 1

    def test_it_allows_a_code_someone_else_uses(self) -> None:
        self.login(self.alice)
        self.client.post(self.url, self.data(code="B-001"))
        assert Client.objects.filter(owner=self.alice, code="B-001").exists()

    def test_it_keeps_typed_values_on_error(self) -> None:
        self.login(self.alice)
        r = self.client.post(self.url, self.data(code="   ", started_on="not a date"))
        assert r.status_code == 200
        assert r.context["form"].errors
        self.assertContains(r, 'value="Rowan"')
        self.assertContains(r, 'value="not a date"')
        assert Client.objects.filter(owner=self.alice).count() == 1

    def test_it_rejects_an_unknown_modality(self) -> None:
        self.login(self.alice)
        r = self.client.post(self.url, self.data(modality="astrology"))
        assert r.status_code == 200
        assert "modality" in r.context["form"].errors
