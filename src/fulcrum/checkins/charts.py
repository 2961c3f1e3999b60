"""Check-in charts drawn on the server as SVG: score trends and drift control charts.

Pure functions from numbers to an SVG string: no database, no template, no clock.
Every piece of text passes through ``esc``, so a result can be marked safe. Sessions
sit at even steps along the x axis (session order, not calendar time), as control
charts usually do: the gaps between sessions say little about drift.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from fulcrum.core.drift import ChartPoint, SessionPoint
from fulcrum.kernel.svg import document, esc, num, path_d

__all__ = [
    "SCORE_MAX",
    "SERIES",
    "control_chart",
    "score_trend_chart",
    "sparkline",
]

SCORE_MAX = 10.0

# Colours match the stylesheet's over/under/accent; lines also differ by dash so
# colour is never the only cue.
SERIES = {
    "over": ("Over-use", "#9a3b1b", ""),
    "under": ("Under-use", "#2d5a8c", "6 4"),
    "skilful": ("Skilful use", "#1d6b73", "2 3"),
}


@dataclass(frozen=True)
class _Frame:
    width: float
    height: float
    left: float
    right: float
    top: float
    bottom: float
    count: int

    def x(self, i: int) -> float:
        span = self.width - self.left - self.right
        if self.count <= 1:
            return self.left + span / 2
        return self.left + span * i / (self.count - 1)

    def y(self, value: float) -> float:
        span = self.height - self.top - self.bottom
        clipped = min(SCORE_MAX, max(0.0, value))
        return self.top + span * (1 - clipped / SCORE_MAX)


def _date(at: datetime) -> str:
    return f"{at:%d %b %Y}".lstrip("0")


def _axes(frame: _Frame, dates: Sequence[datetime]) -> str:
    """Horizontal grid at 0, 5 and 10, with the first and last session dates below."""
    parts = ['<g class="axes" font-size="11" fill="#5d636b">']
    for tick in (0, 5, 10):
        y = frame.y(tick)
        parts.append(
            f'<line x1="{num(frame.left)}" x2="{num(frame.width - frame.right)}" '
            f'y1="{num(y)}" y2="{num(y)}" stroke="#dcd9d0" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{num(frame.left - 6)}" y="{num(y + 4)}" text-anchor="end">{tick}</text>'
        )
    if dates:
        base = frame.height - frame.bottom + 16
        parts.append(
            f'<text x="{num(frame.x(0))}" y="{num(base)}" text-anchor="start">'
            f"{esc(_date(dates[0]))}</text>"
        )
        if len(dates) > 1:
            parts.append(
                f'<text x="{num(frame.x(len(dates) - 1))}" y="{num(base)}" text-anchor="end">'
                f"{esc(_date(dates[-1]))}</text>"
            )
    parts.append("</g>")
    return "".join(parts)


def _line(frame: _Frame, values: Sequence[float], colour: str, dash: str, css: str) -> str:
    pairs = [(frame.x(i), frame.y(v)) for i, v in enumerate(values)]
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    if len(pairs) == 1:
        x, y = pairs[0]
        return f'<circle class="{esc(css)}" cx="{num(x)}" cy="{num(y)}" r="3" fill="{colour}"/>'
    return (
        f'<path class="{esc(css)}" d="{path_d(pairs)}" fill="none" stroke="{colour}" '
        f'stroke-width="2" stroke-linejoin="round"{dash_attr}/>'
    )


def _empty(title: str, width: float, height: float) -> str:
    body = (
        f'<text x="{num(width / 2)}" y="{num(height / 2)}" text-anchor="middle" '
        f'font-size="13" fill="#5d636b">No check-ins yet</text>'
    )
    return document(width, height, body, title=title, desc="No sessions to show yet.")


def score_trend_chart(
    points: Sequence[SessionPoint],
    *,
    keys: Sequence[str] = ("over", "under", "skilful"),
    width: float = 640,
    height: float = 240,
    title: str = "Scores per session",
) -> str:
    """One line per score (0..10) across sessions given oldest first."""
    for key in keys:
        if key not in SERIES:
            raise ValueError(f"Unknown score {key!r}; use over, under or skilful.")
    if not points:
        return _empty(title, width, height)
    frame = _Frame(width, height, left=28, right=12, top=10, bottom=26, count=len(points))
    parts = [_axes(frame, [p.at for p in points])]
    words = []
    for key in keys:
        label, colour, dash = SERIES[key]
        values = [float(getattr(p, key)) for p in points]
        parts.append(_line(frame, values, colour, dash, f"series {key}"))
        words.append(f"{label}: " + ", ".join(f"{v:.1f}" for v in values) + ".")
    desc = (
        f"{len(points)} sessions from {_date(points[0].at)} to {_date(points[-1].at)}, "
        "scores out of 10. " + " ".join(words)
    )
    return document(width, height, "".join(parts), title=title, desc=desc, css_class="trend")


def sparkline(
    points: Sequence[SessionPoint],
    *,
    width: float = 220,
    height: float = 56,
    title: str = "Over- and under-use per session",
) -> str:
    """A small over/under chart for the caseload's small multiples (no axis labels)."""
    if not points:
        return _empty(title, width, height)
    frame = _Frame(width, height, left=2, right=2, top=4, bottom=4, count=len(points))
    parts = [
        f'<rect x="0" y="0" width="{num(width)}" height="{num(height)}" fill="#ffffff" '
        f'stroke="#dcd9d0"/>'
    ]
    words = []
    for key in ("over", "under"):
        label, colour, dash = SERIES[key]
        values = [float(getattr(p, key)) for p in points]
        parts.append(_line(frame, values, colour, dash, f"series {key}"))
        words.append(f"{label}: latest {values[-1]:.1f}, highest {max(values):.1f}.")
    desc = f"{len(points)} sessions, scores out of 10. " + " ".join(words)
    return document(width, height, "".join(parts), title=title, desc=desc, css_class="spark")


