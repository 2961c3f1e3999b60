from __future__ import annotations

import re
from typing import Any

from django.test import Client as DjangoClient
from django.test import override_settings
from django.urls import reverse

from fulcrum.testing import BaseTestCase, make_checkin
from fulcrum.transcripts.models import Transcript, Utterance
from fulcrum.transcripts.tests.helpers import short_vtt, vtt_upload

BAD_VTT = b"WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\n<v Dana>Hello.</v>\n\nnot a timing\n"


class TranscriptUploadTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.url = reverse("transcript_upload", args=[self.alice_client.pk])

    def post(self, **fields: object) -> Any:
        data = {"checkin": "", "session_at": "", "practitioner": "", **fields}
        return self.client.post(self.url, data)

    def test_it_requires_login(self) -> None:
        r = self.client.get(self.url)
        self.assertRedirects(
            r, f"{reverse('login')}?next={self.url}", fetch_redirect_response=False
        )

    def test_it_404s_for_someone_elses_client(self) -> None:
        self.login(self.bob)
        assert self.client.get(self.url).status_code == 404
        r = self.post(file=vtt_upload())
        assert r.status_code == 404
        assert not Transcript.objects.exists()

    def test_it_shows_the_form_to_the_owner(self) -> None:
        self.login(self.alice)
        r = self.client.get(self.url)
        self.assertContains(r, 'enctype="multipart/form-data"')
        self.assertContains(r, "up to 5 MB")
        self.assertContains(r, "not kept")

    def test_it_reads_analyses_and_stores_a_vtt_then_shows_the_report(self) -> None:
        checkin = make_checkin(self.alice_client, days_ago=1)
        self.login(self.alice)
        r = self.post(file=vtt_upload("Session 6.vtt"), checkin=str(checkin.pk))
        transcript = Transcript.objects.get()
        self.assertRedirects(
            r,
            reverse("transcript_detail", args=[self.alice_client.pk, transcript.pk]),
        )
        assert transcript.client == self.alice_client
        assert transcript.checkin == checkin
        assert transcript.session_at == checkin.session_at
        assert transcript.filename == "Session 6.vtt"
        assert transcript.source_format == "vtt"
        assert transcript.speakers == ["Dana Reyes", "Sam Ortiz"]
        assert transcript.practitioner == "Dana Reyes"
        assert transcript.practitioner_source == "guessed"
        assert 0 < transcript.practitioner_confidence < 1
        assert transcript.coder_kind == "rules"
        assert any("No trained coder" in n for n in transcript.coder_notes)
        assert Utterance.objects.filter(transcript=transcript).count() == 10
        assert transcript.analysis["practitioner"] == "Dana Reyes"

    def test_it_names_the_line_of_a_malformed_file_and_keeps_the_other_fields(self) -> None:
        self.login(self.alice)
        r = self.post(
            file=vtt_upload("broken.vtt", BAD_VTT),
            session_at="2026-10-20T09:30",
            practitioner="Dana",
        )
        assert r.status_code == 200
        self.assertContains(r, "Line 7: expected a cue timing")
        self.assertContains(r, "not a timing")
        self.assertContains(r, 'value="2026-10-20T09:30"')
        self.assertContains(r, 'value="Dana"')
        self.assertContains(r, "Choose the file again")
        assert not Transcript.objects.exists()

    def test_it_refuses_an_unsupported_format_with_the_formats_it_reads(self) -> None:
        self.login(self.alice)
        r = self.post(file=vtt_upload("notes.pdf", b"%PDF-1.4 ..."), practitioner="Dana")
        self.assertContains(r, ".vtt")
        self.assertContains(r, "PDF")
        self.assertContains(r, 'value="Dana"')
        assert not Transcript.objects.exists()

    @override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=400)
    def test_it_refuses_a_file_over_the_limit_with_its_size(self) -> None:
        self.login(self.alice)
        r = self.post(file=vtt_upload(), practitioner="Dana Reyes")
        self.assertContains(r, f"The file is {len(short_vtt()):,} bytes")
        self.assertContains(r, "up to 400 bytes")
        self.assertContains(r, 'value="Dana Reyes"')
        assert not Transcript.objects.exists()

    def test_it_asks_again_for_a_practitioner_name_not_in_the_file(self) -> None:
        self.login(self.alice)
        r = self.post(file=vtt_upload(), practitioner="Robin")
        self.assertContains(r, "No speaker called")
        self.assertContains(r, "Dana Reyes")
        self.assertContains(r, 'value="Robin"')
        assert not Transcript.objects.exists()

    def test_it_takes_the_named_practitioner(self) -> None:
        self.login(self.alice)
        self.post(file=vtt_upload(), practitioner="sam ortiz")
        transcript = Transcript.objects.get()
        assert transcript.practitioner == "Sam Ortiz"
        assert transcript.practitioner_source == "named"
        assert transcript.practitioner_confidence == 1.0

    def test_it_does_not_offer_or_accept_another_clients_checkin(self) -> None:
        bobs = make_checkin(self.bob_client)
        self.login(self.alice)
        page = self.client.get(self.url)
        self.assertNotContains(page, f'value="{bobs.pk}"')
        r = self.post(file=vtt_upload(), checkin=str(bobs.pk))
        self.assertContains(r, "Choose one of this client")
        assert not Transcript.objects.exists()

    def test_it_still_checks_the_csrf_token(self) -> None:
        http = DjangoClient(enforce_csrf_checks=True)
        http.force_login(self.alice)
        r = http.post(self.url, {"file": vtt_upload()})
        assert r.status_code == 403
        assert not Transcript.objects.exists()

    def test_it_asks_for_a_file(self) -> None:
        self.login(self.alice)
        r = self.post(session_at="2026-10-20T09:30")
        self.assertContains(r, "Choose a transcript file")
        self.assertContains(r, 'value="2026-10-20T09:30"')


