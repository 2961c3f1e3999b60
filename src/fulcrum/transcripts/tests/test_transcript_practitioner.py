from __future__ import annotations

from django.urls import reverse

from fulcrum.testing import BaseTestCase
from fulcrum.transcripts.models import Transcript
from fulcrum.transcripts.tests.helpers import make_transcript


class ChoosePractitionerTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.transcript = make_transcript(self.alice_client)
        self.url = reverse(
            "transcript_practitioner", args=[self.alice_client.pk, self.transcript.pk]
        )
        self.report = reverse("transcript_detail", args=[self.alice_client.pk, self.transcript.pk])

    def test_it_requires_login(self) -> None:
        r = self.client.post(self.url, {"speaker": "Sam Ortiz"})
        self.assertRedirects(
            r, f"{reverse('login')}?next={self.url}", fetch_redirect_response=False
        )

    def test_it_404s_for_someone_else_and_changes_nothing(self) -> None:
        self.login(self.bob)
        assert self.client.post(self.url, {"speaker": "Sam Ortiz"}).status_code == 404
        self.transcript.refresh_from_db()
        assert self.transcript.practitioner == "Dana Reyes"

    def test_it_accepts_only_post(self) -> None:
        self.login(self.alice)
        assert self.client.get(self.url).status_code == 405

    def test_it_analyses_again_with_the_chosen_speaker(self) -> None:
        before = self.transcript.analysis
        guess_confidence = self.transcript.practitioner_confidence
        self.login(self.alice)
        r = self.client.post(self.url, {"speaker": "Sam Ortiz"})
        self.assertRedirects(r, self.report, fetch_redirect_response=False)
        t = Transcript.objects.get(pk=self.transcript.pk)
        assert t.practitioner == "Sam Ortiz"
        assert t.practitioner_source == "chosen"
        assert t.practitioner_confidence == 1.0
        assert t.guessed_practitioner == "Dana Reyes"
        assert t.guessed_confidence == guess_confidence
        assert t.analysis["practitioner"] == "Sam Ortiz"
        assert t.analysis != before
        roles = {u["speaker"]: u["role"] for u in t.analysis["utterances"]}
        assert roles == {"Sam Ortiz": "practitioner", "Dana Reyes": "client"}
        page = self.client.get(self.report)
        self.assertContains(page, "You chose <strong>Sam Ortiz</strong>")
        self.assertContains(page, "Fulcrum had guessed Dana Reyes")

    def test_it_refuses_a_speaker_not_in_the_transcript(self) -> None:
        self.login(self.alice)
        r = self.client.post(self.url, {"speaker": "Robin"}, follow=True)
        self.assertContains(r, "Choose one of the speakers in this transcript.")
        self.transcript.refresh_from_db()
        assert self.transcript.practitioner == "Dana Reyes"
