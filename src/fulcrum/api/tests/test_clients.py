"""Clients through the API: list, create, read, change, archive, delete."""

from __future__ import annotations

from fulcrum.api.tests.helpers import ApiTestCase
from fulcrum.clients.models import Client
from fulcrum.clients.services import archive_client
from fulcrum.testing import NOW, make_client


class ClientApiTest(ApiTestCase):
    def test_it_lists_the_active_caseload_without_aliases(self) -> None:
        archive_client(make_client(self.alice, "A-002"), now=NOW)
        r = self.call("GET", "/api/clients")
        assert r.status_code == 200
        assert [c["code"] for c in r.json()] == ["A-001"]
        assert all("alias" not in c for c in r.json())
        assert "Ash" not in r.content.decode()
        # Fields that are empty are still there; only the alias is left out.
        assert r.json()[0]["archived_at"] is None

    def test_it_lists_aliases_only_when_asked_for(self) -> None:
        r = self.call("GET", "/api/clients?include_alias=true")
        assert [(c["code"], c["alias"]) for c in r.json()] == [("A-001", "Ash")]

    def test_it_lists_archived_clients_on_request(self) -> None:
        archive_client(make_client(self.alice, "A-002"), now=NOW)
        r = self.call("GET", "/api/clients?include_archived=true")
        assert [(c["code"], c["archived"]) for c in r.json()] == [("A-001", False), ("A-002", True)]

    def test_it_creates_a_client(self) -> None:
        body = {"code": " C-014 ", "modality": "bodywork", "started_on": "2026-03-02"}
        r = self.call("POST", "/api/clients", body)
        assert r.status_code == 201
        client = Client.objects.get(pk=r.json()["id"])
        assert (client.owner, client.code, client.modality) == (self.alice, "C-014", "bodywork")
        assert r.json()["status"] == "active"

    def test_it_refuses_a_code_already_in_use_with_a_sentence(self) -> None:
        r = self.call("POST", "/api/clients", {"code": "A-001", "started_on": "2026-03-02"})
        assert r.status_code == 400
        assert "already have a client" in r.json()["detail"]
        assert Client.objects.filter(owner=self.alice).count() == 1

    def test_it_lets_two_workspaces_use_the_same_code(self) -> None:
        r = self.call("POST", "/api/clients", {"code": "B-001", "started_on": "2026-03-02"})
        assert r.status_code == 201

    def test_it_refuses_a_blank_code_or_an_unknown_modality(self) -> None:
        for body in (
            {"code": "   ", "started_on": "2026-03-02"},
            {"code": "C-9", "started_on": "2026-03-02", "modality": "astrology"},
            {"code": "C-9", "started_on": "not a date"},
        ):
            assert self.call("POST", "/api/clients", body).status_code == 422, body
        assert Client.objects.filter(owner=self.alice).count() == 1

    def test_it_reads_one_client(self) -> None:
        r = self.call("GET", f"/api/clients/{self.alice_client.pk}")
        assert r.status_code == 200
        assert r.json()["code"] == "A-001"

    def test_it_changes_some_fields_with_patch(self) -> None:
        r = self.call("PATCH", f"/api/clients/{self.alice_client.pk}", {"status": "paused"})
        assert r.status_code == 200
        self.alice_client.refresh_from_db()
        assert (self.alice_client.status, self.alice_client.alias) == ("paused", "Ash")

    def test_it_replaces_every_field_with_put(self) -> None:
        body = {"code": "A-100", "started_on": "2026-02-01", "modality": "other"}
        r = self.call("PUT", f"/api/clients/{self.alice_client.pk}", body)
        assert r.status_code == 200
        self.alice_client.refresh_from_db()
        assert (self.alice_client.code, self.alice_client.alias, self.alice_client.modality) == (
            "A-100",
            "",
            "other",
        )

    def test_it_refuses_to_rename_onto_another_clients_code(self) -> None:
        make_client(self.alice, "A-002")
        r = self.call("PATCH", f"/api/clients/{self.alice_client.pk}", {"code": "A-002"})
        assert r.status_code == 400
        self.alice_client.refresh_from_db()
        assert self.alice_client.code == "A-001"

    def test_it_archives_and_restores(self) -> None:
        r = self.call("POST", f"/api/clients/{self.alice_client.pk}/archive")
        assert r.status_code == 200
        assert r.json()["archived"]
        assert self.call("GET", "/api/clients").json() == []
        r = self.call("POST", f"/api/clients/{self.alice_client.pk}/restore")
        assert not r.json()["archived"]

    def test_it_deletes_a_client(self) -> None:
        r = self.call("DELETE", f"/api/clients/{self.alice_client.pk}")
        assert r.status_code == 204
        assert not Client.objects.filter(pk=self.alice_client.pk).exists()
