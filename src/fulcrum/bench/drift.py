"""``fulcrum bench drift``: Fulcrum's drift detector against a naive rule, on simulated histories.

Figures (see docs/drift.md):

* detection delay: for a history with a shift injected at session ``s``, the number
  of sessions seen from ``s`` up to and including the first warning in the shift's
  direction (1 = warned on the first shifted session). Histories never warned count
  as infinitely late, so the median stays honest when detection is poor.
* false alarms per 100 stable sessions: warnings of either direction raised on the
  stable histories, per 100 sessions checked.

The naive rule flags a session when its score exceeds the previous session's by more
than a threshold, ``k`` times running; among all thresholds and ``k`` we report the
one whose false-alarm rate is closest to Fulcrum's without exceeding it.
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
from fulcrum.core.simulate import Direction, SimulatedHistory, simulate_shifted, simulate_stable

START = datetime(2024, 1, 8, 10, 0, tzinfo=UTC)
NAIVE_THRESHOLDS = tuple(x / 2 for x in range(20))  # 0.0 .. 9.5 points
NAIVE_RUNS = (1, 2, 3)


@dataclass(frozen=True)
class DetectorFigures:
    """What one detector did on the stable and on the shifted histories."""

    name: str
    median_delay: float
    median_delay_when_detected: float
    detection_rate: float
    false_alarms_per_100: float


def simulate_histories(
    histories: int, sessions: int, seed: int, tick: Callable[[], None] | None = None
) -> tuple[list[SimulatedHistory], list[SimulatedHistory]]:
    """Simulate ``histories`` stable and ``histories`` shifted histories, half each way."""
    stable: list[SimulatedHistory] = []
    shifted: list[SimulatedHistory] = []
    # The shift lands after the baseline has formed and leaves room to be seen.
    low = min(DEFAULT_PARAMS.baseline_sessions + 2, sessions - 1)
    high = max(low, sessions - 10)
    for i in range(histories):
        rng = random.Random(f"{seed}:stable:{i}")
        stable.append(simulate_stable(rng, sessions, START))
        if tick:
            tick()
    for i in range(histories):
        rng = random.Random(f"{seed}:shifted:{i}")
        direction: Direction = "over" if i % 2 == 0 else "under"
        shifted.append(simulate_shifted(rng, sessions, START, rng.randint(low, high), direction))
        if tick:
            tick()
    return stable, shifted


def _median(delays: Sequence[float]) -> float:
    return float(statistics.median(delays)) if delays else math.inf


def _alarm_starts(flags: Sequence[bool]) -> list[int]:
    return [i for i, f in enumerate(flags) if f and (i == 0 or not flags[i - 1])]


def fulcrum_warnings(points: Sequence[SessionPoint], params: DriftParams) -> list[tuple[str, int]]:
    """(direction, session index) of every warning Fulcrum raises, stale or not."""
    index = {p.at: i for i, p in enumerate(points)}
    report = detect_drift(points, points[-1].at, replace(params, stale_after_days=None))
    return [(w.direction, index[w.detected_at]) for w in report.warnings]


def score_fulcrum(
    stable: Sequence[SimulatedHistory],
    shifted: Sequence[SimulatedHistory],
    params: DriftParams,
    tick: Callable[[], None] | None = None,
) -> DetectorFigures:
    """Run Fulcrum's detector over every history."""
    alarms = 0
    sessions = 0
    for history in stable:
        alarms += len(fulcrum_warnings(history.points, params))
        sessions += len(history.points)
        if tick:
            tick()
    delays: list[float] = []
    for history in shifted:
        assert history.shift_at is not None
        hits = [
            i
            for d, i in fulcrum_warnings(history.points, params)
            if d == history.direction and i >= history.shift_at
        ]
        delays.append(min(hits) - history.shift_at + 1 if hits else math.inf)
        if tick:
            tick()
    return DetectorFigures(
        name="Fulcrum",
        median_delay=_median(delays),
        median_delay_when_detected=_median([d for d in delays if math.isfinite(d)]),
        detection_rate=sum(math.isfinite(d) for d in delays) / max(1, len(delays)),
        false_alarms_per_100=100 * alarms / max(1, sessions),
    )


def _naive_flags(scores: Sequence[float], threshold: float, run: int) -> list[bool]:
    rises = [i > 0 and scores[i] - scores[i - 1] > threshold for i in range(len(scores))]
    return [i >= run - 1 and all(rises[i - run + 1 : i + 1]) for i in range(len(scores))]


