from __future__ import annotations

from django.urls import reverse

from fulcrum.reflection.tests.helpers import assert_login_required, make_entry
from fulcrum.testing import BaseTestCase


class JournalListTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.url = reverse("journal_list")
        self.mine = make_entry(self.alice, "Noticed my jaw tighten when she mentioned the fee.")
        self.older = make_entry(
            self.alice, "Held the policy kindly.", days_ago=40, client=self.alice_client
        )
        self.bobs = make_entry(self.bob, "Bob's private thought about the fee.")

    def test_it_requires_login(self) -> None:
        assert_login_required(self, self.url)

    def test_it_lists_only_the_owners_entries_newest_first(self) -> None:
        self.login(self.alice)
        r = self.client.get(self.url)
        self.assertEqual(r.status_code, 200)
        self.assertEqual([e.pk for e, _ in r.context["rows"]], [self.mine.pk, self.older.pk])
        self.assertNotContains(r, "Bob&#x27;s private thought")
        self.assertContains(r, "A-001")

    def test_it_searches_the_owners_text_only(self) -> None:
        self.login(self.alice)
        r = self.client.get(self.url, {"q": "fee"})
        self.assertEqual([e.pk for e, _ in r.context["rows"]], [self.mine.pk])
        self.assertContains(r, "1 entry found")
        self.login(self.bob)
        r = self.client.get(self.url, {"q": "jaw"})
        self.assertEqual(r.context["rows"], [])
        self.assertContains(r, "Nothing in your journal matches that.")

    def test_it_filters_by_client_and_dates(self) -> None:
        self.login(self.alice)
        r = self.client.get(self.url, {"client": self.alice_client.pk})
        self.assertEqual([e.pk for e, _ in r.context["rows"]], [self.older.pk])
        r = self.client.get(self.url, {"since": self.mine.written_at.date().isoformat()})
        self.assertEqual([e.pk for e, _ in r.context["rows"]], [self.mine.pk])

    def test_it_refuses_someone_elses_client_as_a_filter(self) -> None:
        self.login(self.alice)
        r = self.client.get(self.url, {"client": str(self.bob_client.pk), "q": "fee"})
        self.assertEqual(r.status_code, 200)
        self.assertTrue(r.context["form"].errors)
        self.assertNotContains(r, "B-001")

    def test_it_answers_htmx_with_the_results_fragment(self) -> None:
        self.login(self.alice)
        r = self.client.get(self.url, {"q": "policy"}, headers={"HX-Request": "true"})
        self.assertContains(r, 'id="journal-results"')
        self.assertNotContains(r, "<html")
        self.assertContains(r, "Held the policy kindly.")
