"""The session timeline, drawn on the server as SVG.

A pure function from turns to an SVG string: no database, no template, no clock. One
lane per speaker shows who spoke when, each turn coloured by its code; rows above mark
the moments behind chosen indicators (choices offered, self-disclosure ...); a panel
below follows the practitioner's running share of the words. Every turn and mark is a
link to the utterance on the same page (``#u-12``) and carries a title, so the chart
works without JavaScript and reads aloud. Every piece of text passes through ``esc``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from fulcrum.kernel.svg import document, esc, num, path_d
from fulcrum.transcripts.formatting import clock, counted

__all__ = [
    "CODE_COLOURS",
    "MARK_STYLES",
    "MarkStyle",
    "TimelineMark",
    "TimelineTurn",
    "timeline_chart",
]

# Practitioner codes in the practitioner's teal/blue/rust family, client codes in
# warmer greys and greens; unknown labels fall back to grey.
CODE_COLOURS = {
    "question": "#2d5a8c",
    "reflection": "#1d6b73",
    "input": "#9a3b1b",
    "other": "#8a8f98",
    "change": "#4d7c2a",
    "neutral": "#b7b1a3",
    "sustain": "#b4540f",
}
FALLBACK_COLOUR = "#8a8f98"


@dataclass(frozen=True, slots=True)
class MarkStyle:
    """How one row of marks is drawn: a shape and a colour."""

    shape: str
    colour: str


# Each row of marks has a shape and a colour of its own, so colour is never the only cue.
# None is a square or a code's colour, since the codes are drawn as coloured squares and
# bars; every colour has at least 3:1 contrast against the white card (WCAG non-text
# contrast): purple 6.6, magenta 6.5, ink 15.4, ochre 5.7, violet 7.1.
MARK_STYLES = (
    MarkStyle("diamond", "#6b4f96"),
    MarkStyle("circle", "#b0186f"),
    MarkStyle("triangle", "#22252a"),
    MarkStyle("triangle-down", "#7d6300"),
    MarkStyle("star", "#5b3ad1"),
)
# Without an end time a turn lasts until the next starts, or as long as its words take
# at an unhurried 150 words a minute.
WORDS_PER_SECOND = 2.5


@dataclass(frozen=True, slots=True)
class TimelineTurn:
    """One utterance as the timeline draws it."""

    index: int
    speaker: str
    role: str
    label: str
    subtype: str | None
    start: float | None
    end: float | None
    words: int
    talk_share: float


@dataclass(frozen=True, slots=True)
class TimelineMark:
    """A row of marks: the utterances behind one indicator."""

    label: str
    indexes: tuple[int, ...]
    # None takes the row's place in MARK_STYLES.
    style: MarkStyle | None = None


def mark_styles(marks: Sequence[TimelineMark]) -> list[MarkStyle]:
    """The style each row is drawn in: its own, or the one its place in the list gives."""
    return [m.style or MARK_STYLES[i % len(MARK_STYLES)] for i, m in enumerate(marks)]


@dataclass(frozen=True, slots=True)
class _Span:
    turn: TimelineTurn
    x0: float
    x1: float


def _spans(turns: Sequence[TimelineTurn]) -> tuple[list[tuple[float, float]], bool]:
    """Each turn's (from, to) on the x axis, and whether that axis is time."""
    timed = all(t.start is not None for t in turns)
    out: list[tuple[float, float]] = []
    if timed:
        for i, t in enumerate(turns):
            start = float(t.start or 0.0)
            nxt = turns[i + 1].start if i + 1 < len(turns) else None
            end = t.end if t.end is not None else nxt
            if end is None or end <= start:
                end = start + max(t.words, 1) / WORDS_PER_SECOND
            out.append((start, end))
        return out, True
    at = 0.0
    for t in turns:
        out.append((at, at + max(t.words, 1)))
        at += max(t.words, 1)
    return out, False


