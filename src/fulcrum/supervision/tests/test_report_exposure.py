"""The report lists where the practitioner is exposed and what shifts power to the client."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse

from fulcrum.core.catalogue import load_catalogue
from fulcrum.supervision.report import ReportChoice, build_report
from fulcrum.supervision.tests.helpers import SINCE, UNTIL, query
from fulcrum.supervision.tests.test_report_pdf import read
from fulcrum.testing import NOW, BaseTestCase, make_client, make_power_map

# The attorney client: strong coercive power, a threatened complaint, a court involved.
THREAT = "client_threats"


class ReportExposureTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.mine = make_client(self.alice, "A-310")
        pm = make_power_map(
            self.mine,
            ratings={
                "practitioner": {"expert": 3, "legitimate": 3},
                "client": {"coercive": 4, "expert": 3},
                "third_party": {"legitimate": 4},
            },
            counter_factors=[THREAT, "client_complaint_history"],
            third_party_kind="licensing_board",
            third_party_label="Ms Example at the board",
        )
        pm.assessed_at = NOW - timedelta(days=30)
        pm.save()
        self.threat_label = load_catalogue().factor(THREAT).label

    def test_it_carries_the_exposure_and_counter_factors_in_the_report_value(self) -> None:
        report = build_report(
            self.alice, ReportChoice(clients=(self.mine,), since=SINCE, until=UNTIL), now=NOW
        )
        summary = report.clients[0].map_latest
        assert summary is not None
        assert summary.exposure
        assert any("outside the room" in s for s in summary.exposure)
        assert self.threat_label in summary.counter_factors
        assert summary.third_party == "A licensing or professional body"
        rows = {r.kind: r.third_party for r in summary.rows}
        assert rows["Legitimate"] == 4
        assert rows["Coercive"] is None

    def test_it_lists_them_on_the_page_with_the_third_party_column(self) -> None:
        self.login(self.alice)
        r = self.client.get(reverse("supervision_report"), query(self.mine))
        self.assertContains(r, "<h4>Where you are exposed</h4>", html=True)
        self.assertContains(r, "<h4>What shifts power toward the client</h4>", html=True)
        self.assertContains(r, f"<li>{self.threat_label}</li>", html=True)
        self.assertContains(r, '<th scope="col">A licensing or professional body</th>', html=True)
        self.assertContains(r, '<span class="muted">not rated</span>', count=5)
        # The practitioner's own label for the third party stays in the workspace.
        self.assertNotContains(r, "Ms Example")

    def test_it_lists_them_in_the_pdf(self) -> None:
        self.login(self.alice)
        r = self.client.get(reverse("supervision_pdf"), query(self.mine))
        _, text = read(r.content)
        flat = " ".join(text.split())
        assert "Where you are exposed" in flat
        assert "What shifts power toward the client" in flat
        assert self.threat_label in flat
        assert "not rated" in flat
        assert "Third party: a licensing or professional body." in flat
        assert "Ms Example" not in flat

    def test_it_keeps_sentence_case_when_naming_the_chosen_notes(self) -> None:
        self.login(self.alice)
        r = self.client.get(
            reverse("supervision_report"), query(self.mine, notes=("checkin", "disclosure"))
        )
        self.assertContains(r, "check-in notes, what I shared (disclosure notes).")
        self.assertNotContains(r, "what i shared")
        pdf = self.client.get(
            reverse("supervision_pdf"), query(self.mine, notes=("checkin", "disclosure"))
        )
        assert "what I shared" in " ".join(read(pdf.content)[1].split())
