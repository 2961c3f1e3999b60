"""The approved-hours PDF: the same sessions as the CSV, the supervisor's qualification
and registration, totals by kind, and the CSV's access."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse

from fulcrum.supervision import services
from fulcrum.supervision.models import HoursEntry
from fulcrum.supervision.tests.helpers import linked, make_supervisor
from fulcrum.supervision.tests.test_report_pdf import read
from fulcrum.testing import NOW, BaseTestCase


class HoursPdfTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.dana = make_supervisor()
        self.link = linked(self.alice, self.dana)
        self.link.qualification = "Clinical psychologist"
        self.link.registration = "PSY-40417"
        self.link.save()

    def log(self, minutes: int, kind: str, days_ago: int) -> HoursEntry:
        return services.log_hours(
            self.link,
            self.alice,
            held_on=NOW.date() - timedelta(days=days_ago),
            minutes=minutes,
            kind=kind,
            topics="Quietfernwhisper boundaries",
            now=NOW,
        )

    def test_it_lists_approved_sessions_with_totals_by_kind(self) -> None:
        for minutes, kind, days_ago in (
            (60, "individual", 9),
            (30, "individual", 5),
            (90, "group", 3),
        ):
            services.decide_hours(self.log(minutes, kind, days_ago), self.dana, "approved", now=NOW)
        self.log(45, "peer", 1)  # waiting: not listed
        returned = self.log(20, "group", 2)
        services.decide_hours(returned, self.dana, "returned", reason="Which day?", now=NOW)
        self.login(self.alice)
        response = self.client.get(reverse("supervision_hours_pdf", args=[self.link.pk]))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        shares, text = read(response.content)
        assert len(shares) == 1
        assert "Clinical psychologist" in text
        assert "PSY-40417" in text
        assert "Individual supervision: 1.50 hours (90 minutes)" in text
        assert "Group supervision: 1.50 hours (90 minutes)" in text
        assert "Peer consultation" not in text
        assert "All approved: 3.00 hours (180 minutes) in 3 sessions" in text
        assert "Quietfernwhisper" not in text  # topics stay off the record of hours
        csv_rows = self.client.get(reverse("supervision_hours_csv", args=[self.link.pk]))
        assert csv_rows.content.count(b"\n") - 1 == 3  # the same sessions as the CSV

    def test_its_supervisor_may_download_it_and_no_one_else(self) -> None:
        url = reverse("supervision_hours_pdf", args=[self.link.pk])
        self.login(self.dana)
        assert self.client.get(url).status_code == 200
        self.login(self.bob)
        assert self.client.get(url).status_code == 404
        self.client.logout()
        assert self.client.get(url).status_code == 302

    def test_the_hours_page_links_to_it(self) -> None:
        self.login(self.alice)
        page = self.client.get(reverse("supervision_hours", args=[self.link.pk]))
        assert reverse("supervision_hours_pdf", args=[self.link.pk]).encode() in page.content
