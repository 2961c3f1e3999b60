from __future__ import annotations

from django.urls import reverse

from fulcrum.clients.services import archive_client
from fulcrum.testing import NOW, BaseTestCase


class ClientArchiveTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.url = reverse("client_archive", args=[self.alice_client.pk])

    def test_it_archives(self) -> None:
        self.login(self.alice)
        r = self.client.post(self.url)
        self.assertRedirects(
            r, reverse("client_detail", args=[self.alice_client.pk]), fetch_redirect_response=False
        )
        self.alice_client.refresh_from_db()
        assert self.alice_client.is_archived

    def test_it_returns_to_the_list_when_asked(self) -> None:
        self.login(self.alice)
        r = self.client.post(self.url, {"next": "list"})
        self.assertRedirects(r, reverse("client_list"), fetch_redirect_response=False)

    def test_it_returns_the_lists_fragment_to_htmx(self) -> None:
        self.login(self.alice)
        r = self.client.post(self.url, {"next": "list"}, headers={"HX-Request": "true"})
        assert r.status_code == 200
        self.assertNotContains(r, "<html")  # the named partial alone, not the page
        self.assertContains(r, 'id="client-lists"')
        self.assertTemplateNotUsed(r, "base.html")
        self.assertContains(r, "A-001 archived")

    def test_it_only_accepts_post(self) -> None:
        self.login(self.alice)
        assert self.client.get(self.url).status_code == 405

    def test_it_404s_for_someone_elses_client(self) -> None:
        self.login(self.bob)
        assert self.client.post(self.url).status_code == 404
        self.alice_client.refresh_from_db()
        assert not self.alice_client.is_archived

    def test_it_requires_login(self) -> None:
        r = self.client.post(self.url)
        assert r.status_code == 302
        self.alice_client.refresh_from_db()
        assert not self.alice_client.is_archived


class ClientRestoreTestCase(BaseTestCase):
    def setUp(self) -> None:
        archive_client(self.alice_client, now=NOW)
        self.url = reverse("client_restore", args=[self.alice_client.pk])

    def test_it_restores(self) -> None:
        self.login(self.alice)
        self.client.post(self.url)
        self.alice_client.refresh_from_db()
        assert not self.alice_client.is_archived

    def test_it_404s_for_someone_elses_client(self) -> None:
        self.login(self.bob)
        assert self.client.post(self.url).status_code == 404
        self.alice_client.refresh_from_db()
        assert self.alice_client.is_archived

    def test_it_only_accepts_post(self) -> None:
        self.login(self.alice)
        assert self.client.get(self.url).status_code == 405

    def test_it_requires_login(self) -> None:
        assert self.client.post(self.url).status_code == 302
