"""Hours: the supervisee logs sessions, the supervisor approves or returns them with a
reason; an un-approval keeps both events; a CSV lists approved hours only."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse

from fulcrum.core.errors import InvalidInput
from fulcrum.supervision import services
from fulcrum.supervision.models import HoursDecision, HoursEntry
from fulcrum.supervision.tests.helpers import linked, make_supervisor
from fulcrum.testing import NOW, BaseTestCase


class HoursTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.dana = make_supervisor()
        self.link = linked(self.alice, self.dana)

    def log(self, minutes: int = 50) -> HoursEntry:
        return services.log_hours(
            self.link,
            self.alice,
            held_on=NOW.date() - timedelta(days=2),
            minutes=minutes,
            kind="individual",
            topics="Boundaries",
            now=NOW,
        )

    def test_it_keeps_every_decision_and_lists_only_approved_hours(self) -> None:
        entry, other = self.log(), self.log(30)
        services.decide_hours(entry, self.dana, "approved", now=NOW)
        with self.assertRaises(InvalidInput):
            services.decide_hours(entry, self.dana, "returned", reason="no", now=NOW)
        with self.assertRaises(InvalidInput):
            services.decide_hours(entry, self.dana, "unapproved", now=NOW)  # no reason
        services.decide_hours(entry, self.dana, "unapproved", reason="Wrong date", now=NOW)
        assert list(
            HoursDecision.objects.filter(entry=entry).values_list("decision", flat=True)
        ) == [
            "approved",
            "unapproved",
        ]
        services.decide_hours(other, self.dana, "approved", now=NOW)
        csv_text = services.approved_hours_csv(HoursEntry.objects.prefetch_related("decisions"))
        assert csv_text.count("\n") == 2  # the header and the one approved session
        assert ",30,0.50," in csv_text

    def test_it_refuses_the_wrong_person_and_impossible_sessions(self) -> None:
        with self.assertRaises(InvalidInput):
            services.log_hours(
                self.link,
                self.dana,
                held_on=NOW.date(),
                minutes=50,
                kind="peer",
                topics="",
                now=NOW,
            )
        with self.assertRaises(InvalidInput):
            self.log(0)
        entry = self.log()
        with self.assertRaises(InvalidInput):
            services.decide_hours(entry, self.alice, "approved", now=NOW)
        with self.assertRaises(InvalidInput):
            services.decide_hours(entry, self.dana, "returned", now=NOW)

    def test_it_walks_log_approve_and_csv_through_the_pages(self) -> None:
        self.login(self.alice)
        url = reverse("supervision_hours", args=[self.link.pk])
        r = self.client.post(url, {"held_on": "2026-10-30", "minutes": "45", "kind": "group"})
        assert r.status_code == 302
        r = self.client.post(
            url, {"held_on": "2026-10-30", "minutes": "0", "kind": "group", "topics": "Kept"}
        )
        assert r.status_code == 400
        assert b"Kept" in r.content
        entry = HoursEntry.objects.get()
        self.login(self.dana)
        self.client.post(
            reverse("supervisor_hours_decide", args=[entry.pk]), {"decision": "approved"}
        )
        csv_page = self.client.get(reverse("supervision_hours_csv", args=[self.link.pk]))
        assert b"2026-10-30,45,0.75" in csv_page.content
        self.login(self.bob)
        assert self.client.get(url).status_code == 404
        assert (
            self.client.post(reverse("supervisor_hours_decide", args=[entry.pk])).status_code == 404
        )
