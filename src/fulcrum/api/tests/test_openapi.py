"""The API describes itself: OpenAPI JSON and a docs page served without any CDN."""

from __future__ import annotations

from django.test import TestCase


class OpenApiTest(TestCase):
    def test_it_serves_the_schema_with_every_path(self) -> None:
        r = self.client.get("/api/openapi.json")
        assert r.status_code == 200
        schema = r.json()
        assert schema["info"]["title"] == "Fulcrum API"
        assert schema["info"]["version"] == "1"
        for path in (
            "/api/clients",
            "/api/clients/{client_id}",
            "/api/clients/{client_id}/archive",
            "/api/clients/{client_id}/power-maps",
            "/api/clients/{client_id}/power-maps/{map_id}",
            "/api/clients/{client_id}/checkins",
            "/api/clients/{client_id}/checkins/{checkin_id}",
            "/api/clients/{client_id}/drift",
            "/api/warnings",
        ):
            assert path in schema["paths"]
        assert set(schema["components"]["securitySchemes"]) == {"TokenAuth", "SessionAuth"}

    def test_it_serves_the_docs_page_from_fulcrum_itself(self) -> None:
        r = self.client.get("/api/docs")
        assert r.status_code == 200
        html = r.content.decode()
        assert "/api/openapi.json" in html
        assert "/api/docs/assets/swagger-ui-bundle.js" in html
        assert "https://" not in html

    def test_it_serves_the_docs_assets(self) -> None:
        r = self.client.get("/api/docs/assets/swagger-ui-init.js")
        assert r.status_code == 200
        assert r["Content-Type"] == "text/javascript"
        assert b"SwaggerUIBundle" in r.getvalue()

    def test_it_serves_no_other_file(self) -> None:
        assert self.client.get("/api/docs/assets/__init__.py").status_code == 404