def control_chart(
    points: Sequence[ChartPoint],
    *,
    direction: str,
    width: float = 640,
    height: float = 220,
) -> str:
    """The detector's chart for one direction: score, usual level, limit and signals.

    ``upper`` is the score that would have signalled at that session given the run
    so far, so it is drawn as a step that comes down while a run builds up.
    """
    if direction not in ("over", "under"):
        raise ValueError("direction must be 'over' or 'under'.")
    label, colour, _ = SERIES[direction]
    title = f"{label} control chart"
    if not points:
        return _empty(title, width, height)
    frame = _Frame(width, height, left=28, right=12, top=10, bottom=26, count=len(points))
    parts = [_axes(frame, [p.at for p in points])]
    # The limit as steps: each session's own threshold spans half a step each side.
    half = (frame.x(1) - frame.x(0)) / 2 if len(points) > 1 else 8.0
    limit: list[tuple[float, float]] = []
    lo, hi = frame.left, frame.width - frame.right
    for i, p in enumerate(points):
        y = frame.y(p.upper)
        limit += [(max(lo, frame.x(i) - half), y), (min(hi, frame.x(i) + half), y)]
    parts.append(
        f'<path class="limit" d="{path_d(limit)}" fill="none" stroke="#5d636b" '
        f'stroke-width="1.5" stroke-dasharray="5 3"/>'
    )
    centre = [(frame.x(i), frame.y(p.centre)) for i, p in enumerate(points)]
    if len(centre) == 1:
        centre = [
            (max(lo, centre[0][0] - half), centre[0][1]),
            (min(hi, centre[0][0] + half), centre[0][1]),
        ]
    parts.append(
        f'<path class="centre" d="{path_d(centre)}" fill="none" stroke="#8f8c83" '
        f'stroke-width="1.5"/>'
    )
    parts.append(_line(frame, [p.value for p in points], colour, "", "value"))
    for i, p in enumerate(points):
        x, y = frame.x(i), frame.y(p.value)
        if p.signal:
            parts.append(
                f'<circle class="signal" cx="{num(x)}" cy="{num(y)}" r="5.5" fill="{colour}" '
                f'stroke="#ffffff" stroke-width="1.5"><title>{esc(_date(p.at))}: '
                f"{p.value:.1f}, above the usual level for long enough to signal</title></circle>"
            )
        else:
            parts.append(
                f'<circle class="point" cx="{num(x)}" cy="{num(y)}" r="2.5" fill="{colour}">'
                f"<title>{esc(_date(p.at))}: {p.value:.1f}</title></circle>"
            )
    signals = [p for p in points if p.signal]
    desc = (
        f"{label} score for {len(points)} sessions from {_date(points[0].at)} to "
        f"{_date(points[-1].at)}; usual level about {points[-1].centre:.1f} out of 10. "
        + (
            f"{len(signals)} session(s) signalled, the latest on {_date(signals[-1].at)}."
            if signals
            else "No session signalled."
        )
    )
    return document(
        width, height, "".join(parts), title=title, desc=desc, css_class=f"control {direction}"
    )
