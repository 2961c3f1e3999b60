"""Deleting a client deletes their transcripts and utterances; nobody else's are touched."""

from __future__ import annotations

from django.urls import reverse

from fulcrum.testing import BaseTestCase
from fulcrum.transcripts.models import Transcript, Utterance
from fulcrum.transcripts.tests.helpers import make_transcript


class ClientDeletionTestCase(BaseTestCase):
    def test_it_deletes_the_clients_transcripts_with_the_client(self) -> None:
        make_transcript(self.alice_client)
        make_transcript(self.alice_client)
        kept = make_transcript(self.bob_client)
        self.login(self.alice)
        url = reverse("client_delete", args=[self.alice_client.pk])
        self.client.post(url, {"confirm_code": self.alice_client.code})
        assert list(Transcript.objects.all()) == [kept]
        assert set(Utterance.objects.values_list("transcript_id", flat=True)) == {kept.pk}

    def test_it_counts_the_transcripts_on_the_confirmation_page(self) -> None:
        make_transcript(self.alice_client)
        self.login(self.alice)
        r = self.client.get(reverse("client_delete", args=[self.alice_client.pk]))
        self.assertContains(r, "<strong>1</strong> session transcript and its analysis", html=True)
