from __future__ import annotations

from django.urls import reverse

from fulcrum.checkins.models import CheckIn
from fulcrum.testing import BaseTestCase, make_checkin
from fulcrum.transcripts.models import Transcript, Utterance
from fulcrum.transcripts.tests.helpers import make_transcript


class DeleteTranscriptTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.checkin = make_checkin(self.alice_client)
        self.transcript = make_transcript(self.alice_client, checkin=self.checkin)
        self.url = reverse("transcript_delete", args=[self.alice_client.pk, self.transcript.pk])

    def test_it_requires_login(self) -> None:
        r = self.client.get(self.url)
        self.assertRedirects(
            r, f"{reverse('login')}?next={self.url}", fetch_redirect_response=False
        )

    def test_it_404s_for_someone_else(self) -> None:
        self.login(self.bob)
        assert self.client.get(self.url).status_code == 404
        assert self.client.post(self.url).status_code == 404
        assert Transcript.objects.filter(pk=self.transcript.pk).exists()

    def test_it_asks_for_confirmation_first(self) -> None:
        self.login(self.alice)
        r = self.client.get(self.url)
        self.assertContains(r, "Delete the transcript session.vtt?")
        self.assertContains(r, "The check-in it is linked to stays.")
        assert Transcript.objects.filter(pk=self.transcript.pk).exists()

    def test_it_deletes_the_transcript_and_its_utterances_but_not_the_checkin(self) -> None:
        self.login(self.alice)
        r = self.client.post(self.url)
        self.assertRedirects(
            r,
            reverse("client_detail", args=[self.alice_client.pk]),
            fetch_redirect_response=False,
        )
        assert not Transcript.objects.exists()
        assert not Utterance.objects.exists()
        assert CheckIn.objects.filter(pk=self.checkin.pk).exists()
