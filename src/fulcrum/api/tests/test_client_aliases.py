"""Aliases stay out of the API unless asked for, as with ``fulcrum export --include-alias``."""

from __future__ import annotations

from fulcrum.api.tests.helpers import ApiTestCase


class ClientAliasApiTest(ApiTestCase):
    def calls(self, suffix: str = "") -> list[tuple[str, str, object]]:
        one = f"/api/clients/{self.alice_client.pk}"
        return [
            ("GET", f"{one}{suffix}", None),
            ("PATCH", f"{one}{suffix}", {"status": "paused"}),
            (
                "PUT",
                f"{one}{suffix}",
                {"code": "A-001", "alias": "Ash", "started_on": "2026-01-05"},
            ),
            ("POST", f"{one}/archive{suffix}", None),
            ("POST", f"{one}/restore{suffix}", None),
            (
                "POST",
                f"/api/clients{suffix}",
                {"code": "A-9", "alias": "Oak", "started_on": "2026-01-05"},
            ),
        ]

    def test_it_returns_no_alias_from_any_client_endpoint_by_default(self) -> None:
        for method, path, body in self.calls():
            r = self.call(method, path, body)
            assert r.status_code in (200, 201), (method, path, r.content)
            assert "alias" not in r.json(), (method, path)
            for alias in ("Ash", "Oak"):
                assert alias not in r.content.decode(), (method, path)

    def test_it_returns_the_alias_from_every_client_endpoint_when_asked(self) -> None:
        for method, path, body in self.calls("?include_alias=true"):
            r = self.call(method, path, body)
            assert r.status_code in (200, 201), (method, path, r.content)
            assert r.json()["alias"] in ("Ash", "Oak"), (method, path)

    def test_it_still_stores_an_alias_sent_in(self) -> None:
        r = self.call(
            "POST", "/api/clients", {"code": "A-9", "alias": "Oak", "started_on": "2026-01-05"}
        )
        assert r.status_code == 201
        assert self.alice.clients.get(code="A-9").alias == "Oak"

    def test_it_documents_the_flag_in_the_schema(self) -> None:
        r = self.call("GET", "/api/openapi.json")
        params = r.json()["paths"]["/api/clients/{client_id}"]["get"]["parameters"]
        assert "include_alias" in [p["name"] for p in params]
