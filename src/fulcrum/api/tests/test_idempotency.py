"""Idempotency-Key on creating calls: a retried request answers again, saving nothing twice."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any
from unittest import mock

from django.db import connection

from fulcrum.api import idempotency
from fulcrum.api.idempotency import key_digest
from fulcrum.api.models import IdempotentRequest
from fulcrum.api.tests.helpers import ApiTestCase
from fulcrum.clients.models import Client
from fulcrum.reflection.models import JournalEntry
from fulcrum.testing import NOW

MARKER = "IDEMPOTENT-MARKER-7d1c"


class IdempotencyTest(ApiTestCase):
    def post(self, path: str, body: Any, key: str | None, *, user: str = "alice") -> Any:
        headers = {"Authorization": f"Bearer {self.tokens[user]}"}
        if key is not None:
            headers["Idempotency-Key"] = key
        return self.client.post(
            path, json.dumps(body), content_type="application/json", headers=headers
        )

    def entry(self, body: str = "A first note") -> dict[str, Any]:
        return {"body": body}

    def test_it_answers_a_retry_with_the_first_answer_and_saves_once(self) -> None:
        first = self.post("/api/journal", self.entry(), "retry-1")
        again = self.post("/api/journal", self.entry(), "retry-1")
        assert first.status_code == again.status_code == 201
        assert again.json() == first.json()
        assert again["Idempotent-Replayed"] == "true"
        assert "Idempotent-Replayed" not in first
        assert JournalEntry.objects.count() == 1

    def test_it_saves_twice_without_a_key_or_with_two_keys(self) -> None:
        self.post("/api/journal", self.entry(), None)
        self.post("/api/journal", self.entry(), None)
        self.post("/api/journal", self.entry(), "one")
        self.post("/api/journal", self.entry(), "two")
        assert JournalEntry.objects.count() == 4

    def test_it_refuses_the_same_key_with_a_different_body(self) -> None:
        self.post("/api/journal", self.entry(), "k")
        r = self.post("/api/journal", self.entry("Something else"), "k")
        assert r.status_code == 422
        assert "already used for a different request" in r.json()["detail"]
        assert JournalEntry.objects.count() == 1

    def test_it_refuses_the_same_key_on_another_path(self) -> None:
        self.post("/api/clients", {"code": "C-9", "started_on": "2026-03-02"}, "k")
        r = self.post("/api/journal", self.entry(), "k")
        assert r.status_code == 422

    def test_keys_are_each_user_s_own(self) -> None:
        self.post("/api/journal", self.entry(), "shared")
        r = self.post("/api/journal", self.entry(), "shared", user="bob")
        assert r.status_code == 201
        assert "Idempotent-Replayed" not in r
        assert JournalEntry.objects.filter(owner=self.bob).count() == 1

    def test_a_refused_call_keeps_nothing_so_it_can_be_corrected(self) -> None:
        body = {"code": "A-001", "started_on": "2026-03-02"}
        assert self.post("/api/clients", body, "fix-me").status_code == 400
        assert not IdempotentRequest.objects.exists()
        body["code"] = "A-002"
        assert self.post("/api/clients", body, "fix-me").status_code == 201
        assert Client.objects.filter(owner=self.alice).count() == 2

    def test_a_key_whose_first_call_is_still_being_answered_is_a_409(self) -> None:
        self.post("/api/journal", self.entry(), "busy")
        # As while the first call is running: claimed, no answer kept yet.
        IdempotentRequest.objects.filter(key_digest=key_digest("busy")).update(status_code=None)
        r = self.post("/api/journal", self.entry(), "busy")
        assert r.status_code == 409
        assert "still being answered" in r.json()["detail"]
        assert JournalEntry.objects.count() == 1

    def test_an_abandoned_first_call_stops_blocking_its_key(self) -> None:
        first = self.post("/api/journal", self.entry(), "stuck")
        record = IdempotentRequest.objects.get(key_digest=key_digest("stuck"))
        record.status_code = None
        record.save()
        JournalEntry.objects.all().delete()
        later = idempotency._now() + idempotency.ABANDONED_AFTER + timedelta(minutes=1)
        with mock.patch.object(idempotency, "_now", return_value=later):
            r = self.post("/api/journal", self.entry(), "stuck")
        assert first.status_code == r.status_code == 201
        assert "Idempotent-Replayed" not in r
        assert JournalEntry.objects.count() == 1

    def test_it_refuses_a_malformed_key(self) -> None:
        assert self.post("/api/journal", self.entry(), "   ").status_code == 400
        assert self.post("/api/journal", self.entry(), "k" * 256).status_code == 400
        assert not JournalEntry.objects.exists()

    def test_a_wrong_token_is_still_a_401(self) -> None:
        r = self.client.post(
            "/api/journal",
            json.dumps(self.entry()),
            content_type="application/json",
            headers={"Authorization": "Bearer ful_wrong", "Idempotency-Key": "k"},
        )
        assert r.status_code == 401
        assert not IdempotentRequest.objects.exists()

    def test_it_sweeps_keys_older_than_a_day(self) -> None:
        IdempotentRequest.objects.create(
            owner=self.bob,
            key_digest=key_digest("old"),
            fingerprint="f",
            status_code=201,
            created_at=NOW,
        )
        later = NOW + idempotency.KEPT_FOR + timedelta(seconds=1)
        with mock.patch.object(idempotency, "_now", return_value=later):
            self.post("/api/journal", self.entry(), "new")
        assert list(IdempotentRequest.objects.values_list("key_digest", flat=True)) == [
            key_digest("new")
        ]

    def test_a_day_later_the_same_key_saves_again(self) -> None:
        self.post("/api/journal", self.entry(), "daily")
        later = idempotency._now() + idempotency.KEPT_FOR + timedelta(seconds=1)
        with mock.patch.object(idempotency, "_now", return_value=later):
            r = self.post("/api/journal", self.entry(), "daily")
        assert "Idempotent-Replayed" not in r
        assert JournalEntry.objects.count() == 2

    def test_it_keeps_the_stored_answer_encrypted(self) -> None:
        self.post("/api/journal", self.entry(MARKER), "secret")
        with connection.cursor() as cursor:
            cursor.execute("SELECT response_body FROM api_idempotentrequest")
            (raw,) = cursor.fetchone()
        assert MARKER not in raw
        assert MARKER in IdempotentRequest.objects.get().response_body

    def test_it_applies_to_every_creating_call_and_no_other(self) -> None:
        checkin_url = f"/api/clients/{self.alice_client.pk}/checkins"
        body = {"session_at": "2026-10-31T10:00:00Z"}
        first = self.post(checkin_url, body, "c1")
        again = self.post(checkin_url, body, "c1")
        assert again.json()["id"] == first.json()["id"]
        archive = f"/api/clients/{self.alice_client.pk}/archive"
        self.post(archive, {}, "a1")
        assert not IdempotentRequest.objects.filter(key_digest=key_digest("a1")).exists()


class TranscriptIdempotencyTest(ApiTestCase):
    def upload(self, boundary: str, key: str) -> Any:
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.test.client import encode_multipart

        from fulcrum.transcripts.tests.helpers import short_vtt

        file = SimpleUploadedFile("s.vtt", short_vtt(), "text/vtt")
        return self.client.generic(
            "POST",
            f"/api/clients/{self.alice_client.pk}/transcripts",
            encode_multipart(boundary, {"file": file}),
            content_type=f"multipart/form-data; boundary={boundary}",
            headers={"Authorization": f"Bearer {self.tokens['alice']}", "Idempotency-Key": key},
        )

    def test_a_retried_upload_with_a_new_boundary_is_the_same_request(self) -> None:
        from fulcrum.transcripts.models import Transcript

        first = self.upload("boundary-one", "up-1")
        again = self.upload("boundary-two", "up-1")
        assert first.status_code == again.status_code == 201, first.content
        assert again["Idempotent-Replayed"] == "true"
        assert Transcript.objects.count() == 1


class IdempotencyOrderTest(ApiTestCase):
    def test_a_malformed_key_without_a_token_is_still_a_401(self) -> None:
        r = self.client.post(
            "/api/journal", "{}", content_type="application/json", headers={"Idempotency-Key": " "}
        )
        assert r.status_code == 401

    def test_a_call_that_fails_unexpectedly_frees_its_key(self) -> None:
        from fulcrum.reflection import services as journal_services

        headers = {"Authorization": f"Bearer {self.tokens['alice']}", "Idempotency-Key": "boom"}
        body = json.dumps({"body": "a note"})
        with (
            mock.patch.object(journal_services, "write_entry", side_effect=RuntimeError("disk")),
            self.assertRaises(RuntimeError),
        ):
            self.client.post("/api/journal", body, content_type="application/json", headers=headers)
        assert not IdempotentRequest.objects.exists()
        r = self.client.post("/api/journal", body, content_type="application/json", headers=headers)
        assert r.status_code == 201
