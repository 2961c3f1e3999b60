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

    def test_it_has_policies_with_a_material_change(self) -> None:
        from fulcrum.policies.models import PolicyVersion

        published = PolicyVersion.objects.filter(
            policy__owner=self.user, published_at__isnull=False
        )
        self.assertGreaterEqual(published.values("policy").distinct().count(), 4)
        material = published.get(change=PolicyVersion.Change.MATERIAL)
        self.assertEqual(material.policy.kind, "cancellation")
        self.assertFalse(published.filter(published_at__gt=NOW).exists())
        # The change replaces the rule for short notice; the client never reads both.
        from fulcrum.practice_demo import CANCELLATION_BEFORE, CANCELLATION_CHANGE

        self.assertIn(CANCELLATION_CHANGE, material.text)
        self.assertNotIn(CANCELLATION_BEFORE, material.text)
        self.assertIn(CANCELLATION_BEFORE, published.get(policy=material.policy, number=1).text)

    def test_one_client_has_not_agreed_again_and_another_has(self) -> None:
        from fulcrum.policies.consent import consent_state
        from fulcrum.policies.models import Policy

        policy = Policy.objects.get(owner=self.user, kind="cancellation")
        table = Client.objects.get(owner=self.user, code="B-201")
        sports = Client.objects.get(owner=self.user, code="B-203")
        self.assertEqual(consent_state(table, policy).agreed_version.number, 1)  # type: ignore[union-attr]
        self.assertEqual(consent_state(sports, policy).agreed_version.number, 2)  # type: ignore[union-attr]
        self.assertTrue(table.reconsent_marks.exists())

    def test_a_run_of_waivers_raises_the_under_use_warning(self) -> None:
        from fulcrum.checkins.models import DriftWarning

        table = Client.objects.get(owner=self.user, code="B-201")
        rules = set(DriftWarning.objects.filter(client=table).values_list("rule", flat=True))
        self.assertIn("policy_waivers", rules)
        self.assertIn("policy_unagreed", rules)
        drifting = Client.objects.get(owner=self.user, code="B-202")
        self.assertTrue(
            DriftWarning.objects.filter(client=drifting, rule="bodywork_declined_area").exists()
        )
        self.client.force_login(self.user)
        page = self.client.get(reverse("client_detail", args=[table.pk])).content.decode()
        self.assertIn("When a policy applied", page)
        self.assertIn("waived", page)
