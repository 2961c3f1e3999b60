"""Seeded check-in histories for the drift benchmark and tests.

A simulated practitioner has a personal rate for each indicator; each session the
indicators are drawn independently and the scores are the capped sum of their
points, which makes them coarse and mostly zero, as real check-ins are. Now and
then a single session goes badly. A shifted history, from a known session on,
notes one or two indicators of one direction most of the time. The assumptions
are listed in docs/drift.md. Randomness comes in as a ``random.Random``.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal

from fulcrum.core.drift import SessionPoint
from fulcrum.core.errors import InvalidInput

Direction = Literal["over", "under"]
Mode = Literal["over", "under", "skilful"]


def _points(**points: float) -> Mapping[str, float]:
    return dict(points)


@dataclass(frozen=True)
class SimulationParams:
    """The assumptions behind a simulated history, in one place."""

    # Points each indicator adds to its mode's score (scores are capped at 10).
    points: Mapping[Mode, Mapping[str, float]] = field(
        default_factory=lambda: {
            "over": _points(
                no_choices_offered=2.5,
                self_disclosure_practitioner_need=3.0,
                late_start=1.5,
                overran_end=1.5,
                scope_creep=3.0,
                careless_draping=3.0,
            ),
            "under": _points(
                policy_not_enforced=2.0,
                behaviour_not_addressed=2.5,
                friendship_drift=3.0,
                session_not_redirected=2.0,
            ),
            "skilful": _points(
                choices_offered=2.5, clear_guidance=2.5, consent_checked=2.5, signals_tracked=2.5
            ),
        }
    )
    # Typical per-session chance of each indicator for a steady practitioner; each
    # simulated practitioner scales these by a log-normal factor of their own.
    base_rate: Mapping[str, float] = field(
        default_factory=lambda: {
            "no_choices_offered": 0.04,
            "self_disclosure_practitioner_need": 0.03,
            "late_start": 0.06,
            "overran_end": 0.07,
            "scope_creep": 0.01,
            "careless_draping": 0.01,
            "policy_not_enforced": 0.04,
            "behaviour_not_addressed": 0.03,
            "friendship_drift": 0.015,
            "session_not_redirected": 0.05,
            "choices_offered": 0.6,
            "clear_guidance": 0.6,
            "consent_checked": 0.5,
            "signals_tracked": 0.5,
        }
    )
    personal_spread: float = 0.5  # sigma of the log-normal factor
    max_rate: float = 0.25  # no steady practitioner notes one subtle indicator more often
    # Tiredness or stress nudges a score by half a point or a point.
    state_chance: float = 0.15
    # A single bad session: two or three indicators of one direction at once.
    bad_session_chance: float = 0.04
    # After a shift: one or two "focus" indicators of the direction are noted with a
    # chance drawn from this range; the other indicators of that direction double.
    focus_rate: tuple[float, float] = (0.5, 0.8)
    other_rate_factor: float = 2.0
    skilful_factor_after_shift: float = 0.7
    # Roughly weekly sessions, with the odd break.
    days_between: int = 7
    break_chance: float = 0.05
    # The indicators a drift is made of: the ones the check-in form derives.
    shift_indicators: Mapping[Direction, tuple[str, ...]] = field(
        default_factory=lambda: {
            "over": (
                "no_choices_offered",
                "self_disclosure_practitioner_need",
                "late_start",
                "overran_end",
            ),
            "under": (
                "policy_not_enforced",
                "behaviour_not_addressed",
                "friendship_drift",
                "session_not_redirected",
            ),
        }
    )


DEFAULT_SIMULATION = SimulationParams()


@dataclass(frozen=True)
class SimulatedHistory:
    """A simulated run of check-ins; ``shift_at`` is the index of the first shifted session."""

    points: tuple[SessionPoint, ...]
    shift_at: int | None
    direction: Direction | None


def simulate_stable(
    rng: random.Random,
    sessions: int,
    start: datetime,
    params: SimulationParams = DEFAULT_SIMULATION,
) -> SimulatedHistory:
    """Simulate a steady practitioner: noise around a personal baseline, no drift."""
    return _simulate(rng, sessions, start, None, None, params)


def simulate_shifted(
    rng: random.Random,
    sessions: int,
    start: datetime,
    shift_at: int,
    direction: Direction,
    params: SimulationParams = DEFAULT_SIMULATION,
) -> SimulatedHistory:
    """Simulate a practitioner who drifts in ``direction`` from session ``shift_at`` on."""
    if not 0 <= shift_at < sessions:
        raise InvalidInput(f"shift_at must be a session index below {sessions}, got {shift_at}.")
    return _simulate(rng, sessions, start, shift_at, direction, params)


def _simulate(
    rng: random.Random,
    sessions: int,
    start: datetime,
    shift_at: int | None,
    direction: Direction | None,
    params: SimulationParams,
) -> SimulatedHistory:
    if sessions < 1:
        raise InvalidInput("A history needs at least one session.")
    if start.tzinfo is None:
        raise InvalidInput("'start' must be a timezone-aware datetime (UTC).")
    rates = {
        ind: min(params.max_rate, rate * rng.lognormvariate(0.0, params.personal_spread))
        if rate < 0.3
        else rate
        for ind, rate in params.base_rate.items()
    }
    shifted_rates = dict(rates)
    if direction is not None:
        candidates = params.shift_indicators[direction]
        focus = rng.sample(candidates, rng.choice((1, 2)))
        for ind in params.points[direction]:
            shifted_rates[ind] = min(1.0, rates.get(ind, 0.0) * params.other_rate_factor)
        for ind in focus:
            shifted_rates[ind] = rng.uniform(*params.focus_rate)
        for ind in params.points["skilful"]:
            shifted_rates[ind] = rates.get(ind, 0.0) * params.skilful_factor_after_shift

    points: list[SessionPoint] = []
    at = start
    for i in range(sessions):
        if i:
            gap = params.days_between * (
                rng.choice((2, 3)) if rng.random() < params.break_chance else 1
            )
            at = at + timedelta(days=gap + rng.choice((-1, 0, 0, 1)))
        now_rates = shifted_rates if shift_at is not None and i >= shift_at else rates
        observed = {ind for ind, rate in now_rates.items() if rng.random() < rate}
        if rng.random() < params.bad_session_chance:
            mode: Direction = rng.choice(("over", "under"))
            observed.update(rng.sample(list(params.shift_indicators[mode]), rng.choice((2, 3))))
        scores: dict[Mode, float] = {
            mode_: sum(p for ind, p in params.points[mode_].items() if ind in observed)
            for mode_ in ("over", "under", "skilful")
        }
        if rng.random() < params.state_chance:
            nudged: Direction = rng.choice(("over", "under"))
            scores[nudged] += rng.choice((0.5, 1.0))
        points.append(
            SessionPoint(
                session_id=f"s{i + 1:03d}",
                at=at,
                over=min(10.0, scores["over"]),
                under=min(10.0, scores["under"]),
                skilful=min(10.0, scores["skilful"]),
                observed=frozenset(observed),
            )
        )
    return SimulatedHistory(points=tuple(points), shift_at=shift_at, direction=direction)
