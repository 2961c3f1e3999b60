"""``fulcrum bench drift``: Fulcrum's drift detector against a naive rule, on simulated histories.

Both detectors are scored by the same code with the same definitions (docs/drift.md):

* an **alarm** is a new warning: a session on which a detector raises a warning it was
  not already raising. Several warnings starting on one session count once.
* **detection delay**: for a history with a shift injected at session ``s`` (0-based),
  the number of shifted sessions seen up to and including the first alarm in the
  shift's direction at or after ``s``: 1 means warned on the first shifted session.
  A shift never warned about counts as infinitely late, so the median stays honest
  when detection is poor ("never" when fewer than half are detected).
* **false alarms per 100 stable sessions**: alarms of either direction on the stable
  histories, counted on the sessions after the first ``WARM_UP`` of each history (the
  sessions before the earliest possible shift), per 100 such sessions. The rate over
  whole histories is reported as well.

The naive rule flags a session when its score exceeds the previous session's by more
than a threshold, ``run`` sessions running. Among all thresholds and runs whose
false-alarm rate is no higher than Fulcrum's, the one that does best (shortest median
delay, then most shifts detected) is compared.

The detector's defaults were tuned on other seeds than the default ``--seed`` (see
docs/drift.md), so the figures printed with the default seed are not fitted to it.
"""

from __future__ import annotations

import json
import math
import random
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from fulcrum.core.drift import DEFAULT_PARAMS, DriftParams, SessionPoint, detect_drift
from fulcrum.core.simulate import (
    DEFAULT_SIMULATION,
    Direction,
    SimulatedHistory,
    SimulationParams,
    simulate_shifted,
    simulate_stable,
)

START = datetime(2024, 1, 8, 10, 0, tzinfo=UTC)
# Shifts land from this session on, and false alarms are counted from here: the
# sessions before it are where any detector is still learning what is usual.
WARM_UP = 10
# The latest shift leaves this many sessions in which it can be seen.
SHIFT_ROOM = 10
NAIVE_THRESHOLDS = tuple(x / 2 for x in range(20))  # 0.0 .. 9.5 points
NAIVE_RUNS = (1, 2, 3)
DEFAULT_SEED = 20240108
# Seeds the detector's defaults were tuned on; the benchmark reports DEFAULT_SEED.
TUNING_SEEDS = (1, 2)

# The standard yardstick, and two harder ones for checking how much the figures lean
# on the detector picturing drift the way the simulation makes it.
VARIANTS: dict[str, SimulationParams] = {
    "standard": DEFAULT_SIMULATION,
    # A drift that leaves skilful signs as they were.
    "skilful-unchanged": replace(DEFAULT_SIMULATION, skilful_factor_after_shift=1.0),
    # A drift whose signs are noted in a third to a half of sessions, not a half or more.
    "weaker-drift": replace(DEFAULT_SIMULATION, focus_rate=(0.35, 0.5)),
}

Alarm = tuple[Direction, int]  # (direction, index of the session it starts on)
AlarmFinder = Callable[[Sequence[SessionPoint]], Sequence[Alarm]]


@dataclass(frozen=True)
class DetectorFigures:
    """What one detector did on the stable and on the shifted histories."""

    name: str
    median_delay: float
    median_delay_when_detected: float
    detection_rate: float
    detected_within_3: float
    false_alarms_per_100: float
    false_alarms_per_100_all_sessions: float
    opposite_direction_rate: float


def simulate_histories(
    histories: int,
    sessions: int,
    seed: int,
    tick: Callable[[], None] | None = None,
    simulation: SimulationParams = DEFAULT_SIMULATION,
) -> tuple[list[SimulatedHistory], list[SimulatedHistory]]:
    """Simulate ``histories`` stable and ``histories`` shifted histories, half each way."""
    stable: list[SimulatedHistory] = []
    shifted: list[SimulatedHistory] = []
    low = min(WARM_UP, sessions - 1)
    high = max(low, sessions - SHIFT_ROOM)
    for i in range(histories):
        rng = random.Random(f"{seed}:stable:{i}")
        stable.append(simulate_stable(rng, sessions, START, simulation))
        if tick:
            tick()
    for i in range(histories):
        rng = random.Random(f"{seed}:shifted:{i}")
        direction: Direction = "over" if i % 2 == 0 else "under"
        shift_at = rng.randint(low, high)
        shifted.append(simulate_shifted(rng, sessions, START, shift_at, direction, simulation))
        if tick:
            tick()
    return stable, shifted


def _median(delays: Sequence[float]) -> float:
    return float(statistics.median(delays)) if delays else math.inf


def alarm_starts(flags: Sequence[bool]) -> list[int]:
    """Indices where a run of raised flags begins."""
    return [i for i, f in enumerate(flags) if f and (i == 0 or not flags[i - 1])]


