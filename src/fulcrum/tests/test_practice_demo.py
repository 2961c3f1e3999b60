from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.test import TestCase
from django.urls import reverse

from fulcrum.accounts.models import User
from fulcrum.clients.models import Client
from fulcrum.clientvoice.models import VoiceAnswer, VoiceLink
from fulcrum.clientvoice.services import compare
from fulcrum.core.catalogue import load_catalogue
from fulcrum.demo import load_demo
from fulcrum.harbour.models import HarbourPlan
from fulcrum.harbour.services import coverage_for
from fulcrum.reflection.models import JournalEntry

NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


class PracticeDemoTestCase(TestCase):
    user: User

    @classmethod
    def setUpTestData(cls) -> None:
        cls.user = load_demo(now=NOW)

    def test_it_has_a_full_plan_with_a_second_version(self) -> None:
        plans = HarbourPlan.objects.filter(owner=self.user).order_by("version")
        self.assertEqual([p.version for p in plans], [1, 2])
        self.assertEqual([p.actions.count() for p in plans], [20, 20])
        coverage = coverage_for(self.user)
        self.assertGreater(coverage.sessions, 100)
        self.assertTrue(coverage.never, "some actions are never practised")
        self.assertTrue(coverage.rarely, "some are practised rarely")
        self.assertTrue(any(a.status == "regularly" for a in coverage.actions))

    def test_it_has_linked_journal_entries_some_marked_for_supervision(self) -> None:
        entries = JournalEntry.objects.filter(owner=self.user)
        self.assertTrue(5 <= entries.count() <= 10)
        self.assertTrue(entries.filter(client__isnull=False).exists())
        self.assertTrue(entries.filter(warning__isnull=False).exists())
        self.assertIn(entries.filter(include_in_supervision=True).count(), (1, 2))
        self.assertFalse(entries.filter(written_at__gt=NOW).exists())

    def test_it_has_client_answers_with_a_flagged_gap_and_a_reflection(self) -> None:
        answers = VoiceAnswer.objects.filter(checkin__client__owner=self.user)
        self.assertGreaterEqual(answers.values("checkin__client").distinct().count(), 4)
        comparisons = [compare(a) for a in answers]
        self.assertTrue(any(c.flagged for c in comparisons))
        self.assertTrue(any(c.reflection for c in comparisons))
        pending = VoiceLink.objects.filter(client__owner=self.user, used_at__isnull=True)
        self.assertEqual(pending.count(), 1)
        self.assertFalse(answers.filter(answered_at__gt=NOW).exists())

    def test_the_report_prints_for_the_whole_caseload(self) -> None:
        self.client.force_login(self.user)
        clients = list(Client.objects.filter(owner=self.user))
        shared = JournalEntry.objects.filter(owner=self.user, include_in_supervision=True)
        query: dict[str, str | list[int]] = {
            "clients": [c.pk for c in clients],
            "since": (NOW - timedelta(days=120)).date().isoformat(),
            "until": NOW.date().isoformat(),
            "entries": [e.pk for e in shared],
        }
        r = self.client.get(reverse("supervision_report"), query)
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "Gap:")
        # One demo alias happens to be a catalogue label ("Drifting toward friendship"),
        # which the report rightly prints when it names that sign.
        labels = {i.label for i in load_catalogue().indicators}
        for c in clients:
            self.assertContains(r, c.code)
            if c.alias not in labels:
                self.assertNotContains(r, c.alias)
        pdf = self.client.get(reverse("supervision_pdf"), query)
        self.assertEqual(pdf.status_code, 200)
        self.assertTrue(pdf.content.startswith(b"%PDF"))
