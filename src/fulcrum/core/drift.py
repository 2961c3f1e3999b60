"""Drift detection over a practitioner's run of session check-ins.

Two kinds of evidence raise a warning (see docs/drift.md for the method and the
numbers behind the defaults):

* a one-sided CUSUM control chart on the over-use and on the under-use score, each
  measured against a robust baseline (median and MAD, with a floor on the scale)
  taken from the practitioner's own early sessions, blended with a prior while
  there are few of them;
* pattern rules: one named indicator noted in ``count`` of the last ``window``
  sessions.

Everything is causal: whether a session signals depends only on that session and
the ones before it, so the first warning in a history is the one the practitioner
would have seen on the day. Warnings are prompts for reflection and supervision,
never a finding about anyone's conduct.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Literal

from fulcrum.core.errors import FulcrumError, InvalidInput

if TYPE_CHECKING:
    from fulcrum.core.catalogue import Catalogue

Direction = Literal["over", "under"]
SCORE_MIN, SCORE_MAX = 0.0, 10.0
# Scales a median absolute deviation to a standard deviation for normal data.
_MAD_TO_SD = 1.4826


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
class PatternRule:
    """Raise a warning when one indicator is noted in ``count`` of the last ``window`` sessions."""

    indicator_id: str
    direction: Direction
    count: int
    window: int
    # Used when no catalogue is given; with one, the indicator's own question wins.
    question: str


DEFAULT_PATTERN_RULES: tuple[PatternRule, ...] = (
    PatternRule(
        "no_choices_offered",
        "over",
        3,
        4,
        "What made it feel right to decide for the client rather than offer a choice?",
    ),
    PatternRule(
        "self_disclosure_practitioner_need",
        "over",
        3,
        4,
        "Whose need were those personal stories meeting, and what else could meet it?",
    ),
    PatternRule(
        "late_start",
        "over",
        3,
        5,
        "What does starting late tell the client about whose time the session is?",
    ),
    PatternRule(
        "overran_end",
        "over",
        3,
        5,
        "What keeps the session going past its end, and who decides when it stops?",
    ),
    PatternRule(
        "policy_not_enforced",
        "under",
        3,
        5,
        "What makes it hard to hold to your own policies with these clients just now?",
    ),
    PatternRule(
        "behaviour_not_addressed",
        "under",
        3,
        5,
        "What would you need in order to name the behaviour you let pass?",
    ),
    PatternRule(
        "friendship_drift",
        "under",
        2,
        4,
        "What does the friendlier footing give you, and what might it cost the client?",
    ),
    PatternRule(
        "session_not_redirected",
        "under",
        3,
        4,
        "What stops you from bringing the session back to the work when it needs you to?",
    ),
)


@dataclass(frozen=True)
class DriftParams:
    """Every tunable of the detector, in one place. See docs/drift.md for why these values."""

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
    # sum, which never drops below 0; a sum above ``threshold`` is a signal.
    cusum_reference: float = 1.0
    cusum_threshold: float = 2.5
    # A single very bad session adds at most ``winsor - reference``, which is kept
    # below the threshold so that one rough day cannot raise a drift warning alone.
    winsor: float = 2.0
    # The sum is capped at threshold + winsor so it comes back down within a few
    # ordinary sessions once a drift is over.
    # Pattern rules look for change, not for a long-standing habit. Once at least
    # ``baseline_sessions`` sessions precede the window, a rule fires only when its
    # count would be rarer than ``pattern_alpha`` at the practitioner's own rate for
    # that indicator, estimated from up to ``pattern_history`` sessions before the
    # window and shrunk towards ``prior_indicator_rate`` as if it had been seen over
    # ``prior_indicator_sessions`` sessions.
    pattern_alpha: float = 0.001
    pattern_history: int = 20
    prior_indicator_rate: float = 0.05
    prior_indicator_sessions: float = 16.0
    # Warnings whose newest evidence is older than this (relative to ``now``) are
    # dropped; None keeps them all.
    stale_after_days: int | None = 180
    pattern_rules: tuple[PatternRule, ...] = field(default=DEFAULT_PATTERN_RULES)


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
    ``upper`` is the score that would have raised a signal at that session given the
    evidence already gathered (it comes down as a run of high sessions builds up);
    ``lower`` mirrors the fresh-start distance below the centre, for display only.
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
    warnings: list[DriftWarning] = []
    charts: dict[Direction, tuple[ChartPoint, ...]] = {}
    for direction in ("over", "under"):
        chart, totals = _cusum_chart(points, direction, params)
        charts[direction] = chart
        warnings.extend(_chart_warnings(points, chart, totals, direction, catalogue))
    for rule in params.pattern_rules:
        warnings.extend(_pattern_warnings(points, rule, params, catalogue))
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
    if not 0.0 < params.winsor - params.cusum_reference <= params.cusum_threshold:
        raise InvalidInput("Need 0 < winsor - cusum_reference <= cusum_threshold.")
    if params.scale_floor <= 0 or params.prior_scale <= 0:
        raise InvalidInput("scale_floor and prior_scale must be positive.")
    for rule in params.pattern_rules:
        if not 1 <= rule.count <= rule.window:
            raise InvalidInput(
                f"Pattern rule for {rule.indicator_id!r} needs 1 <= count <= window."
            )


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
    sd = statistics.pstdev(capped) if len(capped) > 1 else params.prior_scale
    weight = len(used) / params.baseline_sessions
    centre = weight * mean + (1 - weight) * params.prior_centre
    scale = weight * sd + (1 - weight) * params.prior_scale
    return centre, max(scale, params.scale_floor)


def _cusum_chart(
    points: Sequence[SessionPoint], direction: Direction, params: DriftParams
) -> tuple[tuple[ChartPoint, ...], tuple[float, ...]]:
    """The chart, and the running sum after each session."""
    k, h = params.cusum_reference, params.cusum_threshold
    scores = [p.over if direction == "over" else p.under for p in points]
    chart: list[ChartPoint] = []
    totals: list[float] = []
    total = 0.0
    for i, (point, score) in enumerate(zip(points, scores, strict=True)):
        # The session under test never shapes its own baseline.
        centre, scale = _baseline(scores[:i], params)
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
    catalogue: Catalogue | None,
) -> list[DriftWarning]:
    warnings: list[DriftWarning] = []
    i = 0
    while i < len(chart):
        if not chart[i].signal:
            i += 1
            continue
        end = i
        while end + 1 < len(chart) and chart[end + 1].signal:
            end += 1
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
        i = end + 1
    return warnings


def _pattern_fires(hits: Sequence[bool], t: int, rule: PatternRule, params: DriftParams) -> bool:
    start = max(0, t - rule.window + 1)
    count = sum(hits[start : t + 1])
    if count < rule.count:
        return False
    # Personal rate from the sessions before the window, so the window never vouches
    # for itself.
    before = hits[max(0, start - params.pattern_history) : start]
    if len(before) < params.baseline_sessions:
        # Too little of the practitioner's own history to call this usual for them:
        # the rule as written stands, so a newcomer still sees the pattern.
        return True
    weight = params.prior_indicator_sessions
    rate = (sum(before) + weight * params.prior_indicator_rate) / (len(before) + weight)
    return _binomial_tail(count, rule.window, rate) < params.pattern_alpha


def _binomial_tail(k: int, n: int, p: float) -> float:
    """Chance of at least ``k`` successes in ``n`` tries at rate ``p``."""
    return sum(math.comb(n, j) * p**j * (1 - p) ** (n - j) for j in range(k, n + 1))


def _pattern_warnings(
    points: Sequence[SessionPoint],
    rule: PatternRule,
    params: DriftParams,
    catalogue: Catalogue | None,
) -> list[DriftWarning]:
    hits = [rule.indicator_id in p.observed for p in points]
    firing = [_pattern_fires(hits, t, rule, params) for t in range(len(points))]
    label = _label(rule.indicator_id, catalogue)
    question = _question(rule.indicator_id, rule.question, catalogue)
    warnings: list[DriftWarning] = []
    t = 0
    while t < len(points):
        if not firing[t]:
            t += 1
            continue
        end = t
        while end + 1 < len(points) and firing[end + 1]:
            end += 1
        evidence = [j for j in range(max(0, t - rule.window + 1), end + 1) if hits[j]]
        explanation = (
            f"'{label}' was noted in at least {rule.count} of {rule.window} consecutive "
            f"sessions ({len(evidence)} times across the sessions named here). A habit can "
            "form quietly; this is a prompt to look at it with fresh eyes, not a judgement."
        )
        warnings.append(
            DriftWarning(
                direction=rule.direction,
                rule="pattern",
                title=f"{label}: {rule.count} of the last {rule.window} sessions",
                explanation=explanation,
                question=question,
                indicator_ids=(rule.indicator_id,),
                session_ids=tuple(points[j].session_id for j in evidence),
                first_at=points[evidence[0]].at,
                detected_at=points[t].at,
            )
        )
        t = end + 1
    return warnings
