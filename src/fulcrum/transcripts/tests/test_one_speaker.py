"""A transcript in which only the practitioner speaks: there is no client's side to read,
so the report says so plainly and no over-use or under-use index is shown or stored."""

from __future__ import annotations

from django.urls import reverse

from fulcrum.testing import BaseTestCase
from fulcrum.transcripts.models import Transcript
from fulcrum.transcripts.tests.helpers import make_transcript, vtt_upload

ALONE = (
    b"Therapist: Let's begin with a breath. Notice where you are sitting.\n"
    b"Therapist: Now let the shoulders drop, and notice what that is like.\n"
)
NO_CLIENT = "No client speaks in this transcript"


class OneSpeakerTest(BaseTestCase):
    def setUp(self) -> None:
        self.login(self.alice)

    def alone(self) -> Transcript:
        return make_transcript(self.alice_client, data=ALONE, filename="alone.txt")

    def test_it_stores_no_index(self) -> None:
        transcript = self.alone()
        transcript.refresh_from_db()
        assert transcript.speakers == ["Therapist"]
        assert transcript.over_use is None
        assert transcript.under_use is None
        assert transcript.analysis["indices"] == {}
        # What can be measured of the practitioner's words is still there.
        assert transcript.analysis["indicators"]

    def test_the_report_says_no_client_speaks_and_shows_no_index(self) -> None:
        transcript = self.alone()
        r = self.client.get(
            reverse("transcript_detail", args=[self.alice_client.pk, transcript.pk])
        )
        self.assertContains(r, NO_CLIENT)
        self.assertContains(r, "over-use and under-use indices are not computed")
        self.assertNotContains(r, "Everyone else counts as the client")
        self.assertNotContains(r, "<meter")
        self.assertNotContains(r, 'class="card index ')
        self.assertContains(r, "1 turn · 1 speaker<")

    def test_the_client_page_shows_no_over_use_figure(self) -> None:
        self.alone()
        r = self.client.get(reverse("client_detail", args=[self.alice_client.pk]))
        self.assertNotContains(r, 'class="score over"')
        self.assertContains(r, "no client speaks")
        self.assertContains(r, "1 turn · 1 speaker")

    def test_the_upload_says_it_in_words_with_singular_counts(self) -> None:
        r = self.client.post(
            reverse("transcript_upload", args=[self.alice_client.pk]),
            {"file": vtt_upload("alone.txt", ALONE), "checkin": "", "session_at": ""},
            follow=True,
        )
        self.assertContains(r, "alone.txt read: 1 utterance by 1 speaker.")
        self.assertContains(r, f"{NO_CLIENT}, so the over-use and under-use indices")
        assert Transcript.objects.get().over_use is None

    def test_choosing_the_practitioner_again_keeps_no_index(self) -> None:
        transcript = self.alone()
        r = self.client.post(
            reverse("transcript_practitioner", args=[self.alice_client.pk, transcript.pk]),
            {"speaker": "Therapist"},
        )
        assert r.status_code == 302
        transcript.refresh_from_db()
        assert transcript.over_use is None
        assert transcript.analysis["indices"] == {}


class CountsTest(BaseTestCase):
    def test_a_session_of_several_turns_and_speakers_counts_them_in_the_plural(self) -> None:
        transcript = make_transcript(self.alice_client)
        self.login(self.alice)
        r = self.client.get(
            reverse("transcript_detail", args=[self.alice_client.pk, transcript.pk])
        )
        self.assertContains(r, "10 turns · 2 speakers")
        self.assertContains(r, "Everyone else counts as the client.")
        self.assertContains(r, "<meter")
