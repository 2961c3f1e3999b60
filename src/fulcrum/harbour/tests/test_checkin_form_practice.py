from __future__ import annotations

from django.urls import reverse

from fulcrum.checkins.models import CheckIn
from fulcrum.checkins.tests.helpers import form_data
from fulcrum.harbour.services import practised_ids
from fulcrum.harbour.tests.helpers import action, make_plan
from fulcrum.testing import BaseTestCase


class CheckinFormPracticeTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.url = reverse("checkin_create", args=[self.alice_client.pk])

    def test_it_offers_the_current_plan_as_folded_chips(self) -> None:
        plan = make_plan(self.alice, trust_3="Alice explains before touching.")
        self.login(self.alice)
        r = self.client.get(self.url)
        self.assertContains(r, "Which of my safe-harbour actions did I practise?")
        self.assertContains(r, '<details class="harbour-details">')
        self.assertContains(r, f'name="harbour_actions" value="{action(plan, "trust", 3).pk}"')
        self.assertContains(r, "Alice explains before touching.")

    def test_it_points_to_the_plan_when_there_is_none(self) -> None:
        self.login(self.alice)
        r = self.client.get(self.url)
        self.assertContains(r, "Write your twenty actions")
        self.assertNotContains(r, 'name="harbour_actions"')

    def test_it_saves_the_ticks_with_the_session(self) -> None:
        plan = make_plan(self.alice)
        ticked = {action(plan, "trust", 1).pk, action(plan, "respect", 5).pk}
        self.login(self.alice)
        r = self.client.post(self.url, form_data(harbour_actions=sorted(ticked)))
        self.assertEqual(r.status_code, 302)
        self.assertEqual(practised_ids(CheckIn.objects.get(), self.alice), ticked)

    def test_it_saves_nothing_and_keeps_the_ticks_on_error(self) -> None:
        plan = make_plan(self.alice)
        trust = action(plan, "trust", 1)
        bobs = action(make_plan(self.bob), "trust", 1)
        self.login(self.alice)
        r = self.client.post(self.url, form_data(harbour_actions=[trust.pk, bobs.pk]))
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "Select a valid choice")
        self.assertContains(r, f'value="{trust.pk}" checked')
        self.assertFalse(CheckIn.objects.exists())
        r = self.client.post(self.url, form_data(session_at="", harbour_actions=[trust.pk]))
        self.assertContains(r, f'value="{trust.pk}" checked')
        self.assertContains(r, '<details class="harbour-details" open>')
        self.assertFalse(CheckIn.objects.exists())

    def test_it_records_what_followed_a_disclosure(self) -> None:
        self.login(self.alice)
        self.client.post(
            self.url,
            form_data(
                disclosure="yes", disclosure_served="both", disclosure_followed="pulled_back"
            ),
        )
        checkin = CheckIn.objects.get()
        self.assertEqual(checkin.disclosure_followed, "pulled_back")
        r = self.client.get(reverse("checkin_detail", args=[self.alice_client.pk, checkin.pk]))
        self.assertContains(r, "What followed: the client went quiet or pulled back")

    def test_it_drops_what_followed_without_a_disclosure(self) -> None:
        self.login(self.alice)
        self.client.post(self.url, form_data(disclosure="no", disclosure_followed="closer"))
        self.assertEqual(CheckIn.objects.get().disclosure_followed, "")


class CheckinEditPracticeTestCase(BaseTestCase):
    def test_it_shows_and_changes_the_ticks_when_a_checkin_is_edited(self) -> None:
        plan = make_plan(self.alice)
        trust, respect = action(plan, "trust", 1), action(plan, "respect", 5)
        self.login(self.alice)
        create = reverse("checkin_create", args=[self.alice_client.pk])
        self.client.post(create, form_data(harbour_actions=[trust.pk]))
        checkin = CheckIn.objects.get()
        edit = reverse("checkin_edit", args=[self.alice_client.pk, checkin.pk])
        r = self.client.get(edit)
        self.assertContains(r, f'value="{trust.pk}" checked')
        self.assertNotContains(r, f'value="{respect.pk}" checked')
        r = self.client.post(edit, form_data(checkin.session_at, harbour_actions=[respect.pk]))
        self.assertEqual(r.status_code, 302)
        self.assertEqual(practised_ids(checkin, self.alice), {respect.pk})

    def test_it_keeps_what_followed_a_disclosure_when_edited(self) -> None:
        self.login(self.alice)
        create = reverse("checkin_create", args=[self.alice_client.pk])
        data = form_data(
            disclosure="yes", disclosure_served="both", disclosure_followed="pulled_back"
        )
        self.client.post(create, data)
        checkin = CheckIn.objects.get()
        edit = reverse("checkin_edit", args=[self.alice_client.pk, checkin.pk])
        form = self.client.get(edit).context["form"]
        self.assertEqual(form["disclosure_followed"].value(), "pulled_back")
        self.client.post(edit, {**data, "note": "Changed my mind about the note."})
        checkin.refresh_from_db()
        self.assertEqual(checkin.disclosure_followed, "pulled_back")
        self.assertEqual(checkin.note, "Changed my mind about the note.")
