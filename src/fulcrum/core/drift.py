"""Drift detection over a practitioner's run of session check-ins.

Two kinds of evidence raise a warning, for over-use and for under-use separately
(docs/drift.md has the method and the numbers behind the defaults):

* recurring signs (rule ``"pattern"``): for every watched indicator, and for every
  pair of watched indicators of one direction, a CUSUM of log-likelihood ratios
  weighs "noted in about ``drift_rate`` of sessions" against the practitioner's own
  usual rate for that sign. The usual pattern allows for the odd rough session in
  which several signs show up at once, and fewer skilful signs than usual add weight
  to a session in which a watched sign was noted;
* the score chart (rule ``"cusum"``): a one-sided CUSUM on the over-use or under-use
  score against a robust baseline from the practitioner's early sessions. It is also
  the control chart the pages draw, and it catches a drift made of signs that are not
  watched one by one.

Everything is causal: whether a session signals depends only on that session and the
ones before it, so the first warning in a history is the one the practitioner would
have seen on the day. No single session can raise a warning alone. Warnings are
prompts for reflection and supervision, never a finding about anyone's conduct.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from itertools import combinations
from typing import TYPE_CHECKING, Literal

import numpy as np

from fulcrum.core.errors import FulcrumError, InvalidInput

if TYPE_CHECKING:
    from fulcrum.core.catalogue import Catalogue

Direction = Literal["over", "under"]
DIRECTIONS: tuple[Direction, Direction] = ("over", "under")
SCORE_MIN, SCORE_MAX = 0.0, 10.0
# Scales a median absolute deviation to a standard deviation for normal data.
_MAD_TO_SD = 1.4826
# Keeps a usual rate for a skilful sign away from 1, where its log-ratio is undefined.
_SKILFUL_RATE_CEILING = 0.95


@dataclass(frozen=True)
class SessionPoint:
    """One checked-in session: its three scores (0..10) and the indicators noted."""

    session_id: str
    at: datetime
    over: float
    under: float
    skilful: float
    observed: frozenset[str]


@dataclass(frozen=True)
class WatchedIndicator:
    """An indicator whose recurrence the detector follows session by session."""

    indicator_id: str
    direction: Direction
    # Used when no catalogue is given; with one, the indicator's own question wins.
    question: str


DEFAULT_WATCHED: tuple[WatchedIndicator, ...] = (
    WatchedIndicator(
        "no_choices_offered",
        "over",
        "What made it feel right to decide for the client rather than offer a choice?",
    ),
    WatchedIndicator(
        "self_disclosure_practitioner_need",
        "over",
        "Whose need were those personal stories meeting, and what else could meet it?",
    ),
    WatchedIndicator(
        "late_start",
        "over",
        "What does starting late tell the client about whose time the session is?",
    ),
    WatchedIndicator(
        "overran_end",
        "over",
        "What keeps the session going past its end, and who decides when it stops?",
    ),
    WatchedIndicator(
        "policy_not_enforced",
        "under",
        "What makes it hard to hold to your own policies with these clients just now?",
    ),
    WatchedIndicator(
        "behaviour_not_addressed",
        "under",
        "What would you need in order to name the behaviour you let pass?",
    ),
    WatchedIndicator(
        "friendship_drift",
        "under",
        "What does the friendlier footing give you, and what might it cost the client?",
    ),
    WatchedIndicator(
        "session_not_redirected",
        "under",
        "What stops you from bringing the session back to the work when it needs you to?",
    ),
)

# The skilful signs the check-in asks about most directly.
DEFAULT_SKILFUL: tuple[str, ...] = (
    "choices_offered",
    "clear_guidance",
    "consent_checked",
    "signals_tracked",
)


@dataclass(frozen=True)
class DriftParams:
    """Every tunable of the detector, in one place. See docs/drift.md for why these values.

    The recurring-signs defaults were tuned on simulated histories from other seeds
    than the one ``fulcrum bench drift`` reports, so its figures are not fitted to them.
    """

    # --- Recurring signs -------------------------------------------------------------
    watched: tuple[WatchedIndicator, ...] = field(default=DEFAULT_WATCHED)
    # A drift as the detector pictures it: one or two watched signs of a direction
    # noted in about this share of sessions.
    drift_rate: float = 0.65
    # A sign's usual rate: its share of up to ``rate_history`` earlier sessions, shrunk
    # towards ``prior_indicator_rate`` as if that had been seen over
    # ``prior_indicator_sessions`` sessions, so a newcomer starts from the prior.
    prior_indicator_rate: float = 0.04
    prior_indicator_sessions: float = 24.0
    rate_history: int = 40
    # A usual rate is held below this share of ``drift_rate``: a sign already that
    # common cannot drift up to it.
    rate_ceiling: float = 0.9
    # The usual pattern includes the odd rough session (this share of sessions, per
    # direction) in which two or more signs of a direction are noted at once, so such
    # a session weighs less than its signs would apart.
    rough_session_rate: float = 0.02
    # Evidence (in natural-log units) a chart needs to raise a warning: for one sign,
    # and for a pair of signs of one direction together.
    sign_threshold: float = 6.75
    pair_threshold: float = 5.75
    # One session adds at most this to a chart; below both thresholds, so no single
    # session can raise a warning on its own.
    session_cap: float = 5.0
    # A warning stays open until every chart of its direction falls below ``release``
    # times its threshold, so a drift that wavers is one warning, not several.
    release: float = 0.5
    # Fewer skilful signs than usual add weight to a session in which a watched sign was
    # noted (the drift pictured keeps each at ``skilful_drop`` of its usual rate); more
    # skilful signs than usual always count against a drift. They never raise a warning
    # alone: on a session without a watched sign they can only lower a chart. Their
    # weight on one session is capped at ``skilful_cap``: on the check-in form some
    # skilful signs are the other side of a watched one (choices offered or not), so
    # they are not wholly separate evidence.
    skilful: tuple[str, ...] = field(default=DEFAULT_SKILFUL)
    skilful_drop: float = 0.8
    skilful_weight: float = 1.0
    skilful_cap: float = 1.0
    prior_skilful_rate: float = 0.5
    prior_skilful_sessions: float = 4.0

    # --- Score chart -----------------------------------------------------------------
    # Baseline: the first ``baseline_sessions`` sessions, blended with the prior until
    # there are that many (weight of the prior = 1 - seen / baseline_sessions).
    baseline_sessions: int = 8
    prior_centre: float = 1.0
    prior_scale: float = 1.5
    # Baseline values are capped at median + baseline_cap * max(MAD, scale_floor).
    baseline_cap: float = 2.0
    # Coarse 0..10 scores are often all zero early on; without a floor a flat baseline
    # would make any single ticked indicator look like a huge deviation.
    scale_floor: float = 1.0
    # One-sided CUSUM in scale units: a session adds (z - reference) to the running
    # sum, which never drops below 0; a sum above ``threshold`` is a signal. It is the
    # backstop for drifts the watched signs miss, so it asks for a long run.
    cusum_reference: float = 1.0
    cusum_threshold: float = 3.5
    # A single very bad session adds at most ``winsor - reference``, which is kept
    # below the threshold so that one rough day cannot raise a drift warning alone.
    # The sum is capped at threshold + winsor so it comes back down within a few
    # ordinary sessions once a drift is over.
    winsor: float = 2.0

    # No warning is raised before this many check-ins: two sessions are too few to call
    # anything a habit, however many signs they note.
    min_sessions: int = 3
    # Warnings whose newest evidence is older than this (relative to ``now``) are
    # dropped; None keeps them all.
    stale_after_days: int | None = 180


DEFAULT_PARAMS = DriftParams()


@dataclass(frozen=True)
class DriftWarning:
    """A sustained change worth taking to supervision, with the sessions behind it."""

    direction: Direction
    rule: str
    title: str
    explanation: str
    question: str
    indicator_ids: tuple[str, ...]
    session_ids: tuple[str, ...]
    first_at: datetime
    detected_at: datetime


@dataclass(frozen=True)
class ChartPoint:
    """One session on a control chart.

    ``value`` is the session's score and ``centre`` the practitioner's baseline;
    ``upper`` is the score that would have raised a signal on the score chart at that
    session given the evidence already gathered (it comes down as a run of high
    sessions builds up); ``lower`` mirrors the fresh-start distance below the centre,
    for display only. ``signal`` marks a session on which a warning in this direction
    is open, whichever evidence raised it.
    """

    session_id: str
    at: datetime
    value: float
    centre: float
    upper: float
    lower: float
    signal: bool


@dataclass(frozen=True)
class DriftReport:
    """Warnings (oldest first) and the two control charts they come from."""

    warnings: tuple[DriftWarning, ...]
    over_chart: tuple[ChartPoint, ...]
    under_chart: tuple[ChartPoint, ...]


@dataclass(frozen=True)
class _Episode:
    """Sessions ``start..end`` (inclusive) during which a warning is open."""

    start: int
    end: int


def detect_drift(
    points: Sequence[SessionPoint],
    now: datetime,
    params: DriftParams = DEFAULT_PARAMS,
    catalogue: Catalogue | None = None,
) -> DriftReport:
    """Find sustained drift towards over- or under-use in sessions given oldest first."""
    _check_params(params)
    now = _aware_utc(now, "now")
    _check_points(points)
    skilful = _skilful_evidence(points, params)
    warnings: list[DriftWarning] = []
    charts: dict[Direction, tuple[ChartPoint, ...]] = {}
    for direction in DIRECTIONS:
        sign_warnings, sign_episodes = _sign_warnings(points, direction, skilful, params, catalogue)
        chart, totals = _cusum_chart(points, direction, params)
        chart_warnings, chart_episodes = _chart_warnings(
            points, chart, totals, direction, sign_episodes, params, catalogue
        )
        open_at = {i for e in sign_episodes + chart_episodes for i in range(e.start, e.end + 1)}
        charts[direction] = tuple(
            p if p.signal == (i in open_at) else replace(p, signal=i in open_at)
            for i, p in enumerate(chart)
        )
        warnings += sign_warnings + chart_warnings
    if params.stale_after_days is not None:
        cutoff = now - timedelta(days=params.stale_after_days)
        by_id = {p.session_id: p.at for p in points}
        warnings = [w for w in warnings if max(by_id[s] for s in w.session_ids) >= cutoff]
    warnings.sort(key=lambda w: (w.detected_at, w.direction, w.rule, w.title))
    return DriftReport(
        warnings=tuple(warnings), over_chart=charts["over"], under_chart=charts["under"]
    )


def _aware_utc(value: datetime, name: str) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidInput(f"'{name}' must be a timezone-aware datetime (UTC), got {value}.")
    return value.astimezone(UTC)


def _check_params(params: DriftParams) -> None:
    if params.baseline_sessions < 1:
        raise InvalidInput("baseline_sessions must be at least 1.")
    if params.min_sessions < 2:
        raise InvalidInput("min_sessions must be at least 2: one session is never a drift.")
    if not 0.0 < params.winsor - params.cusum_reference <= params.cusum_threshold:
        raise InvalidInput("Need 0 < winsor - cusum_reference <= cusum_threshold.")
    if params.scale_floor <= 0 or params.prior_scale <= 0:
        raise InvalidInput("scale_floor and prior_scale must be positive.")
    if not 0.0 < params.session_cap < min(params.sign_threshold, params.pair_threshold):
        raise InvalidInput(
            "session_cap must be positive and below both thresholds, "
            "so that no single session can raise a warning."
        )
    if not 0.0 < params.drift_rate < 1.0 or not 0.0 < params.rate_ceiling < 1.0:
        raise InvalidInput("drift_rate and rate_ceiling must be between 0 and 1.")
    if not 0.0 < params.prior_indicator_rate < params.drift_rate * params.rate_ceiling:
        raise InvalidInput("prior_indicator_rate must be above 0 and below the rate ceiling.")
    if not 0.0 < params.prior_skilful_rate <= _SKILFUL_RATE_CEILING:
        raise InvalidInput(
            f"prior_skilful_rate must be above 0 and at most {_SKILFUL_RATE_CEILING}."
        )
    if params.prior_indicator_sessions <= 0 or params.prior_skilful_sessions <= 0:
        raise InvalidInput("prior_indicator_sessions and prior_skilful_sessions must be positive.")
    if params.rate_history < 1:
        raise InvalidInput("rate_history must be at least 1.")
    if not 0.0 <= params.rough_session_rate < 1.0:
        raise InvalidInput("rough_session_rate must be from 0 up to (not including) 1.")
    if not 0.0 <= params.release <= 1.0:
        raise InvalidInput("release must be from 0 to 1.")
    if not 0.0 < params.skilful_drop < 1.0 or params.skilful_weight < 0:
        raise InvalidInput("skilful_drop must be between 0 and 1 and skilful_weight at least 0.")
    if params.skilful_cap < 0:
        raise InvalidInput("skilful_cap must be at least 0.")
    seen: set[str] = set()
    for watched in params.watched:
        if watched.indicator_id in seen:
            raise InvalidInput(f"{watched.indicator_id!r} is watched more than once.")
        seen.add(watched.indicator_id)
    overlap = seen & set(params.skilful)
    if overlap:
        raise InvalidInput(f"{', '.join(sorted(overlap))} cannot be both watched and skilful.")


def _check_points(points: Sequence[SessionPoint]) -> None:
    seen: set[str] = set()
    previous: datetime | None = None
    for point in points:
        at = _aware_utc(point.at, f"at of session {point.session_id}")
        for name in ("over", "under", "skilful"):
            score = getattr(point, name)
            if not (math.isfinite(score) and SCORE_MIN <= score <= SCORE_MAX):
                raise InvalidInput(
                    f"Session {point.session_id}: {name!r} must be from 0 to 10, got {score}."
                )
        if point.session_id in seen:
            raise InvalidInput(f"Session {point.session_id!r} appears more than once.")
        seen.add(point.session_id)
        if previous is not None and at < previous:
            raise InvalidInput(
                f"Session {point.session_id!r} is dated before the one listed above it; "
                "give sessions oldest first."
            )
        previous = at


# --- Recurring signs ---------------------------------------------------------------


def _usual_rates(
    hits: Sequence[bool], prior: float, weight: float, history: int, ceiling: float
) -> list[float]:
    """Before each session, the sign's share of up to ``history`` earlier sessions.

    Shrunk towards ``prior`` as if it had been seen over ``weight`` sessions; the
    session itself never shapes its own usual rate.
    """
    rates: list[float] = []
    count = 0
    for t in range(len(hits)):
        if t > history and hits[t - history - 1]:
            count -= 1
        seen = min(t, history)
        rates.append(min(ceiling, (count + weight * prior) / (seen + weight)))
        count += hits[t]
    return rates


def _skilful_evidence(points: Sequence[SessionPoint], params: DriftParams) -> list[float]:
    """Per session, the log-likelihood ratio of "skilful signs at skilful_drop of usual"."""
    evidence = [0.0] * len(points)
    if params.skilful_weight == 0:
        return evidence
    drop = params.skilful_drop
    for indicator_id in params.skilful:
        hits = [indicator_id in p.observed for p in points]
        rates = _usual_rates(
            hits,
            params.prior_skilful_rate,
            params.prior_skilful_sessions,
            params.rate_history,
            _SKILFUL_RATE_CEILING,
        )
        for t, (hit, rate) in enumerate(zip(hits, rates, strict=True)):
            ratio = drop if hit else (1 - drop * rate) / (1 - rate)
            evidence[t] += params.skilful_weight * math.log(ratio)
    return [min(params.skilful_cap, e) for e in evidence]


@dataclass(frozen=True)
class _SignCharts:
    """Every single and pair chart of one direction, session by session."""

    indicator_ids: tuple[str, ...]
    subsets: tuple[tuple[int, ...], ...]
    thresholds: tuple[float, ...]
    hits: tuple[tuple[bool, ...], ...]  # [indicator][session]
    rates: tuple[tuple[float, ...], ...]  # [indicator][session], the usual rate before it
    sums: tuple[tuple[float, ...], ...]  # [subset][session], after the session


def _sign_charts(
    points: Sequence[SessionPoint],
    direction: Direction,
    skilful: Sequence[float],
    params: DriftParams,
) -> _SignCharts:
    ids = tuple(w.indicator_id for w in params.watched if w.direction == direction)
    n = len(ids)
    ceiling = params.drift_rate * params.rate_ceiling
    hits = tuple(tuple(i in p.observed for p in points) for i in ids)
    rates = tuple(
        tuple(
            _usual_rates(
                row,
                params.prior_indicator_rate,
                params.prior_indicator_sessions,
                params.rate_history,
                ceiling,
            )
        )
        for row in hits
    )
    subsets = tuple(combinations(range(n), 1)) + tuple(combinations(range(n), 2))
    thresholds = tuple(
        params.sign_threshold if len(s) == 1 else params.pair_threshold for s in subsets
    )
    sums = _subset_sums(hits, rates, subsets, skilful, params, len(points))
    return _SignCharts(
        indicator_ids=ids,
        subsets=subsets,
        thresholds=thresholds,
        hits=hits,
        rates=rates,
        sums=sums,
    )


def _subset_sums(
    hits: Sequence[Sequence[bool]],
    rates: Sequence[Sequence[float]],
    subsets: Sequence[tuple[int, ...]],
    skilful: Sequence[float],
    params: DriftParams,
    sessions: int,
) -> tuple[tuple[float, ...], ...]:
    """The CUSUM of every single and pair chart, after each session.

    Each session's step is the log-likelihood ratio of "these signs now come up at
    ``drift_rate``" against the usual rates, with "a rough session that notes several
    signs at once" as part of the ordinary; the steps are computed for all charts and
    sessions at once (saving a check-in runs this), and only the running sum goes
    session by session.
    """
    n = len(hits)
    if not subsets or sessions == 0:
        return tuple(() for _ in subsets)
    noted = np.asarray(hits, dtype=bool).reshape(n, sessions)
    usual = np.asarray(rates, dtype=float).reshape(n, sessions)
    p1, beta = params.drift_rate, params.rough_session_rate
    # A rough session notes two or more of the n signs, any such combination alike.
    rough = 1.0 / (2**n - 1 - n) if n >= 2 else 0.0
    ordinary = np.prod(np.where(noted, usual, 1 - usual), axis=0)
    rough_part = np.where(noted.sum(axis=0) >= 2, beta * rough, 0.0)
    null = (1 - beta) * ordinary + rough_part
    ratio = np.where(noted, p1 / usual, (1 - p1) / (1 - usual))
    drifted = np.empty((len(subsets), sessions))
    noted_here = np.empty((len(subsets), sessions), dtype=bool)
    for j, subset in enumerate(subsets):
        drifted[j] = ordinary * np.prod(ratio[list(subset)], axis=0)
        noted_here[j] = noted[list(subset)].any(axis=0)
    steps = np.log(((1 - beta) * drifted + rough_part) / null)
    # Skilful signs only add weight to a session that noted one of this chart's signs.
    extra = np.asarray(skilful, dtype=float)
    steps += np.where(noted_here, extra, np.minimum(0.0, extra))
    steps = np.minimum(params.session_cap, steps)
    sums = np.empty_like(steps)
    running = np.zeros(len(subsets))
    for t in range(sessions):
        running = np.maximum(0.0, running + steps[:, t])
        sums[:, t] = running
    # tolist() gives the same Python floats as float(x) one by one, without the loop.
    return tuple(tuple(row) for row in sums.tolist())


def _sign_warnings(
    points: Sequence[SessionPoint],
    direction: Direction,
    skilful: Sequence[float],
    params: DriftParams,
    catalogue: Catalogue | None,
) -> tuple[list[DriftWarning], list[_Episode]]:
    charts = _sign_charts(points, direction, skilful, params)
    warnings: list[DriftWarning] = []
    episodes: list[_Episode] = []
    if not charts.subsets:
        return warnings, episodes
    count = len(points)
    t = params.min_sessions - 1
    while t < count:
        margins = [charts.sums[j][t] - charts.thresholds[j] for j in range(len(charts.subsets))]
        best = max(range(len(margins)), key=lambda j: (margins[j], -j))
        if margins[best] <= 0:
            t += 1
            continue
        end = t
        while end + 1 < count and any(
            charts.sums[j][end + 1] > params.release * charts.thresholds[j]
            for j in range(len(charts.subsets))
        ):
            end += 1
        episodes.append(_Episode(t, end))
        warnings.append(
            _sign_warning(points, charts, best, t, end, direction, skilful, params, catalogue)
        )
        t = end + 1
    return warnings, episodes


def _sign_warning(
    points: Sequence[SessionPoint],
    charts: _SignCharts,
    best: int,
    detected: int,
    end: int,
    direction: Direction,
    skilful: Sequence[float],
    params: DriftParams,
    catalogue: Catalogue | None,
) -> DriftWarning:
    subset = charts.subsets[best]
    sums = charts.sums[best]
    # The run behind the warning starts after the last session with an empty chart.
    start = detected
    while start > 0 and sums[start - 1] > 0:
        start -= 1
    # Tallies cover the whole episode so far, so the title stays true as it goes on.
    counts = {i: sum(charts.hits[i][start : end + 1]) for i in subset}
    order = sorted(subset, key=lambda i: (-counts[i], charts.indicator_ids[i]))
    ids = tuple(charts.indicator_ids[i] for i in order)
    evidence = [j for j in range(start, end + 1) if any(charts.hits[i][j] for i in subset)] or [
        detected
    ]
    sessions = end - start + 1
    span = f"{_day(points[start].at)} to {_day(points[end].at)}"
    labels = [_label(x, catalogue) for x in ids]
    watched = {w.indicator_id: w for w in params.watched}
    parts = [
        f"'{labels[k]}' was noted in {counts[i]} of the {sessions} sessions from {span}, "
        f"against a usual rate of about {_share(charts.rates[i][start])}"
        for k, i in enumerate(order)
    ]
    fewer_skilful = sum(skilful[j] for j in evidence if j <= detected) > 0
    explanation = (
        "; ".join(parts)
        + "."
        + (" Fewer skilful signs than usual were noted in those sessions." if fewer_skilful else "")
        + " That is more than the ordinary ups and downs of your practice. A habit can "
        "form quietly; this is a prompt to look at it with fresh eyes, not a judgement."
    )
    tallies = [counts[i] for i in order]
    if len(tallies) == 1:
        title = f"{labels[0]}: noted in {tallies[0]} of {sessions} sessions"
    elif len(set(tallies)) == 1:
        title = (
            f"{labels[0]} and {labels[1].lower()}: each noted in {tallies[0]} "
            f"of {sessions} sessions"
        )
    else:
        title = (
            f"{labels[0]} and {labels[1].lower()}: noted in {tallies[0]} and {tallies[1]} "
            f"of {sessions} sessions"
        )
    return DriftWarning(
        direction=direction,
        rule="pattern",
        title=title[:200],
        explanation=explanation,
        question=_question(ids[0], watched[ids[0]].question, catalogue),
        indicator_ids=ids,
        session_ids=tuple(points[j].session_id for j in evidence),
        first_at=points[evidence[0]].at,
        detected_at=points[detected].at,
    )


def _day(at: datetime) -> str:
    return f"{at.day} {at:%b %Y}"


def _share(rate: float) -> str:
    """A usual rate in words a person reads at a glance."""
    if rate >= 0.095:
        return f"{round(rate * 10) * 10}% of sessions"
    return f"1 session in {max(2, round(1 / rate))}"


# --- Score chart -------------------------------------------------------------------


def _baseline(history: Sequence[float], params: DriftParams) -> tuple[float, float]:
    """Centre and scale from the sessions seen so far, shrunk towards the prior.

    Check-in scores are coarse and mostly zero, so the median and MAD collapse to 0;
    a mean and standard deviation taken after capping each value near the median
    (so one bad session in the baseline cannot inflate it) track the usual level.
    """
    used = list(history[: params.baseline_sessions])
    if not used:
        return params.prior_centre, max(params.prior_scale, params.scale_floor)
    median = statistics.median(used)
    mad = statistics.median(abs(x - median) for x in used) * _MAD_TO_SD
    cap = median + params.baseline_cap * max(mad, params.scale_floor)
    capped = [min(x, cap) for x in used]
    mean = statistics.fmean(capped)
    # statistics.pstdev is exact but works in fractions; the charts need floats, fast.
    sd = (
        math.sqrt(statistics.fmean([(x - mean) ** 2 for x in capped]))
        if len(capped) > 1
        else params.prior_scale
    )
    weight = len(used) / params.baseline_sessions
    centre = weight * mean + (1 - weight) * params.prior_centre
    scale = weight * sd + (1 - weight) * params.prior_scale
    return centre, max(scale, params.scale_floor)


def _cusum_chart(
    points: Sequence[SessionPoint], direction: Direction, params: DriftParams
) -> tuple[tuple[ChartPoint, ...], tuple[float, ...]]:
    """The chart (``signal`` = the score chart alone signals), and the running sums."""
    k, h = params.cusum_reference, params.cusum_threshold
    scores = [p.over if direction == "over" else p.under for p in points]
    chart: list[ChartPoint] = []
    totals: list[float] = []
    total = 0.0
    # The baseline reads only the first ``baseline_sessions`` scores, so it settles after
    # them; computing each prefix's once keeps the chart linear in the history's length.
    settled = params.baseline_sessions
    baselines = [_baseline(scores[:j], params) for j in range(min(len(scores), settled) + 1)]
    for i, (point, score) in enumerate(zip(points, scores, strict=True)):
        # The session under test never shapes its own baseline.
        centre, scale = baselines[min(i, settled)]
        z = max(-params.winsor, min(params.winsor, (score - centre) / scale))
        # The score this session would need to signal, given the evidence so far.
        upper = centre + scale * (h + k - total)
        total = min(h + params.winsor, max(0.0, total + z - k))
        totals.append(total)
        chart.append(
            ChartPoint(
                session_id=point.session_id,
                at=point.at,
                value=score,
                centre=round(centre, 3),
                upper=round(min(SCORE_MAX, max(SCORE_MIN, upper)), 3),
                lower=round(max(SCORE_MIN, centre - scale * (h + k)), 3),
                signal=total > h,
            )
        )
    return tuple(chart), tuple(totals)


def _label(indicator_id: str, catalogue: Catalogue | None) -> str:
    if catalogue is not None:
        try:
            return str(catalogue.indicator(indicator_id).label)
        except (FulcrumError, LookupError):
            pass
    return indicator_id.replace("_", " ").capitalize()


def _question(indicator_id: str, fallback: str, catalogue: Catalogue | None) -> str:
    if catalogue is not None:
        try:
            question = str(catalogue.indicator(indicator_id).question)
        except (FulcrumError, LookupError):
            return fallback
        return question or fallback
    return fallback


def _mode_of(indicator_id: str, catalogue: Catalogue | None) -> str | None:
    if catalogue is not None:
        try:
            return str(catalogue.indicator(indicator_id).mode)
        except (FulcrumError, LookupError):
            return None
    return _KNOWN_MODES.get(indicator_id)


# The indicators the check-in form derives; used to tell over from under when no
# catalogue is given.
_KNOWN_MODES: dict[str, str] = {
    **dict.fromkeys(
        ("no_choices_offered", "self_disclosure_practitioner_need", "late_start", "overran_end"),
        "over",
    ),
    **dict.fromkeys(
        (
            "policy_not_enforced",
            "behaviour_not_addressed",
            "friendship_drift",
            "session_not_redirected",
        ),
        "under",
    ),
}

_CHART_TEXT: dict[Direction, tuple[str, str, str]] = {
    "over": (
        "Over-use has stayed above your usual level",
        "over-use",
        "What has been pulling you to take more of the lead than these clients needed, "
        "and what would help you hand some of it back?",
    ),
    "under": (
        "Under-use has stayed above your usual level",
        "under-use",
        "What has made it harder to hold your role — structure, limits, policies — "
        "in these sessions, and what support would help?",
    ),
}


def _chart_warnings(
    points: Sequence[SessionPoint],
    chart: tuple[ChartPoint, ...],
    totals: tuple[float, ...],
    direction: Direction,
    sign_episodes: Sequence[_Episode],
    params: DriftParams,
    catalogue: Catalogue | None,
) -> tuple[list[DriftWarning], list[_Episode]]:
    """Warnings from the score chart, unless a recurring-signs warning is already open."""
    h = params.cusum_threshold
    covered = {i for e in sign_episodes for i in range(e.start, e.end + 1)}
    warnings: list[DriftWarning] = []
    episodes: list[_Episode] = []
    i = params.min_sessions - 1
    while i < len(chart):
        if not chart[i].signal:
            i += 1
            continue
        end = i
        while end + 1 < len(chart) and totals[end + 1] > params.release * h:
            end += 1
        if i in covered:
            # The drift is already named by its signs; the score chart only agrees.
            i = end + 1
            continue
        # The run that led to the signal starts after the last session with an empty sum.
        start = i
        while start > 0 and totals[start - 1] > 0:
            start -= 1
        evidence = [
            j for j in range(start, end + 1) if totals[j] > (totals[j - 1] if j > 0 else 0.0)
        ] or [i]
        counts: Counter[str] = Counter()
        for j in evidence:
            counts.update(x for x in points[j].observed if _mode_of(x, catalogue) == direction)
        indicator_ids = tuple(sorted(counts, key=lambda x: (-counts[x], x)))
        title, word, question = _CHART_TEXT[direction]
        named = ", ".join(_label(x, catalogue).lower() for x in indicator_ids[:3])
        explanation = (
            f"Your {word} scores in the {len(evidence)} sessions named here sat above your own "
            f"usual level (about {chart[i].centre:.1f} out of 10) for long enough that it looks "
            "like more than the ordinary ups and downs of practice."
            + (f" Most often noted: {named}." if named else "")
            + " It is a prompt to look again, not a judgement."
        )
        warnings.append(
            DriftWarning(
                direction=direction,
                rule="cusum",
                title=title,
                explanation=explanation,
                question=question,
                indicator_ids=indicator_ids,
                session_ids=tuple(points[j].session_id for j in evidence),
                first_at=points[evidence[0]].at,
                detected_at=points[i].at,
            )
        )
        episodes.append(_Episode(i, end))
        i = end + 1
    return warnings, episodes