class FutureSessionTest(BaseTestCase):
    def test_it_refuses_a_session_dated_in_the_future_and_keeps_what_was_typed(self) -> None:
        self.login(self.alice)
        r = self.client.post(
            reverse("transcript_upload", args=[self.alice_client.pk]),
            {
                "file": vtt_upload(),
                "checkin": "",
                "session_at": "2031-01-01T10:00",
                "practitioner": "Dana",
            },
        )
        assert r.status_code == 200
        self.assertContains(r, "A session cannot be dated in the future")
        self.assertContains(r, 'value="2031-01-01T10:00"')
        self.assertContains(r, 'value="Dana"')
        assert r.context["form"].errors["session_at"]
        assert not Transcript.objects.exists()

    def test_it_takes_a_session_earlier_today(self) -> None:
        self.login(self.alice)
        r = self.client.post(
            reverse("transcript_upload", args=[self.alice_client.pk]),
            {"file": vtt_upload(), "checkin": "", "session_at": "2026-11-01T09:00"},
        )
        assert r.status_code == 302
        assert Transcript.objects.get().session_at is not None


class RefusalBannerTest(BaseTestCase):
    def test_it_says_once_that_nothing_was_saved_and_asks_for_the_file_again(self) -> None:
        self.login(self.alice)
        r = self.client.post(
            reverse("transcript_upload", args=[self.alice_client.pk]),
            {"file": vtt_upload("broken.vtt", BAD_VTT), "checkin": "", "session_at": ""},
        )
        body = r.content.decode()
        banner = body[body.index('<div class="errors card" role="alert">') :]
        banner = banner[: banner.index("</div>")]
        sentences = [
            s for s in re.split(r"(?<=\.)\s+", re.sub(r"<[^>]+>", " ", banner)) if s.strip()
        ]
        assert len(sentences) == 2, sentences
        assert "The transcript was not added" in sentences[0]
        assert "Choose the file again" in sentences[1]
        assert "Nothing has been saved" not in banner
