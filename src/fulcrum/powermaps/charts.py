"""The power map's radar chart, drawn on the server as SVG.

``radar_svg`` is a pure function from numbers to an SVG string: no database, no
template, no JavaScript. All text is escaped, so its result can be marked safe.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from fulcrum.core.catalogue import Catalogue
from fulcrum.core.powermap import RATING_MAX, PowerMapReading
from fulcrum.kernel.svg import document, esc, num, path_d, points

__all__ = ["SIDE_COLOURS", "RadarSeries", "power_map_radar", "radar_svg"]

# Distinguishable for the common colour-vision deficiencies; sides also differ by
# dash pattern, so colour is never the only cue.
SIDE_COLOURS = {
    "practitioner": ("#1d6b73", ""),
    "client": ("#b4540f", "6 4"),
    "third_party": ("#6b4f96", "2 4"),
}
_FALLBACK = ("#555555", "")


@dataclass(frozen=True)
class RadarSeries:
    """One side's values, in the same order as the chart's axes; None where not rated."""

    key: str
    name: str
    values: tuple[float | None, ...]


def _corner(cx: float, cy: float, radius: float, index: int, count: int) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / count
    return cx + radius * math.cos(angle), cy + radius * math.sin(angle)


def radar_svg(
    axes: Sequence[str],
    series: Sequence[RadarSeries],
    *,
    max_value: float = 4,
    size: float = 320,
    labels: bool = True,
    title: str = "Power map",
) -> str:
    """Draw one closed polygon per series over a web of ``len(axes)`` spokes.

    Values are clipped to ``0..max_value``. A value of None (not rated) is left off the
    chart rather than drawn at the centre: a series missing some values is drawn as dots
    on the axes it has, and one with no values at all is not drawn. Without ``labels``
    (thumbnails) the axis names still appear in the description for screen readers.
    """
    count = len(axes)
    if count < 3:
        raise ValueError("A radar chart needs at least three axes.")
    if max_value <= 0:
        raise ValueError("max_value must be above zero.")
    for s in series:
        if len(s.values) != count:
            raise ValueError(f"Series {s.name!r} has {len(s.values)} values for {count} axes.")

    # Room around the web for the axis names; a thumbnail only keeps the stroke clear.
    pad_x, pad_y = (84.0, 34.0) if labels else (4.0, 4.0)
    width, height = size + 2 * pad_x, size + 2 * pad_y
    cx, cy = width / 2, height / 2
    radius = size / 2

    parts: list[str] = ['<g class="radar-grid" fill="none" stroke="#c9c9c3" stroke-width="1">']
    steps = int(max_value) if float(max_value).is_integer() else 4
    for step in range(1, steps + 1):
        r = radius * step / steps
        ring = [_corner(cx, cy, r, i, count) for i in range(count)]
        parts.append(f'<path class="ring" d="{path_d(ring, closed=True)}"/>')
    for i in range(count):
        x, y = _corner(cx, cy, radius, i, count)
        parts.append(f'<path class="spoke" d="{path_d([(cx, cy), (x, y)])}"/>')
    parts.append("</g>")

    for s in series:
        colour, dash = SIDE_COLOURS.get(s.key, _FALLBACK)
        corners = {
            i: _corner(cx, cy, radius * min(max(v, 0.0), max_value) / max_value, i, count)
            for i, v in enumerate(s.values)
            if v is not None
        }
        if len(corners) == count:
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            parts.append(
                f'<polygon class="series series-{esc(s.key)}" points="{points(corners.values())}" '
                f'fill="{colour}" fill-opacity="0.18" stroke="{colour}" stroke-width="2.5"'
                f'{dash_attr} stroke-linejoin="round"><title>{esc(s.name)}</title></polygon>'
            )
        elif corners:
            # A shape through the rated axes alone would claim 0 on the others.
            parts.append(f'<g class="series series-{esc(s.key)} partial" fill="{colour}">')
            parts.append(f"<title>{esc(s.name)} (rated on some kinds only)</title>")
            parts.extend(
                f'<circle cx="{num(x)}" cy="{num(y)}" r="4.5"/>' for x, y in corners.values()
            )
            parts.append("</g>")

    if labels:
        parts.append('<g class="radar-labels" font-size="13" fill="#2b2b2b">')
        for i, label in enumerate(axes):
            x, y = _corner(cx, cy, radius + 12, i, count)
            anchor = "middle" if abs(x - cx) < 1 else ("start" if x > cx else "end")
            baseline = y + 4 if abs(y - cy) < radius * 0.5 else (y - 2 if y < cy else y + 12)
            parts.append(
                f'<text x="{num(x)}" y="{num(baseline)}" text-anchor="{anchor}">{esc(label)}</text>'
            )
        parts.append("</g>")

    desc = "; ".join(
        f"{s.name}: "
        + ", ".join(
            f"{a} {'not rated' if v is None else num(v, 1)}"
            for a, v in zip(axes, s.values, strict=True)
        )
        for s in series
    )
    return document(width, height, "".join(parts), title=title, desc=desc, css_class="radar")


def power_map_radar(
    reading: PowerMapReading,
    catalogue: Catalogue,
    *,
    thumbnail: bool = False,
    third_party_name: str = "Third party",
) -> str:
    """The radar of a scored map: practitioner, client, and third party where rated."""
    axes = [catalogue.kind(b.kind).label for b in reading.balances]
    series = [
        RadarSeries("practitioner", "You", tuple(float(b.practitioner) for b in reading.balances)),
        RadarSeries("client", "Client", tuple(float(b.client) for b in reading.balances)),
    ]
    if any(b.third_party is not None for b in reading.balances):
        series.append(
            RadarSeries(
                "third_party",
                third_party_name,
                tuple(
                    None if b.third_party is None else float(b.third_party)
                    for b in reading.balances
                ),
            )
        )
    return radar_svg(
        axes,
        series,
        max_value=RATING_MAX,
        size=160 if thumbnail else 320,
        labels=not thumbnail,
        title="Radar chart of who holds which kind of power",
    )
