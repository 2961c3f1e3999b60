"""An oversized request to the API gets a JSON 413, not Django's bare HTML 400."""

from __future__ import annotations

from django.test import override_settings
from django.urls import reverse

from fulcrum.api.tests.helpers import ApiTestCase
from fulcrum.clients.models import Client
from fulcrum.reflection.models import JournalEntry


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=2_000)
class OversizedRequestTest(ApiTestCase):
    def test_it_answers_an_oversized_json_body_with_a_json_413(self) -> None:
        r = self.call("POST", "/api/journal", {"body": "x" * 5_000})
        assert r.status_code == 413
        assert r["Content-Type"].startswith("application/json")
        assert "larger than Fulcrum accepts (2,000 bytes)" in r.json()["detail"]
        assert not JournalEntry.objects.exists()

    def test_it_answers_so_with_an_idempotency_key_too(self) -> None:
        r = self.client.post(
            "/api/clients",
            '{"code": "C-9", "started_on": "2026-03-02", "alias": "' + "x" * 5_000 + '"}',
            content_type="application/json",
            headers={
                "Authorization": f"Bearer {self.tokens['alice']}",
                "Idempotency-Key": "k-1",
            },
        )
        assert r.status_code == 413
        assert "detail" in r.json()
        assert Client.objects.filter(owner=self.alice).count() == 1

    def test_a_body_under_the_limit_still_goes_through(self) -> None:
        r = self.call("POST", "/api/journal", {"body": "x" * 500})
        assert r.status_code == 201

    def test_pages_keep_django_s_own_answer(self) -> None:
        self.login(self.alice)
        r = self.client.post(reverse("journal_write"), {"body": "x" * 5_000})
        assert r.status_code == 400
        assert not r["Content-Type"].startswith("application/json")
