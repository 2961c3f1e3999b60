"""The delete page names the client's answers, links and practice it removes, and the
journal entries it keeps (unlinked), so nothing goes, or stays, unannounced."""

from __future__ import annotations

from django.urls import reverse

from fulcrum.clientvoice.services import create_link
from fulcrum.clientvoice.tests.helpers import answer
from fulcrum.harbour.services import record_practice
from fulcrum.harbour.tests.helpers import action, make_plan
from fulcrum.reflection.tests.helpers import make_entry
from fulcrum.testing import NOW, BaseTestCase, make_checkin


class ClientDeletePageTestCase(BaseTestCase):
    def test_it_names_the_practice_records_that_go_and_the_journal_that_stays(self) -> None:
        checkin = make_checkin(self.alice_client, days_ago=2)
        answer(checkin)
        create_link(checkin, now=NOW)
        plan = make_plan(self.alice)
        record_practice(
            checkin, [action(plan, "trust", 1).pk, action(plan, "safety", 2).pk], owner=self.alice
        )
        make_entry(self.alice, "About the work.", client=self.alice_client)
        make_entry(self.alice, "Not about anyone.")
        make_entry(self.bob, "Bob's.", client=self.bob_client)

        self.login(self.alice)
        r = self.client.get(reverse("client_delete", args=[self.alice_client.pk]))

        counts = r.context["counts"]
        assert (counts["answers"], counts["links"], counts["practised"]) == (1, 2, 2)
        assert counts["journal"] == 1
        self.assertContains(r, "<strong>1</strong> set of the client's answers", html=False)
        self.assertContains(r, "<strong>2</strong> client links", html=False)
        self.assertContains(r, "<strong>2</strong> practised safe-harbour actions", html=False)
        self.assertContains(r, "<strong>1</strong> journal entry about them stays", html=False)

    def test_it_names_the_serious_concerns_that_go(self) -> None:
        make_checkin(self.alice_client, days_ago=2, indicators=frozenset({"scope_creep"}))
        make_checkin(self.bob_client, days_ago=2, indicators=frozenset({"scope_creep"}))
        self.login(self.alice)
        r = self.client.get(reverse("client_delete", args=[self.alice_client.pk]))
        assert r.context["counts"]["concerns"] == 1
        self.assertContains(
            r, "<strong>1</strong> serious concern and what was recorded about it", html=False
        )
