"""Real exports through the upload page: each is stored with its format, or refused on the form."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import CharField
from django.urls import reverse

from fulcrum.core.transcripts.parsing import FORMAT_NAMES
from fulcrum.testing import BaseTestCase
from fulcrum.transcripts.forms import ACCEPT
from fulcrum.transcripts.models import Transcript

GOLDEN = Path(__file__).resolve().parents[2] / "core" / "transcripts" / "tests" / "golden"
EXPORTS = [
    ("counselling_table.xlsx", "xlsx"),
    ("speech_therapy.cha", "chat"),
    ("podcast_bold_labels.md", "markdown"),
    ("otter_export.txt", "otter"),
    ("whisper_pyannote.txt", "diarised-text"),
    ("deepgram_diarised.json", "deepgram-json"),
    ("assemblyai_utterances.json", "assemblyai-json"),
    ("youtube_named.vtt", "youtube-vtt"),
]


class UploadExportsTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.url = reverse("transcript_upload", args=[self.alice_client.pk])
        self.login(self.alice)

    def post(self, name: str, data: bytes) -> Any:
        upload = SimpleUploadedFile(name, data, "application/octet-stream")
        return self.client.post(
            self.url, {"file": upload, "checkin": "", "session_at": "", "practitioner": ""}
        )

    def test_it_offers_every_readable_extension_in_the_file_picker(self) -> None:
        page = self.client.get(self.url).content.decode()
        assert f'accept="{ACCEPT}"' in page
        for extension in (".xlsx", ".cha", ".md"):
            assert extension in ACCEPT

    def test_it_stores_each_export_with_the_format_it_was_read_as(self) -> None:
        for name, source_format in EXPORTS:
            with self.subTest(name):
                r = self.post(name, (GOLDEN / name).read_bytes())
                assert r.status_code == 302, r.content.decode()[:500]
                transcript = Transcript.objects.latest("pk")
                assert transcript.source_format == source_format
                report = self.client.get(r["Location"]).content.decode()
                assert transcript.utterances.first() is not None
                assert "Speakers" in report

    def test_it_refuses_youtube_captions_without_names_on_the_form(self) -> None:
        text = (GOLDEN / "youtube_named.vtt").read_text(encoding="utf-8")
        data = text.replace("Dana:", "").replace("Sam:", "").encode()
        r = self.post("captions.en.vtt", data)
        assert r.status_code == 200
        assert "do not say who is speaking" in r.content.decode()
        assert not Transcript.objects.exists()


@pytest.mark.parametrize("source_format", sorted(FORMAT_NAMES))
def test_it_fits_every_format_id_in_the_stored_column(source_format: str) -> None:
    field = Transcript._meta.get_field("source_format")
    assert isinstance(field, CharField)
    assert field.max_length is not None
    assert len(source_format) <= field.max_length
