from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone

from fulcrum.reflection.tests.helpers import assert_login_required
from fulcrum.supervision.tests.helpers import ALIAS, CODE, Query, query, reportable_client
from fulcrum.testing import NOW, BaseTestCase


class ReportPagesTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.mine, self.shared, self.private = reportable_client(self.alice)
        self.builder = reverse("supervision_builder")
        self.report = reverse("supervision_report")
        self.pdf = reverse("supervision_pdf")

    def test_it_requires_login(self) -> None:
        for url in (self.builder, self.report, self.pdf):
            assert_login_required(self, url)

    def test_it_offers_only_the_owners_clients_and_shareable_entries(self) -> None:
        self.login(self.alice)
        r = self.client.get(self.builder)
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, CODE)
        self.assertContains(r, "A-001")
        self.assertNotContains(r, "B-001")
        self.assertContains(r, "my urge to please")
        self.assertNotContains(r, "Private worry")
        self.assertNotContains(r, ALIAS)
        # The last 90 days by default, in the format a date input understands.
        today = timezone.localdate(NOW)
        self.assertContains(r, f'value="{today.isoformat()}"')
        self.assertContains(r, f'value="{(today - timedelta(days=90)).isoformat()}"')
        self.login(self.bob)
        r = self.client.get(self.builder)
        self.assertNotContains(r, CODE)
        self.assertNotContains(r, "my urge to please")

    def test_it_prints_the_report_by_code_without_aliases_or_notes(self) -> None:
        self.login(self.alice)
        r = self.client.get(self.report, query(self.mine))
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, f'<h2 id="client-1">{CODE}')
        self.assertContains(r, "Scores per session")
        self.assertContains(r, "<svg", count=2)
        self.assertContains(r, "Gap:")
        self.assertContains(r, "Late starts keep coming back")
        self.assertContains(r, "Free-text notes included: none")
        self.assertContains(r, "supervision.css")
        found = finders.find("fulcrum/supervision.css")
        assert isinstance(found, str)
        stylesheet = Path(found).read_text()
        self.assertIn("@media print", stylesheet)
        self.assertRegex(stylesheet, r"\.topbar, \.footer[^}]*display: none")
        body = r.content.decode()
        self.assertNotIn(ALIAS, body)
        for note in ("Check-in note", "Map note", "felt rushed", "my move", "my urge to please"):
            self.assertNotIn(note, body)

    def test_it_adds_chosen_notes_and_entries_redacted(self) -> None:
        self.login(self.alice)
        r = self.client.get(
            self.report,
            query(self.mine, self.shared, notes=("checkin", "disclosure", "client_comment")),
        )
        self.assertContains(r, f"Check-in note about [{CODE}].")
        self.assertContains(r, f"Told [{CODE}] about my move.")
        self.assertContains(r, f"I am [{CODE}] and I felt rushed.")
        self.assertContains(r, f"Reflecting on [{CODE}] and my urge to please.")
        self.assertNotContains(r, "Map note")
        self.assertNotContains(r, ALIAS)

    def test_it_keeps_the_choice_when_the_period_is_wrong(self) -> None:
        self.login(self.alice)
        data: Query = {**query(self.mine), "since": "2026-10-01", "until": "2026-09-01"}
        r = self.client.get(self.report, data)
        self.assertEqual(r.status_code, 200)
        self.assertTemplateUsed(r, "supervision/builder.html")
        self.assertContains(r, "The period ends before it starts.")
        self.assertContains(r, 'value="2026-10-01"')
        self.assertContains(r, f'value="{self.mine.pk}"')
        self.assertIn(self.mine, r.context["form"].cleaned_data["clients"])
        nobody: Query = {**query(self.mine), "clients": []}
        r = self.client.get(self.report, nobody)
        self.assertContains(r, "Choose at least one client.")

    def test_it_refuses_an_unshared_entry(self) -> None:
        self.login(self.alice)
        r = self.client.get(self.report, query(self.mine, self.private))
        self.assertTemplateUsed(r, "supervision/builder.html")
        self.assertNotContains(r, "Private worry")

    def test_it_404s_for_someone_elses_clients_or_entries(self) -> None:
        self.login(self.bob)
        for url in (self.report, self.pdf):
            self.assertEqual(self.client.get(url, query(self.mine)).status_code, 404)
            mixed = query(self.bob_client, self.shared)
            self.assertEqual(self.client.get(url, mixed).status_code, 404)
            self.assertEqual(
                self.client.get(url, {**query(self.bob_client), "clients": ["x"]}).status_code, 404
            )
        r = self.client.get(self.report, query(self.bob_client))
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "B-001")
