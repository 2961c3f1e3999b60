"""The web upload reads Shift-JIS and unmarked UTF-16 as their text, and refuses noise."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from django.urls import reverse

from fulcrum.core.transcripts.encoding import CANNOT_TELL
from fulcrum.testing import BaseTestCase
from fulcrum.transcripts.models import Transcript, Utterance
from fulcrum.transcripts.tests.helpers import short_vtt, vtt_upload

SHIFT_JIS = Path(__file__).parents[2] / "core/transcripts/tests/golden/shift_jis_session.txt"


class UploadEncodingTest(BaseTestCase):
    def setUp(self) -> None:
        self.url = reverse("transcript_upload", args=[self.alice_client.pk])
        self.login(self.alice)

    def post(self, name: str, data: bytes, **fields: object) -> Any:
        form = {"checkin": "", "session_at": "", "practitioner": "", **fields}
        return self.client.post(self.url, {**form, "file": vtt_upload(name, data)})

    def turns(self) -> list[tuple[str, str]]:
        return [(u.speaker, u.text) for u in Utterance.objects.order_by("index")]

    def test_unmarked_utf16_is_stored_as_the_utf8_upload_would_be(self) -> None:
        text = short_vtt().decode("utf-8")
        self.post("s.vtt", text.encode("utf-8"))
        expected = self.turns()
        for codec in ("utf-16-le", "utf-16-be"):
            Transcript.objects.all().delete()
            r = self.post("s.vtt", text.encode(codec))
            assert r.status_code == 302, codec
            assert self.turns() == expected, codec

    def test_shift_jis_is_stored_as_japanese_with_the_note(self) -> None:
        data = SHIFT_JIS.read_bytes()
        r = self.post("s.txt", data, practitioner="セラピスト")
        assert r.status_code == 302
        expected = [line.split(": ", 1) for line in data.decode("cp932").splitlines()]
        assert [list(turn) for turn in self.turns()] == expected
        assert any("Shift-JIS" in w for w in Transcript.objects.get().file_warnings)

    def test_a_binary_blob_is_refused_with_the_sentence_and_the_form_kept(self) -> None:
        rng = random.Random(3)
        blob = bytes(rng.randrange(256) for _ in range(1024))
        r = self.post("s.txt", blob, session_at="2026-10-20T09:30")
        assert r.status_code == 200
        self.assertContains(r, CANNOT_TELL)
        self.assertContains(r, 'value="2026-10-20T09:30"')
        assert not Transcript.objects.exists()
