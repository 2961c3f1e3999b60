"""Each record's history page: reachable from the record, the owner's alone (404 for
anyone else), showing what changed word by word; incident amendments on the same page."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse

from fulcrum.checkins.services import CheckInData, update_checkin
from fulcrum.core.incidents import IncidentRecord
from fulcrum.incidents.services import add_follow_up, record_incident
from fulcrum.reflection.services import EntryData, update_entry, write_entry
from fulcrum.testing import NOW, BaseTestCase, make_checkin


class HistoryPagesTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.checkin = make_checkin(self.alice_client, days_ago=1, note="They raised a complaint.")
        update_checkin(
            self.checkin,
            CheckInData(session_at=self.checkin.session_at, note="They raised a formal complaint."),
            now=NOW,
            reason="Said which kind",
        )
        self.entry = write_entry(self.alice, EntryData(body="A hard day."), now=NOW)
        update_entry(self.entry, EntryData(body="A long, hard day."), now=NOW)
        self.incident = record_incident(
            self.alice,
            IncidentRecord(
                happened_at=NOW - timedelta(days=1), direction="client", what_happened="A call."
            ),
            client=self.alice_client,
            now=NOW,
        )
        add_follow_up(self.incident, "Called my insurer.", now=NOW)
        self.urls = {
            "checkin": reverse("checkin_history", args=[self.alice_client.pk, self.checkin.pk]),
            "journal": reverse("journal_history", args=[self.entry.pk]),
            "incident": reverse("incident_history", args=[self.incident.pk]),
        }

    def test_it_shows_the_owner_what_changed_word_by_word(self) -> None:
        self.login(self.alice)
        page = self.client.get(self.urls["checkin"]).content.decode()
        assert "<ins>formal </ins>" in page
        assert "Said which kind" in page
        assert "still matches" in page
        journal = self.client.get(self.urls["journal"]).content.decode()
        assert "<ins> long,</ins>" in journal

    def test_it_shows_incident_amendments_on_the_same_page(self) -> None:
        self.login(self.alice)
        page = self.client.get(self.urls["incident"]).content.decode()
        assert "Amendment 1" in page
        assert "<ins>Called my insurer.</ins>" in page

    def test_it_is_reachable_from_each_records_page(self) -> None:
        self.login(self.alice)
        pages = {
            "checkin": reverse("checkin_detail", args=[self.alice_client.pk, self.checkin.pk]),
            "journal": reverse("journal_detail", args=[self.entry.pk]),
            "incident": reverse("incident_detail", args=[self.incident.pk]),
        }
        for kind, url in pages.items():
            assert self.urls[kind] in self.client.get(url).content.decode(), kind

    def test_it_404s_for_another_user(self) -> None:
        self.login(self.bob)
        for url in self.urls.values():
            assert self.client.get(url).status_code == 404, url

    def test_it_requires_login(self) -> None:
        for url in self.urls.values():
            assert self.client.get(url).status_code == 302, url
