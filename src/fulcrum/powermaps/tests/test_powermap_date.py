from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from fulcrum.powermaps.models import PowerMap
from fulcrum.powermaps.tests.helpers import map_post
from fulcrum.testing import NOW, BaseTestCase


class PowerMapDateTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.url = reverse("powermap_create", args=[self.alice_client.pk])
        self.login(self.alice)

    def test_it_offers_today_as_the_assessment_day(self) -> None:
        r = self.client.get(self.url)
        today = timezone.localtime(NOW).date().isoformat()
        self.assertContains(r, f'name="assessed_on" value="{today}"')

    def test_it_dates_a_map_on_the_day_chosen(self) -> None:
        yesterday = timezone.localtime(NOW).date() - timedelta(days=1)
        self.client.post(self.url, map_post(assessed_on=yesterday.isoformat()))
        pm = PowerMap.objects.get()
        assert timezone.localtime(pm.assessed_at).date() == yesterday

    def test_it_dates_a_map_made_today_at_the_moment_it_is_saved(self) -> None:
        before = NOW
        self.client.post(self.url, map_post(assessed_on=timezone.localtime(NOW).date().isoformat()))
        pm = PowerMap.objects.get()
        assert before <= pm.assessed_at <= NOW + timedelta(minutes=1)  # the clock ticks on

    def test_it_sorts_a_late_recorded_map_before_a_newer_one(self) -> None:
        self.client.post(self.url, map_post())
        last_week = timezone.localtime(NOW).date() - timedelta(days=7)
        self.client.post(self.url, map_post(assessed_on=last_week.isoformat(), practitioner=4))
        newest, older = PowerMap.objects.filter(client=self.alice_client)
        assert timezone.localtime(older.assessed_at).date() == last_week
        assert newest.ratings["practitioner"]["expert"] == 2

    def test_it_refuses_a_day_in_the_future_and_keeps_what_was_typed(self) -> None:
        tomorrow: date = timezone.localtime(NOW).date() + timedelta(days=1)
        r = self.client.post(self.url, map_post(assessed_on=tomorrow.isoformat(), note="kept"))
        assert r.status_code == 200
        self.assertContains(r, "cannot be dated in the future")
        self.assertContains(r, f'value="{tomorrow.isoformat()}"')
        self.assertContains(r, "kept</textarea>")
        assert not PowerMap.objects.exists()

    def test_it_refuses_a_day_that_is_not_a_date(self) -> None:
        r = self.client.post(self.url, map_post(assessed_on="last tuesday"))
        self.assertContains(r, "Enter the day as a date")
        assert not PowerMap.objects.exists()