def score_detector(
    name: str,
    find_alarms: AlarmFinder,
    stable: Sequence[SimulatedHistory],
    shifted: Sequence[SimulatedHistory],
    tick: Callable[[], None] | None = None,
) -> DetectorFigures:
    """Apply the benchmark's definitions to one detector's alarms."""
    alarms = monitored = alarms_all = sessions_all = 0
    for history in stable:
        starts = {i for _, i in find_alarms(history.points)}
        alarms += sum(1 for i in starts if i >= WARM_UP)
        monitored += max(0, len(history.points) - WARM_UP)
        alarms_all += len(starts)
        sessions_all += len(history.points)
        if tick:
            tick()
    delays: list[float] = []
    opposite = 0
    for history in shifted:
        assert history.shift_at is not None
        found = find_alarms(history.points)
        hits = [i for d, i in found if d == history.direction and i >= history.shift_at]
        delays.append(min(hits) - history.shift_at + 1 if hits else math.inf)
        opposite += any(d != history.direction and i >= history.shift_at for d, i in found)
        if tick:
            tick()
    detected = [d for d in delays if math.isfinite(d)]
    count = max(1, len(delays))
    return DetectorFigures(
        name=name,
        median_delay=_median(delays),
        median_delay_when_detected=_median(detected),
        detection_rate=len(detected) / count,
        detected_within_3=sum(d <= 3 for d in delays) / count,
        false_alarms_per_100=100 * alarms / max(1, monitored),
        false_alarms_per_100_all_sessions=100 * alarms_all / max(1, sessions_all),
        opposite_direction_rate=opposite / count,
    )


def fulcrum_alarms(points: Sequence[SessionPoint], params: DriftParams) -> list[Alarm]:
    """(direction, session index) of every warning Fulcrum raises, stale or not."""
    index = {p.at: i for i, p in enumerate(points)}
    report = detect_drift(points, points[-1].at, replace(params, stale_after_days=None))
    return [(w.direction, index[w.detected_at]) for w in report.warnings]


def naive_flags(scores: Sequence[float], threshold: float, run: int) -> list[bool]:
    """Flag each session that beats the previous one by > threshold, ``run`` times running."""
    rises = [i > 0 and scores[i] - scores[i - 1] > threshold for i in range(len(scores))]
    return [i >= run - 1 and all(rises[i - run + 1 : i + 1]) for i in range(len(scores))]


def naive_alarms(points: Sequence[SessionPoint], threshold: float, run: int) -> list[Alarm]:
    """The naive rule's alarms, in both directions."""
    found: list[Alarm] = []
    for direction in ("over", "under"):
        scores = [p.over if direction == "over" else p.under for p in points]
        found += [(direction, i) for i in alarm_starts(naive_flags(scores, threshold, run))]
    return found


def _naive_finder(threshold: float, run: int) -> AlarmFinder:
    def find(points: Sequence[SessionPoint]) -> list[Alarm]:
        return naive_alarms(points, threshold, run)

    return find


def naive_name(threshold: float, run: int) -> str:
    return f"Naive (rise > {threshold:g}, {run}x running)"


def naive_candidates(
    stable: Sequence[SimulatedHistory], shifted: Sequence[SimulatedHistory]
) -> list[DetectorFigures]:
    """The naive rule's figures at every threshold and run length."""
    return [
        score_detector(naive_name(threshold, run), _naive_finder(threshold, run), stable, shifted)
        for run in NAIVE_RUNS
        for threshold in NAIVE_THRESHOLDS
    ]


def naive_merit(figures: DetectorFigures) -> tuple[float, float, float, float]:
    """Sort key, best first: shorter median delay, more shifts detected, sooner, quieter."""
    return (
        figures.median_delay,
        -figures.detection_rate,
        -figures.detected_within_3,
        figures.false_alarms_per_100,
    )


def matched_naive(
    stable: Sequence[SimulatedHistory],
    shifted: Sequence[SimulatedHistory],
    target_false_alarms: float,
) -> DetectorFigures:
    """The naive rule at its best among the settings no noisier than the target.

    Picking the best rather than the one whose rate is nearest the target gives the
    naive rule every benefit of the doubt. If no setting is that quiet, the quietest
    one is returned (and its rate shows it).
    """
    candidates = naive_candidates(stable, shifted)
    allowed = [c for c in candidates if c.false_alarms_per_100 <= target_false_alarms] or [
        min(candidates, key=lambda c: c.false_alarms_per_100)
    ]
    return min(allowed, key=naive_merit)


def _json_number(value: float) -> float | None:
    return round(value, 3) if math.isfinite(value) else None


def _delay_text(value: float) -> str:
    return f"{value:g}" if math.isfinite(value) else "never"


