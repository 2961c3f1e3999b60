"""Deleting a check-in names the client's answers and practice that go with it.

The client's answers hang from the session: a practitioner deleting a check-in to
record it again would otherwise lose them without a word.
"""

from __future__ import annotations

from django.urls import reverse

from fulcrum.clientvoice.models import VoiceAnswer
from fulcrum.clientvoice.services import create_link
from fulcrum.clientvoice.tests.helpers import answer
from fulcrum.harbour.services import record_practice
from fulcrum.harbour.tests.helpers import action, make_plan
from fulcrum.reflection.tests.helpers import make_entry
from fulcrum.testing import NOW, BaseTestCase, make_checkin
from fulcrum.transcripts.tests.helpers import make_transcript


class CheckInDeletePageTestCase(BaseTestCase):
    def test_it_names_the_answers_links_and_practice_that_go_and_what_stays(self) -> None:
        checkin = make_checkin(self.alice_client, days_ago=2)
        answer(checkin, comment="More time at the end, please.")
        create_link(checkin, now=NOW)
        plan = make_plan(self.alice)
        record_practice(checkin, [action(plan, "trust", 1).pk], owner=self.alice)
        make_transcript(self.alice_client, checkin=checkin)
        make_entry(self.alice, "After that session.", checkin=checkin)
        url = reverse("checkin_delete", args=[self.alice_client.pk, checkin.pk])

        self.login(self.alice)
        r = self.client.get(url)

        self.assertContains(r, "the client's answers about this session (1)")
        self.assertContains(r, "2 client links")  # the answered one and the open one
        self.assertContains(r, "1 practised safe-harbour action")
        self.assertContains(r, "The transcript and journal entries stay")
        self.client.post(url)
        assert not VoiceAnswer.objects.filter(checkin_id=checkin.pk).exists()

    def test_it_says_nothing_extra_for_a_plain_checkin(self) -> None:
        checkin = make_checkin(self.alice_client, days_ago=2)
        self.login(self.alice)
        r = self.client.get(reverse("checkin_delete", args=[self.alice_client.pk, checkin.pk]))
        self.assertNotContains(r, "client's answers")
        self.assertNotContains(r, "no longer linked")