def score_naive(
    stable: Sequence[SimulatedHistory],
    shifted: Sequence[SimulatedHistory],
    threshold: float,
    run: int,
) -> DetectorFigures:
    """Flag a session whose score beats the previous one by > threshold, ``run`` times running."""
    alarms = 0
    sessions = 0
    for history in stable:
        for direction in ("over", "under"):
            scores = [getattr(p, direction) for p in history.points]
            alarms += len(_alarm_starts(_naive_flags(scores, threshold, run)))
        sessions += len(history.points)
    delays: list[float] = []
    for history in shifted:
        assert history.shift_at is not None
        assert history.direction is not None
        scores = [getattr(p, history.direction) for p in history.points]
        flags = _naive_flags(scores, threshold, run)
        hits = [i for i in _alarm_starts(flags) if i >= history.shift_at]
        delays.append(min(hits) - history.shift_at + 1 if hits else math.inf)
    return DetectorFigures(
        name=f"Naive (rise > {threshold:g}, {run}x running)",
        median_delay=_median(delays),
        median_delay_when_detected=_median([d for d in delays if math.isfinite(d)]),
        detection_rate=sum(math.isfinite(d) for d in delays) / max(1, len(delays)),
        false_alarms_per_100=100 * alarms / max(1, sessions),
    )


def matched_naive(
    stable: Sequence[SimulatedHistory],
    shifted: Sequence[SimulatedHistory],
    target_false_alarms: float,
) -> DetectorFigures:
    """The naive rule tuned to the false-alarm rate closest to, and not above, the target."""
    candidates = [
        score_naive(stable, shifted, threshold, run)
        for run in NAIVE_RUNS
        for threshold in NAIVE_THRESHOLDS
    ]
    allowed = [c for c in candidates if c.false_alarms_per_100 <= target_false_alarms] or [
        min(candidates, key=lambda c: c.false_alarms_per_100)
    ]
    return min(allowed, key=lambda c: (-c.false_alarms_per_100, c.median_delay))


def _json_number(value: float) -> float | None:
    return round(value, 3) if math.isfinite(value) else None


def run(histories: int, sessions: int, seed: int, console: Console) -> dict[str, object]:
    """Simulate, score both detectors, print a table and return the figures."""
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("Simulating and scoring", total=4 * histories)

        def tick() -> None:
            progress.advance(task)

        stable, shifted = simulate_histories(histories, sessions, seed, tick)
        fulcrum = score_fulcrum(stable, shifted, DEFAULT_PARAMS, tick)
    naive = matched_naive(stable, shifted, fulcrum.false_alarms_per_100)

    table = Table(title=f"Drift detection: {histories} stable + {histories} shifted histories")
    table.add_column("Detector")
    table.add_column("Median delay (sessions)", justify="right")
    table.add_column("Detected", justify="right")
    table.add_column("False alarms / 100 stable sessions", justify="right")
    for figures in (fulcrum, naive):
        delay = figures.median_delay
        table.add_row(
            figures.name,
            f"{delay:g}" if math.isfinite(delay) else "never (most missed)",
            f"{figures.detection_rate:.1%}",
            f"{figures.false_alarms_per_100:.2f}",
        )
    console.print(table)
    return {
        "median_delay": _json_number(fulcrum.median_delay),
        "detection_rate": round(fulcrum.detection_rate, 4),
        "false_alarms_per_100": round(fulcrum.false_alarms_per_100, 3),
        "naive_median_delay": _json_number(naive.median_delay),
        "naive_median_delay_when_detected": _json_number(naive.median_delay_when_detected),
        "naive_detection_rate": round(naive.detection_rate, 4),
        "naive_false_alarms_per_100": round(naive.false_alarms_per_100, 3),
        "naive_rule": naive.name,
        "n_stable": histories,
        "n_shifted": histories,
        "sessions": sessions,
        "seed": seed,
    }


def register(bench_app: typer.Typer) -> None:
    """Add ``drift`` to ``fulcrum bench``."""

    @bench_app.command("drift")
    def drift(
        histories: int = typer.Option(2000, min=10, help="Stable and shifted histories, each."),
        sessions: int = typer.Option(40, min=15, help="Sessions per history."),
        seed: int = typer.Option(20240108, help="Seed for the simulation."),
    ) -> None:
        """Compare Fulcrum's drift detector with a naive rule on simulated check-ins."""
        console = Console()
        figures = run(histories, sessions, seed, console)
        # The last line is machine-readable; keep it off Rich so it is never wrapped.
        typer.echo(json.dumps(figures))
