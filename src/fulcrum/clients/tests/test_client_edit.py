from __future__ import annotations

from django.urls import reverse

from fulcrum.testing import BaseTestCase, make_client


class ClientEditTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.url = reverse("client_edit", args=[self.alice_client.pk])

    def data(self, **overrides: str) -> dict[str, str]:
        return {
            "code": "A-001",
            "alias": "Ashley",
            "modality": "other",
            "started_on": "2026-01-05",
            "status": "paused",
            **overrides,
        }

    def test_it_requires_login(self) -> None:
        r = self.client.get(self.url)
        self.assertRedirects(
            r, f"{reverse('login')}?next={self.url}", fetch_redirect_response=False
        )

    def test_it_prefills_the_form(self) -> None:
        self.login(self.alice)
        r = self.client.get(self.url)
        self.assertContains(r, 'value="A-001"')
        self.assertContains(r, 'value="Ash"')
        self.assertContains(r, 'value="2026-01-05"')

    def test_it_saves_changes(self) -> None:
        self.login(self.alice)
        r = self.client.post(self.url, self.data())
        self.assertRedirects(
            r, reverse("client_detail", args=[self.alice_client.pk]), fetch_redirect_response=False
        )
        self.alice_client.refresh_from_db()
        assert (self.alice_client.alias, self.alice_client.modality, self.alice_client.status) == (
            "Ashley",
            "other",
            "paused",
        )

    def test_it_keeps_typed_values_when_the_code_is_taken(self) -> None:
        make_client(self.alice, "A-002")
        self.login(self.alice)
        r = self.client.post(self.url, self.data(code="A-002"))
        self.assertContains(r, "already have a client")
        self.assertContains(r, 'value="Ashley"')
        self.alice_client.refresh_from_db()
        assert self.alice_client.code == "A-001"

    def test_it_404s_for_someone_elses_client(self) -> None:
        self.login(self.bob)
        assert self.client.get(self.url).status_code == 404
        assert self.client.post(self.url, self.data(alias="Bob was here")).status_code == 404
        self.alice_client.refresh_from_db()
        assert self.alice_client.alias == "Ash"
