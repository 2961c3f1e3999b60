"""The practitioner's consent pages: each client's state per policy, links, verbal consent."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fulcrum.policies import services
from fulcrum.policies.consent import consent_state, record_consent
from fulcrum.policies.links import create_consent_link
from fulcrum.policies.models import ConsentEvent, ConsentLink, PolicyVersion
from fulcrum.testing import NOW, BaseTestCase, make_checkin


class ConsentPagesTestCase(BaseTestCase):
    def setUp(self) -> None:
        draft = services.start_draft(self.alice, "cancellation", now=NOW)
        self.version: PolicyVersion = services.publish(
            draft, change="", summary="", effective_on=NOW.date(), now=NOW
        )
        self.checkin = make_checkin(self.alice_client, days_ago=1)
        self.page = reverse("consent_client", args=[self.alice_client.pk])
        self.login(self.alice)

    def test_the_policies_page_leads_to_each_clients_consent(self) -> None:
        self.assertContains(self.client.get(reverse("policy_list")), self.page)

    def test_the_client_page_leads_to_the_clients_consent(self) -> None:
        r = self.client.get(reverse("client_detail", args=[self.alice_client.pk]))
        self.assertContains(r, self.page)

    def test_it_shows_no_answer_yet_then_the_latest_event(self) -> None:
        self.assertContains(self.client.get(self.page), "No answer yet")
        r = self.client.post(
            reverse("consent_verbal", args=[self.alice_client.pk]),
            {"version": self.version.pk, "checkin": self.checkin.pk, "event": "accepted"},
        )
        self.assertRedirects(r, self.page)
        event = ConsentEvent.objects.get()
        assert event.channel == "verbal"
        assert event.checkin == self.checkin
        assert consent_state(self.alice_client, self.version.policy).agreed_version == self.version
        self.assertContains(self.client.get(self.page), "Agreed to version 1")

    def test_a_verbal_form_with_an_unknown_session_keeps_the_choices(self) -> None:
        other = make_checkin(self.bob_client, days_ago=1)
        r = self.client.post(
            reverse("consent_verbal", args=[self.alice_client.pk]),
            {"version": self.version.pk, "checkin": other.pk, "event": "declined"},
        )
        assert r.status_code == 200
        self.assertContains(r, "Select a valid choice")
        self.assertContains(r, 'value="declined" selected')
        assert not ConsentEvent.objects.exists()

    def test_it_creates_a_link_shown_once_and_withdraws_it(self) -> None:
        r = self.client.post(
            reverse("consent_link_create", args=[self.alice_client.pk]),
            {"version": [self.version.pk]},
        )
        link = ConsentLink.objects.get()
        self.assertRedirects(
            r, reverse("consent_link", args=[link.pk]), fetch_redirect_response=False
        )
        first = self.client.get(r["Location"])
        self.assertContains(first, "/consent/")
        assert "no-store" in first["Cache-Control"]
        self.assertNotContains(self.client.get(r["Location"]), "/consent/")
        self.assertContains(self.client.get(self.page), reverse("consent_link", args=[link.pk]))
        r = self.client.post(reverse("consent_link_withdraw", args=[link.pk]))
        self.assertRedirects(r, self.page)
        assert not ConsentLink.objects.exists()

    def test_a_link_needs_a_chosen_policy_and_another_practitioner_gets_404(self) -> None:
        r = self.client.post(reverse("consent_link_create", args=[self.alice_client.pk]), {})
        self.assertRedirects(r, self.page)
        assert not ConsentLink.objects.exists()
        r = self.client.get(reverse("consent_client", args=[self.bob_client.pk]))
        assert r.status_code == 404

    def queries(self) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert self.client.get(self.page).status_code == 200
        return len(captured)

    def test_the_page_reads_in_as_many_queries_for_more_policies_and_events(self) -> None:
        few = self.queries()
        for kind in ("payment", "touch", "recording"):
            draft = services.start_draft(self.alice, kind, now=NOW)
            version = services.publish(
                draft, change="", summary="", effective_on=NOW.date(), now=NOW
            )
            record_consent(
                self.alice_client,
                version,
                event="accepted",
                channel="verbal",
                checkin=self.checkin,
                now=NOW,
            )
            create_consent_link(self.alice_client, [version], now=NOW)
            make_checkin(self.alice_client, days_ago=2)
        assert self.queries() == few
