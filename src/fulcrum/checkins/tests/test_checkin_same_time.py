"""A second check-in for the same client at the same time waits for a yes."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from fulcrum.checkins.models import CheckIn
from fulcrum.checkins.services import checkins_at_same_time
from fulcrum.checkins.tests.helpers import form_data
from fulcrum.testing import NOW, BaseTestCase


class SameTimeCheckInTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.url = reverse("checkin_create", args=[self.alice_client.pk])
        self.when = timezone.localtime(NOW).replace(second=0, microsecond=0) - timedelta(hours=2)
        self.login(self.alice)
        self.client.post(self.url, form_data(self.when))
        self.first = CheckIn.objects.get()

    def test_it_warns_and_saves_nothing_when_the_time_is_taken(self) -> None:
        r = self.client.post(self.url, form_data(self.when, note="Typed a second time."))
        self.assertEqual(r.status_code, 200)
        self.assertEqual(CheckIn.objects.count(), 1)
        self.assertContains(r, "A check-in for this client is already saved at")
        self.assertContains(
            r, reverse("checkin_detail", args=[self.alice_client.pk, self.first.pk])
        )
        self.assertContains(r, 'name="same_time_ok"')
        # What was typed stays.
        self.assertContains(r, "Typed a second time.</textarea>")

    def test_it_saves_a_second_one_when_told_to(self) -> None:
        r = self.client.post(self.url, form_data(self.when, same_time_ok="on"))
        self.assertEqual(r.status_code, 302)
        self.assertEqual(CheckIn.objects.count(), 2)

    def test_it_does_not_ask_for_another_minute_or_another_client(self) -> None:
        r = self.client.post(self.url, form_data(self.when + timedelta(minutes=1)))
        self.assertEqual(r.status_code, 302)
        self.login(self.bob)
        r = self.client.post(
            reverse("checkin_create", args=[self.bob_client.pk]), form_data(self.when)
        )
        self.assertEqual(r.status_code, 302)
        self.assertEqual(CheckIn.objects.count(), 3)

    def test_it_warns_through_htmx_in_the_form_fragment(self) -> None:
        r = self.client.post(self.url, form_data(self.when), headers={"HX-Request": "true"})
        self.assertNotContains(r, "<html")  # the named partial alone, not the page
        self.assertContains(r, 'class="checkin-form"')
        self.assertContains(r, 'id="same-time"')
        self.assertEqual(CheckIn.objects.count(), 1)

    def test_it_warns_when_an_edit_moves_onto_another_sessions_time(self) -> None:
        self.client.post(self.url, form_data(self.when - timedelta(days=1)))
        other = CheckIn.objects.exclude(pk=self.first.pk).get()
        edit = reverse("checkin_edit", args=[self.alice_client.pk, other.pk])
        r = self.client.post(edit, form_data(self.when))
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, 'id="same-time"')
        other.refresh_from_db()
        self.assertEqual(other.session_at, self.when - timedelta(days=1))
        # Saving a check-in at its own time is no duplicate.
        own = reverse("checkin_edit", args=[self.alice_client.pk, self.first.pk])
        self.assertEqual(
            self.client.post(own, form_data(self.when, note="Changed.")).status_code, 302
        )

    def test_it_looks_up_by_the_minute_and_skips_the_excluded_one(self) -> None:
        later = self.first.session_at + timedelta(seconds=40)
        assert checkins_at_same_time(self.alice_client, later) == [self.first]
        assert checkins_at_same_time(self.alice_client, later, exclude=self.first) == []
