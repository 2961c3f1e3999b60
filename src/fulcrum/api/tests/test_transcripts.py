"""The transcript endpoints: upload, read, choose the practitioner, pre-fill, delete, isolation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client as HttpClient
from django.test import override_settings

from fulcrum.api.tests.helpers import ApiTestCase
from fulcrum.testing import make_checkin
from fulcrum.transcripts.coders import NO_MODEL_NOTE
from fulcrum.transcripts.models import Transcript, Utterance
from fulcrum.transcripts.tests.helpers import make_transcript, short_vtt

MISSING = 999_999


@pytest.fixture(autouse=True)
def _no_cached_coder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FULCRUM_MODEL_DIR", str(tmp_path / "no-models"))


class TranscriptApiTest(ApiTestCase):
    def upload(
        self, client_id: int, data: bytes | None = None, name: str = "s.vtt", **fields: Any
    ) -> Any:
        file = SimpleUploadedFile(name, short_vtt() if data is None else data, "text/vtt")
        user = fields.pop("user", self.alice)
        headers = {"Authorization": f"Bearer {self.tokens[user.username]}"}
        return self.client.post(
            f"/api/clients/{client_id}/transcripts", {"file": file, **fields}, headers=headers
        )

    def test_it_uploads_analyses_and_returns_the_analysis(self) -> None:
        checkin = make_checkin(self.alice_client, days_ago=1)
        r = self.upload(self.alice_client.pk, checkin_id=checkin.pk, practitioner="")
        assert r.status_code == 201, r.content
        body = r.json()
        assert body["filename"] == "s.vtt"
        assert body["checkin_id"] == checkin.pk
        assert body["practitioner"] == "Dana Reyes"
        assert body["practitioner_source"] == "guessed"
        assert body["coder_kind"] == "rules"
        assert any("No trained coder" in n for n in body["coder_notes"])
        assert len(body["utterances"]) == 10
        assert body["utterances"][0]["line"] == 8
        ids = {i["id"] for i in body["analysis"]["indicators"]}
        assert {"choices_offered", "self_disclosure"} <= ids
        assert Transcript.objects.get().pk == body["id"]

    def test_it_names_the_line_of_a_malformed_file(self) -> None:
        bad = b"WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\nDana: Hi.\n\nnot a timing\n"
        r = self.upload(self.alice_client.pk, bad)
        assert r.status_code == 400
        assert r.json()["detail"].startswith("Line 7: expected a cue timing")
        assert not Transcript.objects.exists()

    @override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=400)
    def test_it_refuses_a_file_over_the_limit_with_its_size(self) -> None:
        r = self.upload(self.alice_client.pk)
        assert r.status_code == 413
        assert r.json()["detail"].startswith(f"The file is {len(short_vtt()):,} bytes")
        assert not Transcript.objects.exists()

    def test_it_refuses_an_unknown_practitioner(self) -> None:
        r = self.upload(self.alice_client.pk, practitioner="Robin")
        assert r.status_code == 400
        assert "No speaker called 'Robin'" in r.json()["detail"]

    def test_it_lists_and_reads_a_clients_transcripts(self) -> None:
        t = make_transcript(self.alice_client)
        make_transcript(self.bob_client)
        listed = self.call("GET", f"/api/clients/{self.alice_client.pk}/transcripts").json()
        assert [x["id"] for x in listed] == [t.pk]
        assert "analysis" not in listed[0]
        one = self.call("GET", f"/api/clients/{self.alice_client.pk}/transcripts/{t.pk}").json()
        assert one["analysis"] == t.analysis
        assert one["utterances"][6]["text"].startswith("When I was your age")

    def test_it_never_answers_with_a_server_folder_in_the_notes(self) -> None:
        t = make_transcript(self.alice_client)
        # An analysis stored while the notes still named the folder they looked in.
        old = "No trained coder found in /home/Jane Doe/.cache/fulcrum/models; using the rules."
        other = "Something odd in /srv/fulcrum/models happened."
        t.coder_notes = [old, other]
        t.analysis = {**t.analysis, "notes": [old]}
        t.save(update_fields=["coder_notes", "analysis"])
        r = self.call("GET", f"/api/clients/{self.alice_client.pk}/transcripts/{t.pk}")
        body = r.content.decode()
        assert "Jane" not in body
        assert "Doe" not in body
        assert "/srv/fulcrum" not in body
        assert r.json()["coder_notes"] == [
            NO_MODEL_NOTE,
            "Something odd in the server's model folder happened.",
        ]
        assert r.json()["analysis"]["notes"] == [NO_MODEL_NOTE]

    def test_it_overrides_the_practitioner(self) -> None:
        t = make_transcript(self.alice_client)
        path = f"/api/clients/{self.alice_client.pk}/transcripts/{t.pk}/practitioner"
        r = self.call("POST", path, {"speaker": "Sam Ortiz"})
        assert r.status_code == 200
        assert r.json()["practitioner"] == "Sam Ortiz"
        assert r.json()["practitioner_source"] == "chosen"
        r = self.call("POST", path, {"speaker": "Robin"})
        assert r.status_code == 400

    def test_it_suggests_check_in_answers(self) -> None:
        t = make_transcript(self.alice_client)
        path = f"/api/clients/{self.alice_client.pk}/transcripts/{t.pk}/checkin-prefill"
        body = self.call("GET", path).json()
        assert body["choices_offered"] == "yes"
        assert body["choices_count"] == 2
        assert body["disclosure"] is True
        assert "my own shifts" in body["disclosure_note"]

    def test_it_deletes_a_transcript_and_its_utterances(self) -> None:
        t = make_transcript(self.alice_client)
        r = self.call("DELETE", f"/api/clients/{self.alice_client.pk}/transcripts/{t.pk}")
        assert r.status_code == 204
        assert not Transcript.objects.exists()
        assert not Utterance.objects.exists()

    def test_it_asks_anonymous_callers_to_authenticate(self) -> None:
        r = HttpClient().get(f"/api/clients/{self.alice_client.pk}/transcripts")
        assert r.status_code == 401

    def test_it_checks_csrf_for_a_signed_in_browser_upload(self) -> None:
        http = HttpClient(enforce_csrf_checks=True)
        http.force_login(self.alice)
        file = SimpleUploadedFile("s.vtt", short_vtt(), "text/vtt")
        r = http.post(f"/api/clients/{self.alice_client.pk}/transcripts", {"file": file})
        assert r.status_code == 403
        assert not Transcript.objects.exists()

    def test_it_gives_no_index_when_no_client_speaks(self) -> None:
        alone = b"Therapist: Breathe in. Notice the chair.\nTherapist: And out again.\n"
        r = self.upload(self.alice_client.pk, alone, name="alone.txt")
        assert r.status_code == 201, r.content
        body = r.json()
        assert body["speakers"] == ["Therapist"]
        assert body["over_use"] is None
        assert body["under_use"] is None
        assert body["analysis"]["indices"] == {}
        listed = self.call("GET", f"/api/clients/{self.alice_client.pk}/transcripts").json()
        assert listed[0]["over_use"] is None

    def test_it_refuses_a_session_dated_in_the_future(self) -> None:
        r = self.upload(self.alice_client.pk, session_at="2031-01-01T10:00:00+00:00")
        assert r.status_code == 400
        assert r.json() == {
            "detail": "A session cannot be dated in the future; enter when it took place.",
            "field": "session_at",
        }
        assert not Transcript.objects.exists()


class TranscriptIsolationTest(ApiTestCase):
    def setUp(self) -> None:
        self.checkin = make_checkin(self.alice_client)
        self.transcript = make_transcript(self.alice_client, checkin=self.checkin)

    def endpoints(self, c: int, t: int) -> list[tuple[str, str, object]]:
        return [
            ("GET", f"/api/clients/{c}/transcripts", None),
            ("GET", f"/api/clients/{c}/transcripts/{t}", None),
            ("POST", f"/api/clients/{c}/transcripts/{t}/practitioner", {"speaker": "Sam Ortiz"}),
            ("GET", f"/api/clients/{c}/transcripts/{t}/checkin-prefill", None),
            ("DELETE", f"/api/clients/{c}/transcripts/{t}", None),
        ]

    def test_it_answers_404_to_bob_on_every_endpoint_and_changes_nothing(self) -> None:
        for c, t in ((self.alice_client.pk, self.transcript.pk), (MISSING, MISSING)):
            for method, path, body in self.endpoints(c, t):
                with self.subTest(method=method, path=path):
                    r = self.call(method, path, body, user=self.bob)
                    assert r.status_code == 404
                    assert r.json() == {"detail": "Not found."}
        self.transcript.refresh_from_db()
        assert self.transcript.practitioner == "Dana Reyes"

    def test_it_does_not_reach_alices_transcript_through_bobs_client(self) -> None:
        b, t = self.bob_client.pk, self.transcript.pk
        for method, path, body in self.endpoints(b, t)[1:]:
            with self.subTest(method=method, path=path):
                assert self.call(method, path, body, user=self.bob).status_code == 404
        assert Transcript.objects.filter(pk=t).exists()

    def test_bob_cannot_upload_to_alice_or_attach_to_her_checkin(self) -> None:
        file = SimpleUploadedFile("s.vtt", short_vtt(), "text/vtt")
        headers = {"Authorization": f"Bearer {self.tokens['bob']}"}
        r = self.client.post(
            f"/api/clients/{self.alice_client.pk}/transcripts", {"file": file}, headers=headers
        )
        assert r.status_code == 404
        file.seek(0)
        r = self.client.post(
            f"/api/clients/{self.bob_client.pk}/transcripts",
            {"file": file, "checkin_id": self.checkin.pk},
            headers=headers,
        )
        assert r.status_code == 404
        assert Transcript.objects.count() == 1


class TranscriptOpenApiTest(ApiTestCase):
    def test_it_documents_the_transcript_endpoints_and_the_multipart_upload(self) -> None:
        schema = self.client.get("/api/openapi.json").json()
        base = "/api/clients/{client_id}/transcripts"
        for path in (base, base + "/{transcript_id}", base + "/{transcript_id}/practitioner"):
            assert path in schema["paths"]
        body = schema["paths"][base]["post"]["requestBody"]["content"]
        assert body["multipart/form-data"]["schema"]["required"] == ["file"]
