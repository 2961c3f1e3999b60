from __future__ import annotations

from django.urls import reverse

from fulcrum.harbour.services import record_practice
from fulcrum.harbour.tests.helpers import action, make_plan
from fulcrum.reflection.tests.helpers import assert_login_required
from fulcrum.testing import BaseTestCase, make_checkin


class CoveragePagesTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.plan = make_plan(self.alice, respect_2="Alice asks before advising.")
        checkin = make_checkin(self.alice_client, days_ago=1)
        record_practice(checkin, [action(self.plan, "trust", 1).pk], owner=self.alice)
        make_plan(self.bob, trust_1="Bob's private action.")
        self.overall = reverse("harbour_coverage")
        self.per_client = reverse("harbour_client_coverage", args=[self.alice_client.pk])

    def test_it_requires_login(self) -> None:
        assert_login_required(self, self.overall)
        assert_login_required(self, self.per_client)

    def test_it_shows_never_practised_actions_overall_and_per_client(self) -> None:
        self.login(self.alice)
        r = self.client.get(self.overall)
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "19 actions never practised")
        self.assertContains(r, "Alice asks before advising.")
        self.assertContains(r, self.per_client)
        self.assertNotContains(r, "Bob&#x27;s private action.")
        r = self.client.get(self.per_client)
        self.assertContains(r, "with A-001")
        self.assertContains(r, "in the one session so far")
        self.assertNotContains(r, ">regularly<")

    def test_it_says_how_often_over_how_many_sessions(self) -> None:
        for days_ago in (2, 3):
            make_checkin(self.alice_client, days_ago=days_ago)
        self.login(self.alice)
        r = self.client.get(self.per_client)
        self.assertContains(r, "in 1 of the last 3 sessions")
        self.assertContains(r, "in none of the last 3 sessions")
        self.assertNotContains(r, ">regularly<")

    def test_it_404s_for_someone_elses_client(self) -> None:
        self.login(self.bob)
        self.assertEqual(self.client.get(self.per_client).status_code, 404)

    def test_it_asks_for_a_plan_first(self) -> None:
        self.login(self.charlie)
        self.assertContains(self.client.get(self.overall), "Coverage needs a plan")

    def test_it_summarises_coverage_on_the_client_page(self) -> None:
        self.login(self.alice)
        r = self.client.get(reverse("client_detail", args=[self.alice_client.pk]))
        self.assertContains(r, 'id="client-harbour"')
        self.assertContains(r, "19 of your actions never practised")
