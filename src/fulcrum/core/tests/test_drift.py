"""Drift detection: steady histories stay quiet, sustained shifts are named."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fulcrum.core.drift import (
    DEFAULT_PARAMS,
    ChartPoint,
    Direction,
    DriftParams,
    PatternRule,
    SessionPoint,
    detect_drift,
)
from fulcrum.core.errors import InvalidInput
from fulcrum.core.simulate import simulate_shifted, simulate_stable

START = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
NO_PATTERNS = replace(DEFAULT_PARAMS, pattern_rules=())


def session(
    i: int,
    over: float = 0.0,
    under: float = 0.0,
    observed: frozenset[str] = frozenset(),
    start: datetime = START,
) -> SessionPoint:
    return SessionPoint(
        session_id=f"s{i}",
        at=start + timedelta(weeks=i),
        over=over,
        under=under,
        skilful=5.0,
        observed=observed,
    )


def after(points: list[SessionPoint]) -> datetime:
    return points[-1].at + timedelta(days=1)


def test_it_raises_nothing_for_a_flat_history() -> None:
    points = [session(i) for i in range(30)]
    report = detect_drift(points, after(points))
    assert report.warnings == ()
    assert not any(p.signal for p in report.over_chart + report.under_chart)


def test_it_raises_nothing_for_a_steady_history_with_one_bad_session() -> None:
    points = [session(i, over=1.5 if i % 5 == 0 else 0.0) for i in range(30)]
    points[20] = session(20, over=9.0, observed=frozenset({"no_choices_offered", "late_start"}))
    assert detect_drift(points, after(points)).warnings == ()


@pytest.mark.parametrize("direction", ["over", "under"])
def test_it_warns_in_the_direction_of_a_sustained_shift(direction: Direction) -> None:
    shift = 15

    def score(i: int) -> float:
        return 5.0 if i >= shift else (1.0 if i % 4 == 0 else 0.0)

    points = [
        session(i, over=score(i)) if direction == "over" else session(i, under=score(i))
        for i in range(25)
    ]
    warnings = detect_drift(points, after(points), NO_PATTERNS).warnings
    assert [w.direction for w in warnings] == [direction]
    warning = warnings[0]
    assert warning.rule == "cusum"
    first = next(i for i, p in enumerate(points) if p.at == warning.detected_at)
    assert shift <= first <= shift + 2
    assert warning.session_ids[0] == f"s{shift}"
    chart = report_chart(points, direction)
    assert chart[first].signal
    assert not chart[shift - 1].signal


def report_chart(points: list[SessionPoint], direction: str) -> tuple[ChartPoint, ...]:
    report = detect_drift(points, after(points), NO_PATTERNS)
    return report.over_chart if direction == "over" else report.under_chart


def test_it_draws_one_chart_point_per_session_with_limits_around_the_centre() -> None:
    points = [session(i, over=float(i % 3)) for i in range(12)]
    report = detect_drift(points, after(points))
    assert [p.session_id for p in report.over_chart] == [p.session_id for p in points]
    for point in report.over_chart + report.under_chart:
        assert 0 <= point.lower <= point.centre <= point.upper <= 10


RULE = PatternRule("no_choices_offered", "over", 3, 4, "What made choices hard to offer?")
ONLY_RULE = replace(DEFAULT_PARAMS, pattern_rules=(RULE,))


@pytest.mark.parametrize(
    ("ticks", "fires"),
    [
        ((1, 1, 1, 0), True),
        ((1, 0, 1, 1), True),
        ((1, 1, 0, 0), False),
        ((1, 0, 0, 1), False),
        ((1, 0, 0, 0, 1, 0, 1), False),  # three in the last seven, never three in four
    ],
)
def test_it_fires_the_pattern_rule_exactly_on_three_of_four(
    ticks: tuple[int, ...], fires: bool
) -> None:
    points = [
        session(i, observed=frozenset({"no_choices_offered"}) if tick else frozenset())
        for i, tick in enumerate(ticks)
    ]
    warnings = detect_drift(points, after(points), ONLY_RULE).warnings
    assert bool(warnings) is fires
    if fires:
        (warning,) = warnings
        hit_ids = tuple(p.session_id for p, t in zip(points, ticks, strict=True) if t)
        assert warning.session_ids == hit_ids
        assert warning.indicator_ids == ("no_choices_offered",)
        assert warning.direction == "over"
        assert warning.question == RULE.question
        assert "No choices offered" in warning.title


def test_it_shows_a_newcomer_a_pattern_after_three_bad_checkins() -> None:
    tick = frozenset({"no_choices_offered", "self_disclosure_practitioner_need"})
    points = [session(i, over=6.0, observed=tick) for i in range(3)]
    warnings = detect_drift(points, after(points)).warnings
    rules = {(w.rule, w.indicator_ids) for w in warnings}
    assert ("pattern", ("no_choices_offered",)) in rules
    assert ("pattern", ("self_disclosure_practitioner_need",)) in rules


def test_it_uses_catalogue_wording_when_given() -> None:
    from fulcrum.core.catalogue import load_catalogue

    catalogue = load_catalogue()
    points = [session(i, observed=frozenset({"late_start"})) for i in range(3)]
    (warning,) = detect_drift(points, after(points), catalogue=catalogue).warnings
    indicator = catalogue.indicator("late_start")
    assert warning.title.startswith(indicator.label)
    assert warning.question == indicator.question


def test_it_drops_warnings_whose_evidence_is_stale() -> None:
    points = [session(i, observed=frozenset({"friendship_drift"})) for i in range(2)]
    recent = detect_drift(points, after(points)).warnings
    assert len(recent) == 1
    days = DEFAULT_PARAMS.stale_after_days
    assert days is not None
    later = points[-1].at + timedelta(days=days + 1)
    assert detect_drift(points, later).warnings == ()
    keep_all = replace(DEFAULT_PARAMS, stale_after_days=None)
    assert detect_drift(points, later, keep_all).warnings == recent


def test_it_does_not_depend_on_the_wall_clock() -> None:
    history = simulate_shifted(random.Random(7), 30, START, 12, "over")
    now = history.points[-1].at
    first = detect_drift(history.points, now)
    assert detect_drift(history.points, now) == first
    assert detect_drift(list(history.points), now + timedelta(days=3)) == first


def test_it_is_causal_so_a_prefix_gives_the_warnings_seen_at_the_time() -> None:
    history = simulate_shifted(random.Random(3), 30, START, 10, "under")
    keep = replace(DEFAULT_PARAMS, stale_after_days=None)
    full = detect_drift(history.points, history.points[-1].at, keep)
    cut = 18
    prefix = detect_drift(history.points[:cut], history.points[cut - 1].at, keep)
    assert prefix.over_chart == full.over_chart[:cut]
    assert prefix.under_chart == full.under_chart[:cut]
    early = {(w.rule, w.direction, w.detected_at) for w in prefix.warnings}
    seen = {(w.rule, w.direction, w.detected_at) for w in full.warnings}
    assert early <= seen


@pytest.mark.parametrize(
    "now",
    [datetime(2025, 6, 1), datetime(2025, 6, 1, 12, 0)],
)
def test_it_rejects_a_naive_now(now: datetime) -> None:
    points = [session(i) for i in range(3)]
    with pytest.raises(InvalidInput, match="timezone-aware"):
        detect_drift(points, now)


def test_it_rejects_naive_session_times() -> None:
    points = [replace(session(0), at=datetime(2025, 1, 6))]
    with pytest.raises(InvalidInput, match="timezone-aware"):
        detect_drift(points, START)


@pytest.mark.parametrize(
    "bad",
    [
        {"over": 11.0},
        {"under": -1.0},
        {"over": float("nan")},
        {"session_id": "s0"},  # duplicate
        {"at": START - timedelta(days=1)},  # out of order
    ],
)
def test_it_rejects_invalid_points(bad: dict[str, object]) -> None:
    points = [session(0), replace(session(1), **bad)]  # type: ignore[arg-type]
    with pytest.raises(InvalidInput):
        detect_drift(points, after(points))


def test_it_rejects_a_single_session_that_could_signal_alone() -> None:
    with pytest.raises(InvalidInput):
        detect_drift([], START, DriftParams(winsor=5.0, cusum_reference=0.5))


def test_it_returns_empty_report_for_no_sessions() -> None:
    report = detect_drift([], START)
    assert report.warnings == ()
    assert report.over_chart == ()
    assert report.under_chart == ()


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_it_keeps_a_simulated_stable_history_mostly_quiet(seed: int) -> None:
    history = simulate_stable(random.Random(seed), 40, START)
    report = detect_drift(history.points, history.points[-1].at)
    # Steady practice may raise the odd prompt, never a stream of them.
    assert len(report.warnings) <= 3


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), direction=st.sampled_from(["over", "under"]))
def test_it_names_the_shift_direction_and_its_indicators(seed: int, direction: str) -> None:
    history = simulate_shifted(random.Random(seed), 40, START, 15, direction)  # type: ignore[arg-type]
    report = detect_drift(history.points, history.points[-1].at)
    later = [w for w in report.warnings if w.detected_at >= history.points[15].at]
    assert all(w.session_ids and w.first_at <= w.detected_at for w in report.warnings)
    for warning in later:
        if warning.direction == direction and warning.rule == "pattern":
            (indicator,) = warning.indicator_ids
            assert sum(indicator in p.observed for p in history.points[15:]) >= 2


def test_it_detects_most_simulated_shifts_within_a_few_sessions() -> None:
    delays = []
    for seed in range(60):
        rng = random.Random(seed)
        direction: Direction = "over" if seed % 2 else "under"
        history = simulate_shifted(rng, 40, START, 15, direction)
        index = {p.at: i for i, p in enumerate(history.points)}
        hits = [
            index[w.detected_at]
            for w in detect_drift(history.points, history.points[-1].at).warnings
            if w.direction == direction and index[w.detected_at] >= 15
        ]
        delays.append(min(hits) - 15 + 1 if hits else 99)
    delays.sort()
    assert delays[len(delays) // 2] <= 5
