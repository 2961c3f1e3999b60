from __future__ import annotations

from django.urls import reverse

from fulcrum.clientvoice.models import VoiceAnswer, VoiceLink
from fulcrum.clientvoice.services import create_link
from fulcrum.clientvoice.tests.helpers import answer
from fulcrum.harbour.models import PractisedAction
from fulcrum.harbour.services import record_practice
from fulcrum.harbour.tests.helpers import action, make_plan
from fulcrum.reflection.models import JournalEntry
from fulcrum.reflection.tests.helpers import make_entry, make_warning
from fulcrum.testing import NOW, BaseTestCase, make_checkin


class ClientDeletionTestCase(BaseTestCase):
    def test_it_removes_links_answers_and_practice_but_keeps_the_unlinked_journal(self) -> None:
        checkin = make_checkin(self.alice_client, days_ago=2)
        answer(checkin)
        create_link(make_checkin(self.alice_client, days_ago=1), now=NOW)
        plan = make_plan(self.alice)
        record_practice(checkin, [action(plan, "trust", 1).pk], owner=self.alice)
        warning = make_warning(self.alice_client)
        entry = make_entry(self.alice, "About the work.", checkin=checkin, warning=warning)
        bobs = answer(make_checkin(self.bob_client))

        self.login(self.alice)
        r = self.client.post(
            reverse("client_delete", args=[self.alice_client.pk]), {"confirm_code": "A-001"}
        )
        self.assertEqual(r.status_code, 302)

        self.assertFalse(VoiceLink.objects.filter(client_id=self.alice_client.pk).exists())
        self.assertEqual(list(VoiceAnswer.objects.all()), [bobs])
        self.assertFalse(PractisedAction.objects.exists())
        entry = JournalEntry.objects.get(pk=entry.pk)
        self.assertEqual((entry.client, entry.checkin, entry.warning), (None, None, None))
        self.assertEqual(entry.body, "About the work.")
        self.assertEqual(
            plan.actions.count(), 20, "the plan is the practitioner's, not the client's"
        )
