"""Who may call the API: personal tokens, or the signed-in session with CSRF."""

from __future__ import annotations

from django.test.client import Client as HttpClient

from fulcrum.accounts.models import ApiToken
from fulcrum.accounts.services import revoke_api_token
from fulcrum.api.tests.helpers import ApiTestCase
from fulcrum.clients.models import Client


class TokenAuthTest(ApiTestCase):
    def test_it_serves_the_token_owners_clients(self) -> None:
        r = self.call("GET", "/api/clients")
        assert r.status_code == 200
        assert [c["code"] for c in r.json()] == ["A-001"]

    def test_it_records_when_a_token_was_last_used(self) -> None:
        self.call("GET", "/api/clients")
        token = ApiToken.objects.get(user=self.alice)
        assert token.last_used_at is not None

    def test_it_refuses_a_request_without_a_token(self) -> None:
        r = self.call("GET", "/api/clients", token="")
        assert r.status_code == 401
        assert "Bearer" in r["WWW-Authenticate"]
        assert "detail" in r.json()

    def test_it_refuses_a_wrong_token(self) -> None:
        r = self.call("GET", "/api/clients", token="ful_not-a-real-token")
        assert r.status_code == 401

    def test_it_refuses_a_wrong_token_for_a_change_too(self) -> None:
        body = {"code": "X-1", "started_on": "2026-01-01"}
        r = self.call("POST", "/api/clients", body, token="ful_not-a-real-token")
        assert r.status_code == 401
        assert not Client.objects.filter(code="X-1").exists()

    def test_it_refuses_a_revoked_token(self) -> None:
        revoke_api_token(ApiToken.objects.get(user=self.alice))
        assert self.call("GET", "/api/clients").status_code == 401

    def test_it_refuses_the_token_of_a_deactivated_account(self) -> None:
        self.alice.is_active = False
        self.alice.save()
        assert self.call("GET", "/api/clients").status_code == 401

    def test_it_refuses_a_wrong_token_even_with_a_session(self) -> None:
        self.login(self.alice)
        r = self.call("GET", "/api/clients", token="ful_not-a-real-token")
        assert r.status_code == 401


class SessionAuthTest(ApiTestCase):
    def test_it_serves_the_signed_in_user(self) -> None:
        self.login(self.bob)
        r = self.client.get("/api/clients")
        assert r.status_code == 200
        assert [c["code"] for c in r.json()] == ["B-001"]

    def test_it_refuses_a_change_without_the_csrf_token(self) -> None:
        http = HttpClient(enforce_csrf_checks=True)
        http.force_login(self.alice)
        r = http.post(
            "/api/clients",
            {"code": "X-1", "started_on": "2026-01-01"},
            content_type="application/json",
        )
        assert r.status_code == 403
        assert not Client.objects.filter(code="X-1").exists()

    def test_it_accepts_a_change_with_the_csrf_token(self) -> None:
        http = HttpClient(enforce_csrf_checks=True)
        http.force_login(self.alice)
        http.get("/api/docs")  # the docs page sets the CSRF cookie, as any page does
        csrf = http.cookies["csrftoken"].value
        r = http.post(
            "/api/clients",
            {"code": "X-1", "started_on": "2026-01-01"},
            content_type="application/json",
            headers={"X-CSRFToken": csrf},
        )
        assert r.status_code == 201
        assert Client.objects.filter(owner=self.alice, code="X-1").exists()
