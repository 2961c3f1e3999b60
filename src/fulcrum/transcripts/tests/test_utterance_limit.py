"""A transcript over the utterance limit is refused with a sentence naming the limit, on the
upload page, the API and `fulcrum analyze` alike; nothing is stored."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse
from typer.testing import CliRunner

from fulcrum.api.tests.helpers import ApiTestCase
from fulcrum.cli import _register, app
from fulcrum.core.errors import ParseError
from fulcrum.core.transcripts.parsing import parse_transcript
from fulcrum.testing import BaseTestCase
from fulcrum.transcripts.models import Transcript
from fulcrum.transcripts.tests.helpers import SHORT_VTT, short_vtt, vtt_upload

TURNS = len(parse_transcript(short_vtt(), "s.vtt").utterances)
LIMIT = TURNS - 1
SENTENCE = f"The transcript has {TURNS:,} utterances; Fulcrum analyses up to {LIMIT:,}"


@pytest.fixture(autouse=True)
def _no_cached_coder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FULCRUM_MODEL_DIR", str(tmp_path / "no-models"))


def test_it_refuses_in_the_core_naming_the_limit() -> None:
    with pytest.raises(ParseError, match=SENTENCE):
        parse_transcript(short_vtt(), "s.vtt", max_utterances=LIMIT)
    assert parse_transcript(short_vtt(), "s.vtt", max_utterances=TURNS).utterances


@override_settings(TRANSCRIPT_MAX_UTTERANCES=LIMIT)
class UtteranceLimitPageTest(BaseTestCase):
    def test_it_refuses_on_the_upload_page_and_keeps_the_form(self) -> None:
        self.login(self.alice)
        url = reverse("transcript_upload", args=[self.alice_client.pk])
        r = self.client.post(
            url, {"file": vtt_upload(), "checkin": "", "session_at": "", "practitioner": "Dana"}
        )
        assert r.status_code == 200
        self.assertContains(r, SENTENCE)
        self.assertContains(r, 'value="Dana"')
        assert not Transcript.objects.exists()


@override_settings(TRANSCRIPT_MAX_UTTERANCES=LIMIT)
class UtteranceLimitApiTest(ApiTestCase):
    def test_it_refuses_on_the_api_with_a_json_sentence(self) -> None:
        headers = {"Authorization": f"Bearer {self.tokens['alice']}"}
        url = f"/api/clients/{self.alice_client.pk}/transcripts"
        r = self.client.post(url, {"file": vtt_upload()}, headers=headers)
        assert r.status_code == 400
        assert SENTENCE in r.json()["detail"]
        assert not Transcript.objects.exists()


def test_it_refuses_in_fulcrum_analyze(monkeypatch: pytest.MonkeyPatch) -> None:
    _register()
    monkeypatch.setattr("fulcrum.transcripts.uploads.utterance_limit", lambda: LIMIT)
    result = CliRunner().invoke(app, ["analyze", str(SHORT_VTT), "--format", "json"])
    # `fulcrum` itself turns the CommandError into one sentence on stderr and exit 1.
    assert result.exit_code != 0
    assert SENTENCE in str(result.exception)