def _ticks(lo: float, hi: float, timed: bool) -> list[float]:
    span = hi - lo
    if span <= 0:
        return [lo]
    steps = (
        (10, 30, 60, 120, 300, 600, 900, 1200, 1800, 3600)
        if timed
        else (10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000)
    )
    step = next((s for s in steps if span / s <= 8), steps[-1])
    first = (int(lo // step) + (1 if lo % step else 0)) * step
    return [float(v) for v in range(int(first), int(hi) + 1, step)]


def _shape(kind: str, x: float, y: float, r: float, colour: str) -> str:
    if kind == "circle":
        return f'<circle cx="{num(x)}" cy="{num(y)}" r="{num(r)}" fill="{colour}"/>'
    if kind == "square":
        return (
            f'<rect x="{num(x - r)}" y="{num(y - r)}" width="{num(2 * r)}" '
            f'height="{num(2 * r)}" fill="{colour}"/>'
        )
    if kind == "triangle":
        pts = [(x, y - r), (x + r, y + r), (x - r, y + r)]
    elif kind == "triangle-down":
        pts = [(x - r, y - r), (x + r, y - r), (x, y + r)]
    elif kind == "star":
        outer, inner = r + 1.5, (r + 1.5) * 0.45
        pts = [
            (
                x + (outer if i % 2 == 0 else inner) * math.sin(math.pi * i / 5),
                y - (outer if i % 2 == 0 else inner) * math.cos(math.pi * i / 5),
            )
            for i in range(10)
        ]
    else:
        pts = [(x, y - r - 1), (x + r + 1, y), (x, y + r + 1), (x - r - 1, y)]
    return f'<path d="{path_d(pts, closed=True)}" fill="{colour}"/>'


def _fit(text: str, width: int) -> str:
    """Shorten a label to ``width`` characters; the full text stays in its title."""
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _code_words(turn: TimelineTurn) -> str:
    return turn.label + (f" ({turn.subtype})" if turn.subtype else "")


# The most marks drawn in one row of the timeline.
MARKS_DRAWN = 400


def timeline_chart(
    turns: Sequence[TimelineTurn],
    *,
    speakers: Sequence[str],
    practitioner: str,
    marks: Sequence[TimelineMark] = (),
    width: float = 960,
    title: str = "Session timeline",
    href: Callable[[int], str] | None = None,
) -> str:
    """Who spoke when, each turn's code, marked moments and the running talk share.

    ``href`` gives the link to a turn (an anchor on the page by default; the report's
    page of that turn when the transcript is listed a page at a time).
    """
    link = href or (lambda index: f"#u-{index}")
    lane_h, lane_gap, mark_h = 22.0, 6.0, 18.0
    left, right, top = 210.0, 40.0, 8.0
    share_h, axis_h = 64.0, 42.0
    lanes = [practitioner, *[s for s in speakers if s != practitioner]]
    lanes += sorted({t.speaker for t in turns} - set(lanes))
    if not turns:
        height = 60.0
        body = (
            f'<text x="{num(width / 2)}" y="34" text-anchor="middle" font-size="13" '
            'fill="#5d636b">No utterances to show</text>'
        )
        return document(width, height, body, title=title, desc="The transcript has no turns.")

    spans, timed = _spans(turns)
    lo = min(a for a, _ in spans)
    hi = max(b for _, b in spans)
    if hi <= lo:
        hi = lo + 1
    plot_w = width - left - right

    def x(value: float) -> float:
        return left + plot_w * (value - lo) / (hi - lo)

    marks_top = top
    lanes_top = marks_top + mark_h * len(marks) + (6 if marks else 0)
    share_top = lanes_top + (lane_h + lane_gap) * len(lanes) + 8
    axis_top = share_top + share_h
    height = axis_top + axis_h
    lane_y = {name: lanes_top + i * (lane_h + lane_gap) for i, name in enumerate(lanes)}
    by_index = {t.index: _Span(t, *span) for t, span in zip(turns, spans, strict=True)}

    parts: list[str] = ['<g class="labels" font-size="12" fill="#22252a">']
    for i, mark in enumerate(marks):
        y = marks_top + i * mark_h + mark_h / 2
        parts.append(
            f'<text x="{num(left - 8)}" y="{num(y + 4)}" text-anchor="end">'
            f"<title>{esc(mark.label)}</title>{esc(_fit(mark.label, 30))} "
            f"({len(mark.indexes)})</text>"
        )
    for name, y in lane_y.items():
        shown = _fit(name, 30)
        role = " (practitioner)" if name == practitioner else ""
        parts.append(
            f'<text x="{num(left - 8)}" y="{num(y + lane_h / 2 + 4)}" text-anchor="end">'
            f"<title>{esc(name + role)}</title>{esc(shown)}</text>"
        )
    parts.append(
        f'<text x="{num(left - 8)}" y="{num(share_top + share_h / 2 + 4)}" text-anchor="end">'
        "Practitioner's words</text></g>"
    )

    # Lane backgrounds, then one linked rectangle per turn.
    parts.append('<g class="lanes">')
    for name, y in lane_y.items():
        fill = "#eef4f4" if name == practitioner else "#f6f3ec"
        parts.append(
            f'<rect x="{num(left)}" y="{num(y)}" width="{num(plot_w)}" height="{num(lane_h)}" '
            f'fill="{fill}"/>'
        )
    parts.append('</g><g class="turns">')
    for span in by_index.values():
        t = span.turn
        x0, x1 = x(span.x0), x(span.x1)
        w = max(x1 - x0, 1.5)
        colour = CODE_COLOURS.get(t.label, FALLBACK_COLOUR)
        at = clock(t.start)
        tip = f"#{t.index} {t.speaker}{', ' + at if at else ''}: {_code_words(t)}"
        parts.append(
            f'<a href="{esc(link(t.index))}" class="turn {esc(t.role)} code-{esc(t.label)}">'
            f"<title>{esc(tip)}</title>"
            f'<rect x="{num(x0)}" y="{num(lane_y[t.speaker] + 2)}" width="{num(w)}" '
            f'height="{num(lane_h - 4)}" fill="{colour}"/></a>'
        )
    parts.append("</g>")

    if marks:
        parts.append('<g class="marks">')
        for i, (mark, style) in enumerate(zip(marks, mark_styles(marks), strict=True)):
            y = marks_top + i * mark_h + mark_h / 2
            parts.append(
                f'<line x1="{num(left)}" x2="{num(left + plot_w)}" y1="{num(y)}" y2="{num(y)}" '
                'stroke="#dcd9d0" stroke-width="1"/>'
            )
            # A row of thousands of marks is unreadable and heavy: past MARKS_DRAWN, draw
            # an even sample; the label still counts them all.
            step = max(1, -(-len(mark.indexes) // MARKS_DRAWN))
            for index in mark.indexes[::step]:
                found = by_index.get(index)
                if found is None:
                    continue
                cx = (x(found.x0) + x(found.x1)) / 2
                at = clock(found.turn.start)
                tip = f"{mark.label}: #{index}{', ' + at if at else ''}"
                parts.append(
                    f'<a href="{esc(link(index))}" class="mark mark-{esc(style.shape)}">'
                    f"<title>{esc(tip)}</title>"
                    f"{_shape(style.shape, cx, y, 4.5, style.colour)}</a>"
                )
        parts.append("</g>")

    # The running talk share, with 0, 50% and 100% guides.
    parts.append('<g class="share" font-size="11" fill="#5d636b">')
    for level in (0.0, 0.5, 1.0):
        y = share_top + share_h * (1 - level)
        dash = ' stroke-dasharray="4 3"' if level == 0.5 else ""
        parts.append(
            f'<line x1="{num(left)}" x2="{num(left + plot_w)}" y1="{num(y)}" y2="{num(y)}" '
            f'stroke="#dcd9d0" stroke-width="1"{dash}/>'
        )
        parts.append(
            f'<text x="{num(left + plot_w + 4)}" y="{num(y + 4)}">{round(level * 100)}%</text>'
        )
    share_points = [
        (x(span.x1), share_top + share_h * (1 - min(1.0, max(0.0, span.turn.talk_share))))
        for span in by_index.values()
    ]
    share_points.insert(0, (x(lo), share_points[0][1]))
    parts.append(
        f'<path class="talk-share" d="{path_d(share_points)}" fill="none" stroke="#1d6b73" '
        'stroke-width="2" stroke-linejoin="round"/>'
    )
    parts.append("</g>")

    # The x axis: minutes into the session, or words when the file has no times.
    parts.append('<g class="axis" font-size="11" fill="#5d636b">')
    for tick in _ticks(lo, hi, timed):
        tx = x(tick)
        parts.append(
            f'<line x1="{num(tx)}" x2="{num(tx)}" y1="{num(axis_top)}" y2="{num(axis_top + 4)}" '
            'stroke="#5d636b"/>'
        )
        label = clock(tick) if timed else f"{tick:.0f}"
        parts.append(
            f'<text x="{num(tx)}" y="{num(axis_top + 16)}" text-anchor="middle">{esc(label)}</text>'
        )
    axis_words = "time into the session (m:ss)" if timed else "words into the session"
    parts.append(
        f'<text x="{num(left + plot_w)}" y="{num(axis_top + 34)}" text-anchor="end">'
        f"{esc(axis_words)}</text></g>"
    )

    final = turns[-1].talk_share
    mark_words = " ".join(f"{m.label}: {len(m.indexes)}." for m in marks)
    span_words = (
        f"from {clock(lo)} to {clock(hi)}" if timed else f"over {hi - lo:.0f} words (no times)"
    )
    desc = (
        f"{counted(len(turns), 'turn')} by {counted(len(lanes), 'speaker')} {span_words}. "
        f"{practitioner} is the practitioner and spoke {final * 100:.0f}% of the words. "
        f"{mark_words}"
    ).strip()
    return document(width, height, "".join(parts), title=title, desc=desc, css_class="timeline")
