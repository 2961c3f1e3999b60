from __future__ import annotations

from django.urls import reverse

from fulcrum.clients.services import archive_client
from fulcrum.testing import NOW, BaseTestCase, make_client


class ClientListTestCase(BaseTestCase):
    url = reverse("client_list")

    def test_it_requires_login(self) -> None:
        r = self.client.get(self.url)
        self.assertRedirects(
            r, f"{reverse('login')}?next={self.url}", fetch_redirect_response=False
        )

    def test_it_lists_only_my_clients(self) -> None:
        self.login(self.alice)
        r = self.client.get(self.url)
        self.assertContains(r, "A-001")
        self.assertContains(r, "Ash")
        self.assertNotContains(r, "B-001")

    def test_it_shows_archived_clients_separately(self) -> None:
        gone = make_client(self.alice, "A-OLD")
        archive_client(gone, now=NOW)
        self.login(self.alice)
        r = self.client.get(self.url)
        assert [c.code for c in r.context["active"]] == ["A-001"]
        assert [c.code for c in r.context["archived"]] == ["A-OLD"]
        self.assertContains(r, reverse("client_restore", args=[gone.pk]))

    def test_it_invites_a_first_client_when_empty(self) -> None:
        self.login(self.charlie)
        r = self.client.get(self.url)
        self.assertContains(r, "Add your first client")
