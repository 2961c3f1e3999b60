"""The API reads unmarked UTF-16 and Shift-JIS uploads as their text, and refuses noise."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fulcrum.api.tests.helpers import ApiTestCase
from fulcrum.core.transcripts.encoding import CANNOT_TELL
from fulcrum.transcripts.models import Transcript
from fulcrum.transcripts.tests.helpers import short_vtt

SHIFT_JIS = Path(__file__).parents[2] / "core/transcripts/tests/golden/shift_jis_session.txt"


@pytest.fixture(autouse=True)
def _no_cached_coder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FULCRUM_MODEL_DIR", str(tmp_path / "no-models"))


class TranscriptEncodingApiTest(ApiTestCase):
    def upload(self, data: bytes, name: str = "s.vtt", **fields: Any) -> Any:
        file = SimpleUploadedFile(name, data, "text/plain")
        headers = {"Authorization": f"Bearer {self.tokens['alice']}"}
        url = f"/api/clients/{self.alice_client.pk}/transcripts"
        return self.client.post(url, {"file": file, **fields}, headers=headers)

    @staticmethod
    def turns(body: dict[str, Any]) -> list[tuple[str, str]]:
        return [(u["speaker"], u["text"]) for u in body["utterances"]]

    def test_unmarked_utf16_reads_like_utf8(self) -> None:
        text = short_vtt().decode("utf-8")
        expected = self.turns(self.upload(text.encode("utf-8")).json())
        for codec in ("utf-16-le", "utf-16-be"):
            r = self.upload(text.encode(codec))
            assert r.status_code == 201, r.content
            assert self.turns(r.json()) == expected, codec

    def test_shift_jis_reads_as_japanese(self) -> None:
        data = SHIFT_JIS.read_bytes()
        r = self.upload(data, "s.txt", practitioner="セラピスト")
        assert r.status_code == 201, r.content
        expected = [tuple(line.split(": ", 1)) for line in data.decode("cp932").splitlines()]
        assert self.turns(r.json()) == expected

    def test_a_binary_blob_is_refused_with_the_sentence(self) -> None:
        rng = random.Random(5)
        r = self.upload(bytes(rng.randrange(256) for _ in range(1024)), "s.txt")
        assert r.status_code == 400
        assert r.json()["detail"] == CANNOT_TELL
        assert not Transcript.objects.exists()
