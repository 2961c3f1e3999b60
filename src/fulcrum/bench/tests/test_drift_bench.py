"""The drift benchmark's definitions, its naive rule and the JSON line it ends with.

These check the yardstick on hand-made histories and a tiny run, not the figures;
the figures come from the full run described in docs/drift.md.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import pytest

from fulcrum.bench.drift import (
    SHIFT_ROOM,
    VARIANTS,
    WARM_UP,
    Alarm,
    DetectorFigures,
    comparison,
    matched_naive,
    naive_alarms,
    naive_candidates,
    naive_flags,
    naive_merit,
    score_detector,
    simulate_histories,
)
from fulcrum.cli import main
from fulcrum.core.drift import SessionPoint
from fulcrum.core.simulate import Direction, SimulatedHistory

START = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)


def history(
    over: Sequence[float],
    under: Sequence[float] | None = None,
    shift_at: int | None = None,
    direction: Direction | None = None,
) -> SimulatedHistory:
    under = under if under is not None else [0.0] * len(over)
    points = tuple(
        SessionPoint(f"s{i}", START + timedelta(weeks=i), o, u, 5.0, frozenset())
        for i, (o, u) in enumerate(zip(over, under, strict=True))
    )
    return SimulatedHistory(points=points, shift_at=shift_at, direction=direction)


def test_it_counts_delay_as_sessions_seen_up_to_the_first_alarm_in_the_shifts_direction() -> None:
    shifted = [history([0.0] * 20, shift_at=12, direction="over")]

    def find(points: Sequence[SessionPoint]) -> list[Alarm]:
        # An alarm before the shift and one the wrong way do not count as detection.
        return [("over", 11), ("under", 12), ("over", 14), ("over", 16)]

    figures = score_detector("stub", find, [], shifted)
    assert figures.median_delay == 3  # sessions 12, 13 and 14
    assert figures.detection_rate == 1
    assert figures.detected_within_3 == 1
    assert figures.opposite_direction_rate == 1


def test_it_counts_a_missed_shift_as_never_and_keeps_the_median_honest() -> None:
    shifted = [history([0.0] * 20, shift_at=12, direction="under") for _ in range(3)]
    answers: list[list[Alarm]] = [[("under", 13)], [], []]
    calls = iter(answers)
    figures = score_detector("stub", lambda points: next(calls), [], shifted)
    assert math.isinf(figures.median_delay)
    assert figures.median_delay_when_detected == 2
    assert figures.detection_rate == pytest.approx(1 / 3)


def test_it_counts_false_alarms_per_session_after_the_warm_up() -> None:
    stable = [history([0.0] * 20)]

    def find(points: Sequence[SessionPoint]) -> list[Alarm]:
        # One early alarm, two on one session (counted once), one later.
        return [("over", WARM_UP - 1), ("over", WARM_UP + 2), ("under", WARM_UP + 2), ("under", 19)]

    figures = score_detector("stub", find, stable, [])
    assert figures.false_alarms_per_100 == pytest.approx(100 * 2 / (20 - WARM_UP))
    assert figures.false_alarms_per_100_all_sessions == pytest.approx(100 * 3 / 20)


def test_it_flags_a_rise_over_the_previous_session_the_naive_way() -> None:
    scores = [0.0, 3.0, 3.0, 5.0, 8.0, 0.0, 9.0]
    assert naive_flags(scores, 1.0, 1) == [False, True, False, True, True, False, True]
    assert naive_flags(scores, 1.0, 2) == [False, False, False, False, True, False, False]
    alarms = naive_alarms(history(scores).points, 1.0, 1)
    # A run of flags is one alarm, raised where it starts.
    assert alarms == [("over", 1), ("over", 3), ("over", 6)]


def test_it_compares_the_naive_rule_at_its_best_without_more_false_alarms() -> None:
    stable, shifted = simulate_histories(30, 30, seed=5)
    candidates = naive_candidates(stable, shifted)
    for target in (0.5, 1.0, 3.0, 100.0):
        chosen = matched_naive(stable, shifted, target)
        assert chosen.false_alarms_per_100 <= target
        allowed = [c for c in candidates if c.false_alarms_per_100 <= target]
        assert chosen in allowed
        assert all(naive_merit(chosen) <= naive_merit(c) for c in allowed)
    loud = matched_naive(stable, shifted, 100.0)
    quiet = matched_naive(stable, shifted, 0.5)
    assert loud.detection_rate >= quiet.detection_rate


def figures(median: float, when: float, rate: float, fa: float) -> DetectorFigures:
    return DetectorFigures("x", median, when, rate, 0.5, fa, fa, 0.0)


def test_it_states_the_speed_comparison_truthfully() -> None:
    fulcrum = figures(3.0, 3.0, 0.97, 0.8)
    twice, sentence = comparison(fulcrum, figures(math.inf, 7.0, 0.09, 0.6))
    assert twice
    assert "9% of the shifts" in sentence
    assert "median delay is never" in sentence
    twice, sentence = comparison(fulcrum, figures(5.0, 5.0, 0.6, 0.7))
    assert not twice
    assert "short of twice as fast" in sentence
    twice, _ = comparison(fulcrum, figures(6.0, 6.0, 0.6, 0.7))
    assert twice
    twice, sentence = comparison(figures(math.inf, 6.0, 0.3, 0.8), figures(9.0, 9.0, 0.6, 0.7))
    assert not twice
    assert "no speed claim" in sentence


def test_it_ends_a_small_run_with_one_json_line(capsys: pytest.CaptureFixture[str]) -> None:
    main(["bench", "drift", "--histories", "10", "--sessions", "20", "--seed", "3"])
    out = capsys.readouterr().out.strip().splitlines()
    result = json.loads(out[-1])
    for key in ("median_delay", "false_alarms_per_100", "naive_median_delay"):
        assert key in result
        assert result[key] is None or result[key] >= 0
    assert (result["n_stable"], result["n_shifted"], result["sessions"]) == (10, 10, 20)
    assert result["seed"] == 3
    assert result["warm_up"] == WARM_UP
    for key in ("detection_rate", "detected_within_3", "naive_detection_rate"):
        assert 0 <= result[key] <= 1
    # The strictest naive setting never fires, so a match at or below Fulcrum's rate exists.
    assert result["naive_false_alarms_per_100"] <= result["false_alarms_per_100"]
    assert isinstance(result["twice_as_fast_as_naive"], bool)
    assert isinstance(result["meets_targets"], bool)
    assert result["comparison"].endswith(".")


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_it_lands_shifts_after_the_warm_up_with_room_to_be_seen(variant: str) -> None:
    stable, shifted = simulate_histories(20, 30, seed=8, simulation=VARIANTS[variant])
    assert all(h.shift_at is None for h in stable)
    assert {h.direction for h in shifted} == {"over", "under"}
    for h in shifted:
        assert h.shift_at is not None
        assert WARM_UP <= h.shift_at <= 30 - SHIFT_ROOM


def test_it_refuses_an_unknown_variant_in_one_sentence(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["bench", "drift", "--histories", "10", "--variant", "easier"])
    assert exit_info.value.code != 0
    assert "unknown variant 'easier'" in capsys.readouterr().err
