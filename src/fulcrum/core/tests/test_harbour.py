from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fulcrum.core.errors import InvalidInput
from fulcrum.core.harbour import (
    ACTIONS_PER_PILLAR,
    PILLAR_IDS,
    PILLARS,
    PlanAction,
    Practice,
    compute_coverage,
    diff_plans,
    pillar,
    same_wording,
)

T0 = datetime(2026, 10, 1, 9, tzinfo=UTC)


def plan(*texts: tuple[str, int, str]) -> list[PlanAction]:
    return [PlanAction(key=f"{p}{n}", pillar=p, position=n, text=t) for p, n, t in texts]


ACTIONS = plan(("trust", 1, "On time"), ("safety", 1, "Stop signal"), ("respect", 2, "Ask first"))


def practice(key: str, session: int, client: str = "c1") -> Practice:
    return Practice(key, str(session), client, T0 + timedelta(days=session))


def test_it_has_four_pillars_with_examples_for_both_kinds_of_work() -> None:
    assert PILLAR_IDS == ("trust", "safety", "accountability", "respect")
    assert ACTIONS_PER_PILLAR * len(PILLARS) == 20
    for p in PILLARS:
        assert p.talk_examples
        assert p.body_examples
        assert p.question.endswith("?")
    assert pillar("safety").label == "Safety"
    with pytest.raises(InvalidInput):
        pillar("comfort")


def test_it_finds_never_and_rarely_practised_actions() -> None:
    practices = [practice("trust1", s) for s in range(1, 9)] + [practice("safety1", 3)]
    coverage = compute_coverage(ACTIONS, practices, sessions=[str(s) for s in range(1, 11)])
    assert coverage.sessions == 10
    assert [a.action.key for a in coverage.never] == ["respect2"]
    assert [a.action.key for a in coverage.rarely] == ["safety1"]
    trust = coverage.actions[0]
    assert (trust.times, trust.status, trust.last_at) == (8, "regularly", T0 + timedelta(days=8))
    assert trust.share == pytest.approx(0.8)


def test_it_says_how_often_over_how_many_sessions_rather_than_regularly() -> None:
    one = compute_coverage(ACTIONS, [practice("trust1", 1)], sessions=["1"])
    assert one.actions[0].frequency == "in the one session so far"
    assert one.actions[1].frequency == "not in the one session so far"
    ten = compute_coverage(
        ACTIONS, [practice("trust1", s) for s in (1, 2, 3)], sessions=[str(s) for s in range(10)]
    )
    assert ten.actions[0].frequency == "in 3 of the last 10 sessions"
    assert ten.actions[1].frequency == "in none of the last 10 sessions"
    assert compute_coverage(ACTIONS, [], sessions=[]).actions[0].frequency == "no sessions yet"


def test_it_computes_per_client_coverage() -> None:
    practices = [practice("trust1", 1, "c1"), practice("respect2", 2, "c2")]
    sessions = ["1", "2"]
    c1 = compute_coverage(ACTIONS, practices, sessions=["1"], client_id="c1")
    assert [a.action.key for a in c1.never] == ["safety1", "respect2"]
    everyone = compute_coverage(ACTIONS, practices, sessions=sessions)
    assert [a.action.key for a in everyone.never] == ["safety1"]


def test_it_ignores_retired_actions_foreign_sessions_and_duplicates() -> None:
    practices = [practice("gone", 1), practice("trust1", 99), practice("trust1", 1)] * 2
    coverage = compute_coverage(ACTIONS, practices, sessions=["1"])
    assert coverage.actions[0].times == 1


def test_it_orders_actions_by_pillar_and_groups_them() -> None:
    coverage = compute_coverage(list(reversed(ACTIONS)), [], sessions=[])
    assert [a.action.pillar for a in coverage.actions] == ["trust", "safety", "respect"]
    grouped = dict((p.id, acts) for p, acts in coverage.by_pillar())
    assert grouped["accountability"] == ()
    assert all(a.status == "never" and a.share == 0 for a in coverage.actions)


def test_it_rejects_a_silly_threshold() -> None:
    with pytest.raises(InvalidInput):
        compute_coverage(ACTIONS, [], sessions=[], rarely_below=0)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["trust1", "safety1", "respect2"]), st.integers(1, 6))))
def test_it_never_counts_more_practices_than_sessions(pairs: list[tuple[str, int]]) -> None:
    practices = [practice(k, s) for k, s in pairs]
    coverage = compute_coverage(ACTIONS, practices, sessions=[str(s) for s in range(1, 7)])
    for item in coverage.actions:
        assert 0 <= item.times <= coverage.sessions
        assert (item.times == 0) == (item.status == "never")


def test_it_lists_what_changed_between_versions() -> None:
    before = plan(("trust", 1, "On time"), ("safety", 1, "Stop signal"), ("respect", 1, "Ask"))
    after = plan(("trust", 1, "On time"), ("safety", 1, "Agreed stop word"), ("respect", 2, "Ask"))
    changes = diff_plans(before, after)
    assert [(c.pillar, c.position, c.kind) for c in changes] == [
        ("safety", 1, "changed"),
        ("respect", 1, "removed"),
        ("respect", 2, "added"),
    ]
    assert changes[0].before == "Stop signal"
    assert changes[0].after == "Agreed stop word"
    assert diff_plans(before, before) == ()


def test_it_treats_case_and_spacing_as_the_same_wording() -> None:
    assert same_wording("Start  on time ", "start on time")
    assert not same_wording("Start on time", "End on time")
