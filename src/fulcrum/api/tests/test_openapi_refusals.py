"""Every refusal the API gives is in its OpenAPI: walk the schema, send each route bad input."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client as HttpClient
from django.test import override_settings

from fulcrum.api.tests.helpers import ApiTestCase

MISSING = 999_999
UNSAFE = {"post", "put", "patch", "delete"}


class OpenApiRefusalsTest(ApiTestCase):
    schema: dict[str, Any]

    def setUp(self) -> None:
        super().setUp()
        self.schema = self.client.get("/api/openapi.json").json()

    def operations(self) -> list[tuple[str, str, dict[str, Any]]]:
        found = []
        for path, item in self.schema["paths"].items():
            for method, operation in item.items():
                url = re.sub(r"\{[^}]+\}", str(MISSING), path)
                found.append((method, url, operation))
        assert len(found) >= 30
        return found

    def send(
        self,
        method: str,
        url: str,
        body: str | None,
        *,
        as_user: str | None = "alice",
        **extra: Any,
    ) -> Any:
        headers = {"Authorization": f"Bearer {self.tokens[as_user]}"} if as_user else {}
        headers.update(extra.pop("headers", {}))
        http = extra.pop("http", self.client)
        if body is None:
            return http.generic(method.upper(), url, headers=headers)
        return http.generic(
            method.upper(), url, body, content_type="application/json", headers=headers
        )

    def assert_documented(self, r: Any, method: str, url: str, operation: dict[str, Any]) -> None:
        documented = set(operation["responses"])
        assert str(r.status_code) in documented, (method, url, r.status_code, sorted(documented))
        assert r.status_code < 500, (method, url, r.content[:200])
        if r.status_code >= 400:
            assert r["Content-Type"].startswith("application/json"), (method, url)
            assert "detail" in r.json()

    def test_every_refusal_documents_its_body(self) -> None:
        for _method, _url, operation in self.operations():
            for status, response in operation["responses"].items():
                if status.startswith("4"):
                    assert response["description"]
                    assert "application/json" in response["content"], (status, operation)

    def test_a_call_without_a_token_gets_a_documented_401(self) -> None:
        for method, url, operation in self.operations():
            r = self.send(method, url, "{}" if "requestBody" in operation else None, as_user=None)
            assert r.status_code == 401, (method, url)
            self.assert_documented(r, method, url, operation)

    def test_a_call_about_a_record_that_is_not_there_gets_a_documented_answer(self) -> None:
        for method, url, operation in self.operations():
            r = self.send(method, url, "{}" if "requestBody" in operation else None)
            self.assert_documented(r, method, url, operation)

    def test_an_unreadable_or_wrongly_shaped_body_gets_a_documented_answer(self) -> None:
        for method, url, operation in self.operations():
            if "requestBody" not in operation:
                continue
            for body in ('{"unfinished": ', "[1, 2]", '{"note": "\\u0000"}', '"text"'):
                r = self.send(method, url, body)
                assert r.status_code in (400, 404, 422), (method, url, body, r.status_code)
                self.assert_documented(r, method, url, operation)

    def test_a_malformed_query_gets_a_documented_answer(self) -> None:
        for method, url, operation in self.operations():
            queries = [p for p in operation.get("parameters", []) if p["in"] == "query"]
            if not queries or method in UNSAFE:
                continue
            args = "&".join(f"{p['name']}=%00not-a-value" for p in queries)
            r = self.send(method, f"{url}?{args}", None)
            assert r.status_code in (404, 422), (method, url, r.status_code)
            self.assert_documented(r, method, url, operation)

    @override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1_000)
    def test_an_oversized_body_gets_a_documented_413(self) -> None:
        for method, url, operation in self.operations():
            if "requestBody" not in operation:
                continue
            if "application/json" not in operation["requestBody"]["content"]:
                continue  # uploads: their own 413 is tested with the transcripts
            r = self.send(method, url, '{"note": "' + "x" * 2_000 + '"}')
            assert r.status_code == 413, (method, url, r.status_code)
            self.assert_documented(r, method, url, operation)

    def test_a_session_without_csrf_gets_a_documented_403(self) -> None:
        http = HttpClient(enforce_csrf_checks=True)
        http.force_login(self.alice)
        for method, url, operation in self.operations():
            if method not in UNSAFE:
                continue
            body = "{}" if "requestBody" in operation else None
            r = self.send(method, url, body, as_user=None, http=http)
            assert r.status_code == 403, (method, url, r.status_code)
            self.assert_documented(r, method, url, operation)

    def test_creating_calls_document_the_idempotency_key_and_its_refusals(self) -> None:
        creating = [
            (m, u, o) for m, u, o in self.operations() if m == "post" and "201" in o["responses"]
        ]
        # Three of them the incident log's, eight supervision's, three the policies'.
        assert len(creating) == 21
        for method, url, operation in creating:
            names = {p["name"] for p in operation["parameters"] if p["in"] == "header"}
            assert "Idempotency-Key" in names, url
            assert {"400", "409", "422"} <= set(operation["responses"]), url
            r = self.send(method, url, "{}", headers={"Idempotency-Key": "k" * 300})
            assert r.status_code == 400
            self.assert_documented(r, method, url, operation)
        others = [(m, u, o) for m, u, o in self.operations() if (m, u, o) not in creating]
        for _method, _url, operation in others:
            names = {p["name"] for p in operation.get("parameters", [])}
            assert "Idempotency-Key" not in names
