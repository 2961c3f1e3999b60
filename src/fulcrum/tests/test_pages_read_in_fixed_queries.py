"""The caseload, client, drift and practice pages cost the same number of queries however
large the workspace: a query per client or per session would slow every page as a
caseload grows.

alice has one client with a short history; bob has five clients with longer ones (more
check-ins, warnings, answers, links, transcripts, journal entries and practice). Each
page must make as many queries for bob as for alice.
"""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fulcrum.accounts.models import User
from fulcrum.clients.models import Client
from fulcrum.clientvoice.services import create_link
from fulcrum.clientvoice.tests.helpers import answer
from fulcrum.harbour.services import current_plan, record_practice, save_plan
from fulcrum.reflection.tests.helpers import make_entry, make_warning
from fulcrum.testing import NOW, BaseTestCase, make_checkin, make_client, make_power_map
from fulcrum.transcripts.tests.helpers import make_transcript


def grow(owner: User, clients: int, sessions: int) -> list[Client]:
    save_plan(owner, {("trust", 1): "Start on time.", ("safety", 1): "Offer a choice."}, now=NOW)
    plan = current_plan(owner)
    assert plan is not None
    made = []
    for n in range(clients):
        client = make_client(owner, f"{owner.username[0].upper()}-1{n:02d}", alias=f"Al {n}")
        make_power_map(client)
        make_power_map(client, note="Again.")
        for day in range(sessions, 0, -1):
            checkin = make_checkin(
                client,
                days_ago=day,
                choices_offered="yes" if day % 2 else "no",
                disclosure=day % 3 == 0,
                disclosure_served="practitioner" if day % 3 == 0 else "",
                note="A session.",
            )
            answer(checkin, choice=3)
            record_practice(checkin, [a.pk for a in plan.actions.all()], owner=owner)
            make_entry(owner, "About it.", client=client, checkin=checkin)
            make_transcript(client, checkin=checkin)
        create_link(checkin, now=NOW)
        for k in range(sessions // 2):
            make_warning(client, key=f"over:{k}", checkin_ids=[checkin.pk])
            make_warning(client, direction="under", key=f"under:{k}", checkin_ids=[checkin.pk])
        made.append(client)
    return made


class FixedQueriesTestCase(BaseTestCase):
    def pages(self, clients: list[Client]) -> dict[str, str]:
        client = clients[0]
        checkin = client.checkins.order_by("-session_at").first()
        transcript = client.transcripts.first()
        assert checkin is not None
        assert transcript is not None
        chosen = "&".join(f"clients={c.pk}" for c in clients)
        return {
            "caseload": reverse("dashboard"),
            "client list": reverse("client_list"),
            "caseload drift": reverse("caseload_drift"),
            "client page": reverse("client_detail", args=[client.pk]),
            "client drift": reverse("client_drift", args=[client.pk]),
            "check-in": reverse("checkin_detail", args=[client.pk, checkin.pk]),
            "new check-in": reverse("checkin_create", args=[client.pk]),
            "power maps": reverse("powermap_history", args=[client.pk]),
            "transcript": reverse("transcript_detail", args=[client.pk, transcript.pk]),
            "client's voice": reverse("voice_overview"),
            "client's voice, one client": reverse("voice_client", args=[client.pk]),
            "consent, one client": reverse("consent_client", args=[client.pk]),
            "journal": reverse("journal_list"),
            "disclosures": reverse("disclosure_caseload"),
            "disclosures, one client": reverse("disclosure_client", args=[client.pk]),
            "coverage": reverse("harbour_coverage"),
            "coverage, one client": reverse("harbour_client_coverage", args=[client.pk]),
            "supervision report": f"{reverse('supervision_report')}?{chosen}"
            "&since=2026-01-01&until=2026-12-31&notes=checkin&notes=client_comment",
        }

    def queries(self, user: User, clients: list[Client]) -> dict[str, int]:
        self.login(user)
        counts = {}
        for name, url in self.pages(clients).items():
            with CaptureQueriesContext(connection) as captured:
                r = self.client.get(url)
            assert r.status_code == 200, f"{name} answered {r.status_code}"
            counts[name] = len(captured)
        return counts

    def test_it_reads_each_page_in_as_many_queries_for_a_large_workspace(self) -> None:
        small = self.queries(self.alice, grow(self.alice, clients=1, sessions=2))
        large = self.queries(self.bob, grow(self.bob, clients=5, sessions=8))
        grew = {name: (small[name], large[name]) for name in small if large[name] > small[name]}
        assert not grew, f"queries grew with the workspace (small, large): {grew}"
