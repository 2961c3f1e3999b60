from __future__ import annotations

import random
from datetime import timedelta

from fulcrum.core.errors import InvalidInput
from fulcrum.core.harbour import Coverage, Practice, compute_coverage
from fulcrum.harbour.models import PractisedAction
from fulcrum.harbour.services import (
    coverage_for,
    coverage_view,
    practised_ids,
    record_practice,
)
from fulcrum.harbour.tests.helpers import action, make_plan
from fulcrum.testing import NOW, BaseTestCase, make_checkin


class RecordPracticeTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.v1 = make_plan(self.alice)
        self.checkin = make_checkin(self.alice_client, days_ago=3)

    def test_it_replaces_what_was_ticked_for_the_session(self) -> None:
        a, b = action(self.v1, "trust", 1), action(self.v1, "safety", 2)
        record_practice(self.checkin, [a.pk, b.pk], owner=self.alice)
        record_practice(self.checkin, [str(b.pk)], owner=self.alice)
        self.assertEqual(practised_ids(self.checkin, self.alice), {b.pk})

    def test_it_carries_ticks_across_versions_by_key(self) -> None:
        record_practice(self.checkin, [action(self.v1, "trust", 1).pk], owner=self.alice)
        v2 = make_plan(self.alice, NOW - timedelta(days=1), safety_1="Reworded safety action")
        same = action(v2, "trust", 1)
        self.assertEqual(practised_ids(self.checkin, self.alice), {same.pk})
        # Re-saving the same tick under v2 records nothing new.
        record_practice(self.checkin, [same.pk], owner=self.alice)
        self.assertEqual(PractisedAction.objects.filter(checkin=self.checkin).count(), 1)

    def test_it_leaves_practice_of_retired_actions_alone(self) -> None:
        retired = action(self.v1, "safety", 1)
        record_practice(self.checkin, [retired.pk], owner=self.alice)
        v2 = make_plan(self.alice, NOW - timedelta(days=1), safety_1="A new safety action")
        record_practice(self.checkin, [action(v2, "trust", 2).pk], owner=self.alice)
        kept = set(
            PractisedAction.objects.filter(checkin=self.checkin).values_list("action_id", flat=True)
        )
        self.assertEqual(kept, {retired.pk, action(v2, "trust", 2).pk})

    def test_it_refuses_other_peoples_sessions_and_actions(self) -> None:
        bobs_plan = make_plan(self.bob)
        with self.assertRaises(InvalidInput):
            record_practice(self.checkin, [action(bobs_plan, "trust", 1).pk], owner=self.alice)
        with self.assertRaises(InvalidInput):
            record_practice(make_checkin(self.bob_client), [], owner=self.alice)
        with self.assertRaises(InvalidInput):
            record_practice(self.checkin, ["one"], owner=self.alice)
        self.assertFalse(PractisedAction.objects.exists())


class CoverageTestCase(BaseTestCase):
    def test_it_counts_sessions_since_the_plan_and_any_ticked_earlier(self) -> None:
        make_checkin(self.alice_client, days_ago=30)  # before the plan, never ticked
        ticked_early = make_checkin(self.alice_client, days_ago=29)
        plan = make_plan(self.alice, NOW - timedelta(days=20))
        later = [make_checkin(self.alice_client, days_ago=d) for d in (10, 5, 1)]
        trust = action(plan, "trust", 1)
        record_practice(ticked_early, [trust.pk], owner=self.alice)
        record_practice(later[0], [trust.pk], owner=self.alice)
        coverage = coverage_for(self.alice)
        self.assertEqual(coverage.sessions, 4, "three since the plan and one ticked afterwards")
        first = coverage.actions[0]
        self.assertEqual(
            (first.action.text, first.times, first.status), ("trust action 1", 2, "regularly")
        )
        self.assertEqual(len(coverage.never), 19)

    def test_it_measures_one_client_apart_from_the_rest(self) -> None:
        plan = make_plan(self.alice)
        other = self.alice.clients.create(
            code="A-002", started_on=self.alice_client.started_on, created_at=NOW
        )
        mine = make_checkin(self.alice_client, days_ago=2)
        theirs = make_checkin(other, days_ago=1)
        record_practice(mine, [action(plan, "respect", 3).pk], owner=self.alice)
        record_practice(theirs, [action(plan, "trust", 1).pk], owner=self.alice)
        coverage = coverage_for(self.alice, client=self.alice_client)
        self.assertEqual(coverage.sessions, 1)
        practised = {a.action.text for a in coverage.actions if a.times}
        self.assertEqual(practised, {"respect action 3"})
        with self.assertRaises(InvalidInput):
            coverage_for(self.alice, client=self.bob_client)


