from __future__ import annotations

from django.urls import reverse

from fulcrum.harbour.services import practised_ids, record_practice
from fulcrum.harbour.tests.helpers import action, make_plan
from fulcrum.reflection.tests.helpers import assert_login_required
from fulcrum.testing import BaseTestCase, make_checkin


class PracticePageTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.plan = make_plan(self.alice)
        self.checkin = make_checkin(self.alice_client, days_ago=1)
        self.url = reverse("harbour_practice", args=[self.alice_client.pk, self.checkin.pk])

    def test_it_requires_login(self) -> None:
        assert_login_required(self, self.url)

    def test_it_404s_for_someone_else(self) -> None:
        self.login(self.bob)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        trust = action(self.plan, "trust", 1)
        self.assertEqual(
            self.client.post(self.url, {"harbour_actions": [trust.pk]}).status_code, 404
        )
        self.assertEqual(practised_ids(self.checkin, self.alice), set())

    def test_it_pre_ticks_what_was_recorded_and_saves_changes(self) -> None:
        trust, safety = action(self.plan, "trust", 1), action(self.plan, "safety", 1)
        record_practice(self.checkin, [trust.pk], owner=self.alice)
        self.login(self.alice)
        r = self.client.get(self.url)
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, f'value="{trust.pk}" checked')
        self.assertContains(r, '<details class="harbour-details" open>')
        r = self.client.post(self.url, {"harbour_actions": [safety.pk]})
        self.assertRedirects(r, reverse("client_detail", args=[self.alice_client.pk]))
        self.assertEqual(practised_ids(self.checkin, self.alice), {safety.pk})

    def test_it_clears_the_session_when_nothing_is_ticked(self) -> None:
        record_practice(self.checkin, [action(self.plan, "trust", 1).pk], owner=self.alice)
        self.login(self.alice)
        # Unticked checkboxes send nothing at all.
        self.assertEqual(self.client.post(self.url, {}).status_code, 302)
        self.assertEqual(practised_ids(self.checkin, self.alice), set())

    def test_it_keeps_the_ticks_when_refusing_an_action(self) -> None:
        bobs = action(make_plan(self.bob), "trust", 1)
        trust = action(self.plan, "trust", 2)
        self.login(self.alice)
        r = self.client.post(self.url, {"harbour_actions": [trust.pk, bobs.pk]})
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "Select a valid choice")
        self.assertContains(r, f'value="{trust.pk}" checked')
        self.assertEqual(practised_ids(self.checkin, self.alice), set())

    def test_it_lists_the_practice_on_the_checkin_page(self) -> None:
        record_practice(self.checkin, [action(self.plan, "respect", 4).pk], owner=self.alice)
        self.login(self.alice)
        r = self.client.get(reverse("checkin_detail", args=[self.alice_client.pk, self.checkin.pk]))
        self.assertContains(r, "respect action 4")
        self.assertContains(r, self.url)
