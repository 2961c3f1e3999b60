"""The client page lists the client's transcripts, and only theirs."""

from __future__ import annotations

from django.urls import reverse

from fulcrum.testing import BaseTestCase
from fulcrum.transcripts.tests.helpers import make_transcript


class ClientPageTranscriptsTestCase(BaseTestCase):
    def test_it_lists_the_clients_transcripts_with_links(self) -> None:
        mine = make_transcript(self.alice_client, filename="week-6.vtt")
        theirs = make_transcript(self.bob_client, filename="bobs-session.vtt")
        self.login(self.alice)
        r = self.client.get(reverse("client_detail", args=[self.alice_client.pk]))
        self.assertTemplateUsed(r, "transcripts/_client_transcripts.html")
        self.assertContains(r, "week-6.vtt")
        self.assertContains(r, reverse("transcript_detail", args=[self.alice_client.pk, mine.pk]))
        self.assertContains(r, reverse("transcript_upload", args=[self.alice_client.pk]))
        self.assertNotContains(r, "bobs-session.vtt")
        assert r.context["transcripts"] == [mine]
        assert theirs not in r.context["transcripts"]

    def test_it_invites_an_upload_when_there_are_none(self) -> None:
        self.login(self.alice)
        r = self.client.get(reverse("client_detail", args=[self.alice_client.pk]))
        self.assertContains(r, "No transcripts yet")
