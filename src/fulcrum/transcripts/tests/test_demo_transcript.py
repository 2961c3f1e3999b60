"""The demo workspace carries one invented session transcript, ready to explore."""

from __future__ import annotations

from datetime import UTC, datetime

from django.test import TestCase
from django.urls import reverse

from fulcrum.demo import load_demo
from fulcrum.transcripts.demo import DEMO_CLIENT_CODE, DEMO_TRANSCRIPT
from fulcrum.transcripts.models import Transcript

NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


class DemoTranscriptTestCase(TestCase):
    def test_it_attaches_a_bodywork_session_with_choices_and_one_disclosure(self) -> None:
        user = load_demo(now=NOW)
        transcript = Transcript.objects.get(client__owner=user)
        assert transcript.client.code == DEMO_CLIENT_CODE
        assert transcript.client.modality == "bodywork"
        assert 40 <= transcript.utterance_count <= 80
        assert transcript.practitioner == "Jo Lindqvist"
        assert transcript.session_at is not None
        assert transcript.session_at < NOW
        assert transcript.checkin is None
        values = {i["id"]: i["value"] for i in transcript.analysis["indicators"]}
        assert values["choices_offered"] >= 3
        assert values["self_disclosure"] == 1
        assert transcript.coder_kind == "rules"

        self.client.force_login(user)
        url = reverse("transcript_detail", args=[transcript.client_id, transcript.pk])
        r = self.client.get(url)
        self.assertContains(r, "Start the check-in for this session")
        self.assertContains(r, 'class="timeline"')

    def test_its_file_is_fictional_and_in_the_package(self) -> None:
        text = DEMO_TRANSCRIPT.read_text(encoding="utf-8")
        assert text.startswith("WEBVTT")
        assert "invented" in text
