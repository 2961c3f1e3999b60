"""The client's-voice overview reads the whole caseload in a fixed number of queries."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fulcrum.clients.models import Client
from fulcrum.clientvoice.services import create_link
from fulcrum.clientvoice.tests.helpers import answer
from fulcrum.reflection.tests.helpers import make_warning
from fulcrum.testing import NOW, BaseTestCase, make_checkin, make_client


def answered_client(client: Client) -> None:
    for days_ago in (3, 2, 1):
        checkin = make_checkin(client, days_ago=days_ago, choices_offered="yes", choices_count=2)
        answer(checkin, choice=2)
    create_link(make_checkin(client), now=NOW)  # still open
    make_warning(client, direction="under")


class VoiceOverviewQueriesTestCase(BaseTestCase):
    def queries(self) -> int:
        with CaptureQueriesContext(connection) as captured:
            r = self.client.get(reverse("voice_overview"))
        assert r.status_code == 200
        return len(captured)

    def test_it_does_not_query_once_per_client(self) -> None:
        answered_client(self.alice_client)
        self.login(self.alice)
        one = self.queries()
        for n in range(2, 7):
            answered_client(make_client(self.alice, f"A-00{n}"))
        assert self.queries() == one

    def test_it_still_counts_each_clients_own_answers(self) -> None:
        answered_client(self.alice_client)
        other = make_client(self.alice, "A-002")
        answer(make_checkin(other, days_ago=1))
        self.login(self.alice)
        r = self.client.get(reverse("voice_overview"))
        rows = {row["client"].code: row for row in r.context["rows"]}
        assert (rows["A-001"]["answered"], rows["A-001"]["open_links"]) == (3, 1)
        assert rows["A-001"]["gaps"] == 3
        assert (rows["A-002"]["answered"], rows["A-002"]["open_links"]) == (1, 0)
        assert rows["A-002"]["gaps"] == 0
        assert rows["A-002"]["latest"].checkin.client_id == other.pk