def comparison(fulcrum: DetectorFigures, naive: DetectorFigures) -> tuple[bool, str]:
    """Whether Fulcrum's median delay is at most half the naive rule's, in one honest sentence."""
    f, n = fulcrum.median_delay, naive.median_delay
    rates = (
        f"at {naive.false_alarms_per_100:.2f} false alarms per 100 stable sessions against "
        f"Fulcrum's {fulcrum.false_alarms_per_100:.2f}"
    )
    if not math.isfinite(f):
        return (
            False,
            f"Fulcrum detected fewer than half the shifts; no speed claim holds ({rates}).",
        )
    if not math.isfinite(n):
        return True, (
            f"The naive rule, {rates}, detected {naive.detection_rate:.0%} of the shifts, so its "
            f"median delay is never; when it did detect, its median delay was "
            f"{_delay_text(naive.median_delay_when_detected)} sessions against Fulcrum's "
            f"{_delay_text(fulcrum.median_delay_when_detected)}."
        )
    twice = n >= 2 * f
    return twice, (
        f"Median delay {_delay_text(f)} sessions for Fulcrum against {_delay_text(n)} for the "
        f"naive rule {rates}: {n / f:.2f} times as fast"
        + ("." if twice else ", short of twice as fast.")
    )


def run(
    histories: int, sessions: int, seed: int, console: Console, variant: str = "standard"
) -> dict[str, object]:
    """Simulate, score both detectors, print a table and return the figures."""
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("Simulating and scoring", total=4 * histories)

        def tick() -> None:
            progress.advance(task)

        stable, shifted = simulate_histories(
            histories, sessions, seed, tick, simulation=VARIANTS[variant]
        )
        fulcrum = score_detector(
            "Fulcrum",
            lambda points: fulcrum_alarms(points, DEFAULT_PARAMS),
            stable,
            shifted,
            tick,
        )
    naive = matched_naive(stable, shifted, fulcrum.false_alarms_per_100)
    twice, sentence = comparison(fulcrum, naive)

    table = Table(
        title=f"Drift detection: {histories} stable + {histories} shifted histories"
        + ("" if variant == "standard" else f" ({variant})")
    )
    table.add_column("Detector")
    table.add_column("Median delay (sessions)", justify="right")
    table.add_column("Delay when detected", justify="right")
    table.add_column("Detected", justify="right")
    table.add_column("Within 3", justify="right")
    table.add_column("False alarms / 100 stable sessions", justify="right")
    for figures in (fulcrum, naive):
        table.add_row(
            figures.name,
            _delay_text(figures.median_delay),
            _delay_text(figures.median_delay_when_detected),
            f"{figures.detection_rate:.1%}",
            f"{figures.detected_within_3:.1%}",
            f"{figures.false_alarms_per_100:.2f}",
        )
    console.print(table)
    console.print(sentence, highlight=False)
    meets = (
        math.isfinite(fulcrum.median_delay)
        and fulcrum.median_delay <= 3
        and fulcrum.false_alarms_per_100 <= 1
        and twice
    )
    speedup = naive.median_delay / fulcrum.median_delay if math.isfinite(naive.median_delay) else 0
    return {
        "median_delay": _json_number(fulcrum.median_delay),
        "median_delay_when_detected": _json_number(fulcrum.median_delay_when_detected),
        "detection_rate": round(fulcrum.detection_rate, 4),
        "detected_within_3": round(fulcrum.detected_within_3, 4),
        "false_alarms_per_100": round(fulcrum.false_alarms_per_100, 3),
        "false_alarms_per_100_all_sessions": round(fulcrum.false_alarms_per_100_all_sessions, 3),
        "opposite_direction_rate": round(fulcrum.opposite_direction_rate, 4),
        "naive_median_delay": _json_number(naive.median_delay),
        "naive_median_delay_when_detected": _json_number(naive.median_delay_when_detected),
        "naive_detection_rate": round(naive.detection_rate, 4),
        "naive_detected_within_3": round(naive.detected_within_3, 4),
        "naive_false_alarms_per_100": round(naive.false_alarms_per_100, 3),
        "naive_rule": naive.name,
        "speedup_vs_naive": round(speedup, 3) if speedup else None,
        "twice_as_fast_as_naive": twice,
        "comparison": sentence,
        "meets_targets": meets,
        "n_stable": histories,
        "n_shifted": histories,
        "sessions": sessions,
        "warm_up": WARM_UP,
        "seed": seed,
        "variant": variant,
    }


def register(bench_app: typer.Typer) -> None:
    """Add ``drift`` to ``fulcrum bench``."""

    @bench_app.command("drift")
    def drift(
        histories: int = typer.Option(2000, min=10, help="Stable and shifted histories, each."),
        sessions: int = typer.Option(40, min=WARM_UP + 5, help="Sessions per history."),
        seed: int = typer.Option(DEFAULT_SEED, help="Seed for the simulation."),
        variant: str = typer.Option(
            "standard",
            help=f"Simulation: {', '.join(VARIANTS)} (the others are harder stress checks).",
        ),
    ) -> None:
        """Compare Fulcrum's drift detector with a naive rule on simulated check-ins."""
        if variant not in VARIANTS:
            raise typer.BadParameter(
                f"unknown variant {variant!r}; use one of {', '.join(VARIANTS)}.",
                param_hint="--variant",
            )
        console = Console()
        figures = run(histories, sessions, seed, console, variant)
        # The last line is machine-readable; keep it off Rich so it is never wrapped.
        typer.echo(json.dumps(figures))
