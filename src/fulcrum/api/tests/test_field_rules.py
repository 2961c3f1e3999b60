"""One set of field rules: what the API accepts, the pages accept, and the other way round."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fulcrum.api.tests.helpers import ApiTestCase
from fulcrum.checkins.models import CheckIn
from fulcrum.checkins.services import NOTE_MAX, SHORT_TEXT_MAX
from fulcrum.clients.models import Client
from fulcrum.clients.services import create_client
from fulcrum.core.errors import InvalidInput
from fulcrum.powermaps.models import PowerMap
from fulcrum.powermaps.services import NOTE_MAX as MAP_NOTE_MAX
from fulcrum.reflection.models import JournalEntry
from fulcrum.reflection.services import BODY_MAX
from fulcrum.testing import NOW

HIDDEN_CODES = ["\u200b\u200b", "\u202eC-014", "\ufeff", "\u3164"]


class NulTest(ApiTestCase):
    def test_it_refuses_a_nul_in_any_text_of_the_body(self) -> None:
        for path, body in (
            ("/api/clients", {"code": "C-9", "alias": "a\x00b", "started_on": "2026-03-02"}),
            ("/api/journal", {"body": "before\x00after"}),
            (
                f"/api/clients/{self.alice_client.pk}/checkins",
                {"session_at": "2026-10-31T10:00:00Z", "note": "\x00"},
            ),
            (
                f"/api/clients/{self.alice_client.pk}/power-maps",
                {"ratings": {"practitioner": {"expert\x00": 3}}},
            ),
        ):
            r = self.call("POST", path, body)
            assert r.status_code == 422, (path, r.content)
            assert "NUL" in r.json()["detail"][0]["msg"]
        assert Client.objects.filter(owner=self.alice).count() == 1
        assert not JournalEntry.objects.exists()
        assert not CheckIn.objects.exists()
        assert not PowerMap.objects.exists()

    def test_it_refuses_a_nul_in_a_query_parameter(self) -> None:
        r = self.call("GET", "/api/journal?client_id=1%00")
        assert r.status_code == 422
        assert "NUL" in r.json()["detail"][0]["msg"]

    def test_the_client_form_refuses_a_nul_too(self) -> None:
        self.login(self.alice)
        data = {"code": "C-9", "alias": "a\x00b", "modality": "talk", "started_on": "2026-03-02"}
        r = self.client.post(reverse("client_create"), {**data, "status": "active"})
        assert r.status_code == 200
        assert not Client.objects.filter(code="C-9").exists()


class ClientCodeTest(ApiTestCase):
    def test_the_api_refuses_a_code_of_hidden_characters_with_the_rule_sentence(self) -> None:
        for code in HIDDEN_CODES:
            r = self.call("POST", "/api/clients", {"code": code, "started_on": "2026-03-02"})
            assert r.status_code == 422, code
            assert "client code" in r.json()["detail"][0]["msg"]
        assert Client.objects.filter(owner=self.alice).count() == 1

    def test_the_api_refuses_it_when_a_code_is_changed_too(self) -> None:
        url = f"/api/clients/{self.alice_client.pk}"
        assert self.call("PATCH", url, {"code": "\u200d"}).status_code == 422
        self.alice_client.refresh_from_db()
        assert self.alice_client.code == "A-001"

    def test_the_form_refuses_it_with_the_same_sentence(self) -> None:
        self.login(self.alice)
        data = {"code": "\u202eC-014", "modality": "talk", "started_on": "2026-03-02"}
        r = self.client.post(reverse("client_create"), {**data, "status": "active"})
        assert r.status_code == 200
        self.assertContains(r, "invisible or direction-changing characters")
        # What was typed stays in the form.
        self.assertContains(r, "\u202eC-014")
        assert Client.objects.filter(owner=self.alice).count() == 1

    def test_the_service_refuses_it_whoever_calls(self) -> None:
        for code in HIDDEN_CODES:
            with pytest.raises(InvalidInput):
                create_client(self.alice, code=code, started_on=NOW.date(), now=NOW)

    def test_an_ordinary_code_still_goes_through_every_door(self) -> None:
        r = self.call("POST", "/api/clients", {"code": "Ünal-3", "started_on": "2026-03-02"})
        assert r.status_code == 201


class TextLimitTest(ApiTestCase):
    def test_the_api_takes_a_journal_entry_as_long_as_the_page_does(self) -> None:
        r = self.call("POST", "/api/journal", {"body": "x" * BODY_MAX})
        assert r.status_code == 201
        r = self.call("POST", "/api/journal", {"body": "x" * (BODY_MAX + 1)})
        assert r.status_code == 422

    def test_the_api_refuses_check_in_text_the_service_would_refuse(self) -> None:
        url = f"/api/clients/{self.alice_client.pk}/checkins"
        base = {"session_at": "2026-10-31T10:00:00Z"}
        for field, limit in (
            ("note", NOTE_MAX),
            ("client_signals", SHORT_TEXT_MAX),
            ("disclosure_note", SHORT_TEXT_MAX),
        ):
            r = self.call("POST", url, {**base, field: "x" * (limit + 1)})
            assert r.status_code == 422, field
        r = self.call("POST", url, {**base, "note": "x" * NOTE_MAX})
        assert r.status_code == 201
        assert CheckIn.objects.count() == 1

    def test_the_api_refuses_a_power_map_note_the_form_would_refuse(self) -> None:
        url = f"/api/clients/{self.alice_client.pk}/power-maps"
        ratings = {"practitioner": {"expert": 3}, "client": {"reward": 1}}
        r = self.call("POST", url, {"ratings": ratings, "note": "x" * (MAP_NOTE_MAX + 1)})
        assert r.status_code == 422
        r = self.call("POST", url, {"ratings": ratings, "note": "x" * MAP_NOTE_MAX})
        assert r.status_code == 201
