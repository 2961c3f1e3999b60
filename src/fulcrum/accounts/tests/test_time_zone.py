"""Each person's own time zone: guessed at sign-up, changed on the account page, and used
for the times the pages default to and show."""

from __future__ import annotations

from datetime import UTC, datetime

import time_machine
from django.urls import reverse

from fulcrum.accounts.models import User
from fulcrum.testing import PASSWORD, BaseTestCase

# 03:04 on 2 December in UTC is 19:04 on 1 December in Los Angeles.
EVENING = datetime(2026, 12, 2, 3, 4, tzinfo=UTC)


class TimeZoneTestCase(BaseTestCase):
    def test_sign_up_keeps_the_chosen_zone(self) -> None:
        r = self.client.post(
            reverse("signup"),
            {"username": "dana", "email": "", "password1": PASSWORD, "password2": PASSWORD,
             "time_zone": "America/Los_Angeles", "roles": ["practitioner"]},
        )  # fmt: skip
        assert r.status_code == 302
        assert User.objects.get(username="dana").time_zone == "America/Los_Angeles"

    def test_sign_up_offers_the_browsers_guess_and_refuses_an_unknown_zone(self) -> None:
        page = self.client.get(reverse("signup"))
        self.assertContains(page, "data-guess-time-zone")
        self.assertContains(page, "fulcrum/timezone.js")
        r = self.client.post(
            reverse("signup"),
            {"username": "dana", "email": "", "password1": PASSWORD, "password2": PASSWORD,
             "time_zone": "Mars/Olympus_Mons"},
        )  # fmt: skip
        assert r.status_code == 200
        assert not User.objects.filter(username="dana").exists()

    @time_machine.travel(EVENING, tick=False)
    def test_the_checkin_form_defaults_to_the_persons_evening_not_utcs_morning(self) -> None:
        self.alice.time_zone = "America/Los_Angeles"
        self.alice.save()
        self.login(self.alice)
        self.client.get(reverse("dashboard"))  # any page the person opens brings the zone
        r = self.client.get(reverse("checkin_create", args=[self.alice_client.pk]))
        self.assertContains(r, 'value="2026-12-01T19:04"')

    @time_machine.travel(EVENING, tick=False)
    def test_the_account_page_changes_the_zone(self) -> None:
        self.login(self.alice)
        r = self.client.post(reverse("account"), {"time_zone": "Asia/Tokyo"})
        self.assertRedirects(r, reverse("account"), fetch_redirect_response=False)
        self.alice.refresh_from_db()
        assert self.alice.time_zone == "Asia/Tokyo"
        page = self.client.get(reverse("checkin_create", args=[self.alice_client.pk]))
        self.assertContains(page, 'value="2026-12-02T12:04"')

    def test_signing_out_drops_the_zone_and_a_stranger_gets_the_servers(self) -> None:
        self.alice.time_zone = "Asia/Tokyo"
        self.alice.save()
        self.login(self.alice)
        self.client.get(reverse("dashboard"))
        assert self.client.cookies["fulcrum_tz"].value == "Asia/Tokyo"
        self.client.post(reverse("logout"))
        self.client.get(reverse("login"))
        assert self.client.cookies["fulcrum_tz"].value == ""
