"""The seeded history simulator behind the drift benchmark."""

from __future__ import annotations

import itertools
import random
from datetime import UTC, datetime

import pytest

from fulcrum.core.errors import InvalidInput
from fulcrum.core.simulate import simulate_shifted, simulate_stable

START = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)


def test_it_is_reproducible_from_the_seed() -> None:
    first = simulate_stable(random.Random(42), 30, START)
    assert simulate_stable(random.Random(42), 30, START) == first
    assert simulate_stable(random.Random(43), 30, START) != first


def test_it_makes_coarse_mostly_zero_scores_in_range() -> None:
    points = [p for s in range(50) for p in simulate_stable(random.Random(s), 40, START).points]
    overs = [p.over for p in points]
    assert all(0 <= p.over <= 10 and 0 <= p.under <= 10 for p in points)
    assert sum(x == 0 for x in overs) / len(overs) > 0.5
    assert all(x * 2 == int(x * 2) for x in overs)


def test_it_dates_sessions_strictly_in_order() -> None:
    points = simulate_stable(random.Random(1), 40, START).points
    assert all(a.at < b.at for a, b in itertools.pairwise(points))
    assert len({p.session_id for p in points}) == 40


@pytest.mark.parametrize("direction", ["over", "under"])
def test_it_injects_a_sustained_shift_with_matching_indicators(direction: str) -> None:
    before, after = [], []
    for seed in range(40):
        history = simulate_shifted(random.Random(seed), 40, START, 20, direction)  # type: ignore[arg-type]
        assert history.shift_at == 20
        assert history.direction == direction
        before += [getattr(p, direction) for p in history.points[:20]]
        after += [getattr(p, direction) for p in history.points[20:]]
    assert sum(after) / len(after) > sum(before) / len(before) + 1.0


def test_it_rejects_a_shift_outside_the_history() -> None:
    with pytest.raises(InvalidInput):
        simulate_shifted(random.Random(1), 10, START, 10, "over")