class CountedInTheDatabaseTestCase(BaseTestCase):
    """The database's counts give what counting every practice row in Python gives."""

    def _by_hand(self, client_id: int | None) -> Coverage:
        from fulcrum.checkins.models import CheckIn
        from fulcrum.harbour.services import current_plan, plan_actions

        first = self.alice.harbour_plans.order_by("version").first()
        assert first is not None
        sessions = [
            str(c.pk)
            for c in CheckIn.objects.filter(client__owner=self.alice)
            if c.session_at >= first.created_at or c.practised_actions.exists()
        ]
        if client_id is not None:
            own = CheckIn.objects.filter(client_id=client_id).values_list("pk", flat=True)
            sessions = [s for s in sessions if int(s) in set(own)]
        practices = [
            Practice(
                p.action.key, str(p.checkin_id), str(p.checkin.client_id), p.checkin.session_at
            )
            for p in PractisedAction.objects.select_related("action", "checkin")
        ]
        return compute_coverage(
            plan_actions(current_plan(self.alice)),
            practices,
            sessions=sessions,
            client_id=None if client_id is None else str(client_id),
        )

    def test_overall_and_each_client_match_a_count_by_hand(self) -> None:
        rng = random.Random(3)
        other = self.alice.clients.create(
            code="A-009", started_on=self.alice_client.started_on, created_at=NOW
        )
        v1 = make_plan(self.alice, NOW - timedelta(days=40))
        early = [make_checkin(self.alice_client, days_ago=d) for d in (60, 55)]
        later = [
            make_checkin(c, days_ago=d) for d in range(1, 30, 3) for c in (self.alice_client, other)
        ]
        slots = [(p, n) for p in ("trust", "safety", "respect") for n in (1, 2, 3)]
        for checkin in [early[0], *later[:8]]:
            picked = rng.sample(slots, 3)
            record_practice(checkin, [action(v1, p, n).pk for p, n in picked], owner=self.alice)
        # Rewording retires an action: its earlier practice no longer counts.
        v2 = make_plan(self.alice, NOW - timedelta(days=10), trust_1="A reworded trust action")
        for checkin in later[8:]:
            picked = rng.sample(slots, 4)
            record_practice(checkin, [action(v2, p, n).pk for p, n in picked], owner=self.alice)
        view = coverage_view(self.alice, clients=[self.alice_client, other])
        self.assertEqual(view.overall, self._by_hand(None))
        for client, coverage in view.per_client:
            self.assertEqual(coverage, self._by_hand(client.pk))
            self.assertEqual(coverage_for(self.alice, client=client), coverage)
        self.assertEqual(coverage_for(self.alice), view.overall)
        self.assertGreater(view.overall.sessions, view.per_client[0][1].sessions)
        self.assertTrue(any(a.times for a in view.overall.actions))

    def test_the_queries_do_not_grow_with_the_caseload(self) -> None:
        plan = make_plan(self.alice)
        clients = [
            self.alice.clients.create(
                code=f"A-1{n:02}", started_on=self.alice_client.started_on, created_at=NOW
            )
            for n in range(6)
        ]
        for client in clients:
            checkin = make_checkin(client, days_ago=2)
            record_practice(checkin, [action(plan, "trust", 1).pk], owner=self.alice)
        with self.assertNumQueries(5):
            view = coverage_view(self.alice, clients=clients)
        self.assertEqual([c.sessions for _, c in view.per_client], [1] * 6)
