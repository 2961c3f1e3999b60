"""The incident log's pages: record, read, amend; late entries labelled; amendments
never overwrite; everything sealed in the ledger."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fulcrum.core.incidents import (
    IncidentRecord,
    describe_gap,
    lateness,
    reassessment_prompts,
)
from fulcrum.incidents.models import Incident
from fulcrum.incidents.services import amend_incident, record_incident, versions
from fulcrum.ledger.models import Entry, Stream, open_body
from fulcrum.ledger.services import verify_stream
from fulcrum.testing import NOW, BaseTestCase


def _form(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "happened_at": "2026-11-01T10:30",
        "direction": "client",
        "conduct": ["complaint_threatened", "intimidation"],
        "others_involved": "the client's attorney",
        "power_kinds": ["coercive", "legitimate"],
        "what_happened": "Said a call to the board would end my career.",
        "what_was_done": "Ended the session calmly.",
        "consulted": ["supervisor", "insurer"],
        "follow_ups": "Supervision on Thursday.",
    }
    data.update(overrides)
    return data


class IncidentPagesTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.client.force_login(self.alice)

    def _record(self, **overrides: Any) -> Incident:
        fields: dict[str, Any] = {
            "happened_at": NOW - timedelta(hours=2),
            "direction": "client",
            "what_happened": "A gift was left at reception.",
            "conduct": ("gift",),
        }
        fields.update(overrides)
        return record_incident(
            self.alice, IncidentRecord(**fields), client=self.alice_client, now=NOW
        )

    def test_it_records_an_incident_in_the_ledger(self) -> None:
        r = self.client.post(reverse("incident_create"), _form(client=self.alice_client.pk))
        incident = Incident.objects.get(owner=self.alice)
        self.assertRedirects(r, reverse("incident_detail", args=[incident.pk]))
        assert incident.entry.kind == "incident"
        assert verify_stream(Stream.objects.get(owner=self.alice)).ok
        page = self.client.get(reverse("incident_detail", args=[incident.pk])).content.decode()
        assert "a call to the board would end my career" in page
        assert self.alice_client.code in page
        assert "The licensing board" not in page  # not consulted
        assert "My insurer" in page
        assert "For the next re-assessment of" in page
        assert reverse("powermap_create", args=[self.alice_client.pk]) in page

    def test_it_keeps_what_was_typed_when_the_form_is_wrong(self) -> None:
        r = self.client.post(reverse("incident_create"), _form(what_happened="", direction="x"))
        assert r.status_code == 200
        body = r.content.decode()
        assert "the client&#x27;s attorney" in body
        assert "Supervision on Thursday." in body
        assert Incident.objects.count() == 0

    def test_it_offers_only_the_users_own_clients(self) -> None:
        r = self.client.post(reverse("incident_create"), _form(client=self.bob_client.pk))
        assert r.status_code == 200
        assert Incident.objects.count() == 0

    def test_it_labels_an_entry_written_more_than_72_hours_later(self) -> None:
        late = self._record(happened_at=NOW - timedelta(days=4, hours=5))
        on_time = self._record(happened_at=NOW - timedelta(hours=71))
        page = self.client.get(reverse("incident_detail", args=[late.pk])).content.decode()
        assert "written late: 4 days 5 hours after the event" in page
        page = self.client.get(reverse("incident_detail", args=[on_time.pk])).content.decode()
        assert "written late" not in page
        listing = self.client.get(reverse("incident_list")).content.decode()
        assert listing.count("late by") == 1

    def test_it_keeps_the_original_and_every_amendment_in_order(self) -> None:
        incident = self._record()
        url = reverse("incident_amend", args=[incident.pk])
        form = self.client.get(url).content.decode()
        assert "A gift was left at reception." in form  # starts from the latest version
        for text in ("Second account.", "Third account."):
            r = self.client.post(url, _form(what_happened=text))
            self.assertRedirects(r, reverse("incident_detail", args=[incident.pk]))
        history = versions(incident)
        assert [v.record.what_happened for v in history] == [
            "A gift was left at reception.",
            "Second account.",
            "Third account.",
        ]
        assert [v.sequence for v in history] == [1, 2, 3]
        page = self.client.get(reverse("incident_detail", args=[incident.pk])).content.decode()
        assert page.index("A gift was left") < page.index("Second account.") < page.index("Third")
        assert "Amendment 2" in page
        entry = Entry.objects.get(stream__owner=self.alice, sequence=3)
        assert entry.kind == "incident-amendment"
        assert b'"amends":1' in open_body(bytes(entry.body))
        # Amendments open their original, never a page of their own.
        amendment = Incident.objects.get(entry=entry)
        assert self.client.get(reverse("incident_detail", args=[amendment.pk])).status_code == 404

    def test_it_shows_nobody_else_an_incident(self) -> None:
        incident = self._record()
        self.client.force_login(self.bob)
        for name in ("incident_detail", "incident_amend"):
            assert self.client.get(reverse(name, args=[incident.pk])).status_code == 404
        assert (
            self.client.post(reverse("incident_amend", args=[incident.pk]), _form()).status_code
            == 404
        )
        assert "A gift was left" not in self.client.get(reverse("incident_list")).content.decode()
        self.client.logout()
        r = self.client.get(reverse("incident_detail", args=[incident.pk]))
        assert r.status_code == 302

    def test_it_shows_what_was_sealed_not_what_an_index_row_says(self) -> None:
        incident = self._record(happened_at=NOW - timedelta(hours=2))
        Incident.objects.filter(pk=incident.pk).update(happened_at=NOW - timedelta(days=400))
        page = self.client.get(reverse("incident_detail", args=[incident.pk])).content.decode()
        assert (NOW - timedelta(hours=2)).strftime("%-d %b %Y %H:%M") in page
        assert (NOW - timedelta(days=400)).strftime("%-d %b %Y") not in page


def test_it_suggests_a_reassessment_only_for_a_clients_coercive_conduct() -> None:
    threat = IncidentRecord(
        happened_at=NOW, direction="client", what_happened="x", conduct=("lawsuit",)
    )
    assert any("coercive power" in p for p in reassessment_prompts(threat))
    assert any("exposure" in p for p in reassessment_prompts(threat))
    slip = IncidentRecord(
        happened_at=NOW, direction="practitioner", what_happened="x", conduct=("lawsuit",)
    )
    assert reassessment_prompts(slip) == ()
    gift = IncidentRecord(happened_at=NOW, direction="client", what_happened="x", conduct=("gift",))
    assert [p for p in reassessment_prompts(gift) if "coercive" in p] == []


def test_it_measures_lateness_only_past_72_hours() -> None:
    assert lateness(NOW - timedelta(hours=72), NOW) is None
    gap = lateness(NOW - timedelta(hours=73), NOW)
    assert gap == timedelta(hours=73)
    assert describe_gap(timedelta(hours=73)) == "3 days 1 hour"
    assert describe_gap(timedelta(hours=96)) == "4 days"


class IncidentListQueriesTestCase(BaseTestCase):
    def test_it_reads_the_log_in_the_same_number_of_queries_however_long(self) -> None:
        self.client.force_login(self.alice)

        def add(n: int) -> None:
            for _ in range(n):
                incident = record_incident(
                    self.alice,
                    IncidentRecord(happened_at=NOW, direction="client", what_happened="x"),
                    client=self.alice_client,
                    now=NOW,
                )
                amend_incident(
                    incident,
                    IncidentRecord(happened_at=NOW, direction="client", what_happened="y"),
                    now=NOW,
                )

        add(2)
        with CaptureQueriesContext(connection) as few:
            self.client.get(reverse("incident_list"))
        add(5)
        with CaptureQueriesContext(connection) as many:
            r = self.client.get(reverse("incident_list"))
        assert r.content.decode().count("<tr>") == 1 + 7
        assert len(many) == len(few)
