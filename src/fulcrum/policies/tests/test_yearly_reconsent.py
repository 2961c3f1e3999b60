"""Yearly re-consent: with FULCRUM_CONSENT_YEARLY on, an agreement more than a year old
asks the client again, wherever consent gaps show, and the consent link offers it."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fulcrum.policies import services
from fulcrum.policies.consent import consent_gaps, record_consent
from fulcrum.policies.links import create_consent_link
from fulcrum.policies.models import PolicyVersion
from fulcrum.testing import NOW, BaseTestCase, make_checkin

A_YEAR_ON = NOW.replace(year=NOW.year + 1)


class YearlyReconsentTestCase(BaseTestCase):
    def publish(self, kind: str, text: str) -> PolicyVersion:
        draft = services.start_draft(self.alice, kind, now=NOW)
        services.edit_draft(draft, title=kind.title(), text=text, now=NOW)
        return services.publish(draft, change="", summary="", effective_on=NOW.date(), now=NOW)

    def setUp(self) -> None:
        self.cancel = self.publish("cancellation", "Tell me a day ahead.")
        self.fees = self.publish("payment", "Pay on the day.")
        checkin = make_checkin(self.alice_client, days_ago=1)
        for version, minutes in ((self.cancel, 0), (self.fees, 60 * 24 * 200)):
            record_consent(
                self.alice_client,
                version,
                event="accepted",
                channel="verbal",
                checkin=checkin,
                now=NOW + timedelta(minutes=minutes),
            )

    def states(self, *, now: object) -> dict[str, str]:
        gaps = consent_gaps(self.alice, [self.alice_client.pk], now=now)  # type: ignore[arg-type]
        return {g.kind: g.state for g in gaps[self.alice_client.pk]}

    def test_it_is_off_by_default(self) -> None:
        assert self.states(now=A_YEAR_ON + timedelta(days=400)) == {}

    @override_settings(FULCRUM_CONSENT_YEARLY=True)
    def test_an_agreement_more_than_a_year_old_asks_again(self) -> None:
        assert self.states(now=A_YEAR_ON - timedelta(seconds=1)) == {}
        assert self.states(now=A_YEAR_ON) == {"cancellation": "yearly"}
        (gap,) = consent_gaps(self.alice, [self.alice_client.pk], now=A_YEAR_ON)[
            self.alice_client.pk
        ]
        assert gap.state_label == "needs to agree again (a year has passed)"
        assert (gap.number, gap.agreed_number, gap.due_on) == (1, 1, A_YEAR_ON.date())
        later = A_YEAR_ON + timedelta(days=210)
        assert self.states(now=later) == {"cancellation": "yearly", "payment": "yearly"}

    @override_settings(FULCRUM_CONSENT_YEARLY=True)
    def test_agreeing_again_closes_the_gap_and_it_stays_one_query(self) -> None:
        checkin = make_checkin(self.alice_client, days_ago=0)
        record_consent(
            self.alice_client,
            self.cancel,
            event="accepted",
            channel="verbal",
            checkin=checkin,
            now=A_YEAR_ON + timedelta(days=1),
        )
        with CaptureQueriesContext(connection) as queries:
            assert self.states(now=A_YEAR_ON + timedelta(days=2)) == {}
        assert len(queries) == 1

    @override_settings(FULCRUM_CONSENT_YEARLY=True)
    def test_the_pages_show_it_and_the_link_offers_it_again(self) -> None:
        with time_machine.travel(A_YEAR_ON + timedelta(days=1), tick=False):
            self.login(self.alice)
            for url in (
                reverse("dashboard"),
                reverse("client_detail", args=[self.alice_client.pk]),
            ):
                r = self.client.get(url)
                self.assertContains(r, "Needs to agree again (a year has passed)")
            page = self.client.get(reverse("consent_client", args=[self.alice_client.pk]))
            self.assertContains(page, "a year has passed; ask again")
            self.assertContains(page, f'id="ask-{self.cancel.pk}" checked')
            self.assertNotContains(page, f'id="ask-{self.fees.pk}" checked')
            _, token = create_consent_link(
                self.alice_client, [self.cancel, self.fees], now=A_YEAR_ON + timedelta(days=1)
            )
            self.client.logout()
            answer = self.client.get(reverse("consent_answer", args=[token]))
        self.assertContains(answer, "A year has passed, so you are asked again", count=1)
        self.assertContains(answer, f"You agreed to these words on {NOW:%-d %B %Y}")
