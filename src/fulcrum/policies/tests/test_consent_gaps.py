"""Who has not consented to what: derived from the events, shown on the caseload and the
client page, in one query however many clients, policies and events there are."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fulcrum.checkins.models import CheckIn
from fulcrum.clients.models import Client
from fulcrum.policies import services
from fulcrum.policies.consent import consent_gaps, record_consent
from fulcrum.policies.models import PolicyVersion
from fulcrum.testing import NOW, BaseTestCase, make_checkin, make_client


class ConsentGapsTestCase(BaseTestCase):
    def publish(self, kind: str, text: str, change: str = "") -> PolicyVersion:
        draft = services.start_draft(self.alice, kind, now=NOW)
        services.edit_draft(draft, title=kind.title(), text=text, now=NOW)
        return services.publish(
            draft,
            change=change,
            summary="A change." if change else "",
            effective_on=NOW.date(),
            now=NOW,
        )

    def say(self, client: Client, version: PolicyVersion, event: str, minutes: int = 0) -> None:
        checkin = self.sessions.get(client.pk)
        if checkin is None:
            checkin = self.sessions[client.pk] = make_checkin(client, days_ago=1)
        record_consent(
            client,
            version,
            event=event,
            channel="verbal",
            checkin=checkin,
            now=NOW + timedelta(minutes=minutes),
        )

    def setUp(self) -> None:
        self.sessions: dict[int, CheckIn] = {}
        self.cancel = self.publish("cancellation", "Tell me a day ahead.")
        self.fees = self.publish("payment", "Pay on the day.")

    def states(self, client: Client) -> dict[str, str]:
        return {g.kind: g.state for g in consent_gaps(self.alice, [client.pk])[client.pk]}

    def test_a_client_who_never_answered_has_a_gap_for_every_policy(self) -> None:
        assert self.states(self.alice_client) == {"cancellation": "never", "payment": "never"}

    def test_declined_withdrawn_and_a_question_are_gaps_and_agreement_is_not(self) -> None:
        self.say(self.alice_client, self.cancel, "accepted")
        self.say(self.alice_client, self.fees, "question")
        assert self.states(self.alice_client) == {"payment": "question"}
        self.say(self.alice_client, self.fees, "declined", minutes=1)
        self.say(self.alice_client, self.cancel, "withdrawn", minutes=2)
        assert self.states(self.alice_client) == {
            "cancellation": "withdrawn",
            "payment": "declined",
        }

    def test_a_material_change_asks_again_and_an_editorial_one_does_not(self) -> None:
        self.say(self.alice_client, self.cancel, "accepted")
        self.say(self.alice_client, self.fees, "accepted")
        self.publish("payment", "Pay on the day, by card or cash.", "editorial")
        assert self.states(self.alice_client) == {}
        newer = self.publish("cancellation", "Tell me two days ahead.", "material")
        (gap,) = consent_gaps(self.alice, [self.alice_client.pk])[self.alice_client.pk]
        assert (gap.kind, gap.state, gap.number, gap.agreed_number) == (
            "cancellation",
            "reconsent",
            2,
            1,
        )
        mark = newer.reconsent_marks.get(client=self.alice_client)
        assert gap.due_on == mark.due_on
        self.say(self.alice_client, newer, "accepted", minutes=5)
        assert self.states(self.alice_client) == {}

    def test_another_practitioners_policies_never_count(self) -> None:
        assert consent_gaps(self.bob, [self.bob_client.pk]) == {self.bob_client.pk: []}

    def test_it_reads_in_one_query_however_many_clients_and_events(self) -> None:
        with CaptureQueriesContext(connection) as few:
            consent_gaps(self.alice, [self.alice_client.pk])
        clients = [make_client(self.alice, f"A-2{n}") for n in range(5)]
        for n, client in enumerate(clients):
            self.say(client, self.cancel, "accepted", minutes=n)
            self.say(client, self.fees, "declined", minutes=n)
        self.publish("touch", "Tell me what feels right.")
        with CaptureQueriesContext(connection) as many:
            gaps = consent_gaps(self.alice, [c.pk for c in clients])
        assert len(few) == len(many) == 1
        assert all({g.kind for g in gaps[c.pk]} == {"payment", "touch"} for c in clients)

    def test_the_caseload_and_the_client_page_show_the_gaps(self) -> None:
        self.say(self.alice_client, self.cancel, "accepted")
        self.publish("cancellation", "Tell me two days ahead.", "material")
        self.login(self.alice)
        for url in (reverse("dashboard"), reverse("client_detail", args=[self.alice_client.pk])):
            r = self.client.get(url)
            self.assertContains(r, "Needs to agree again")
            self.assertContains(r, "agreed to version 1")
            self.assertContains(r, "Has not answered")
            self.assertContains(r, reverse("consent_client", args=[self.alice_client.pk]))
