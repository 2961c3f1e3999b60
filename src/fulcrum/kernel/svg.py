"""Tiny helpers for SVG drawn on the server, shared by Fulcrum's charts.

Charts are pure functions from numbers to an SVG string. Every piece of text that
goes into the string passes through ``esc`` so the result can be marked safe and
dropped into a template; numbers go through ``num`` so the markup stays short and
stable (no ``-0``, no long float tails).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from html import escape

__all__ = ["SVG_NS", "document", "esc", "num", "path_d", "points"]

SVG_NS = "http://www.w3.org/2000/svg"

Point = tuple[float, float]


def esc(text: object) -> str:
    """Escape text for an SVG element body or a double-quoted attribute."""
    return escape(str(text), quote=True)


def num(value: float, places: int = 2) -> str:
    """Format a coordinate: at most ``places`` decimals, trailing zeros dropped."""
    if not math.isfinite(value):
        raise ValueError(f"Cannot draw a non-finite number: {value!r}")
    text = f"{value:.{places}f}".rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def points(pairs: Iterable[Point]) -> str:
    """The ``points`` attribute of a polygon or polyline: ``"x,y x,y ..."``."""
    return " ".join(f"{num(x)},{num(y)}" for x, y in pairs)


def path_d(pairs: Iterable[Point], *, closed: bool = False) -> str:
    """A path's ``d`` attribute through the points in order (empty when there are none)."""
    parts = [f"{'M' if i == 0 else 'L'}{num(x)} {num(y)}" for i, (x, y) in enumerate(pairs)]
    if parts and closed:
        parts.append("Z")
    return " ".join(parts)


def document(
    width: float, height: float, body: str, *, title: str, desc: str = "", css_class: str = ""
) -> str:
    """Wrap ``body`` (already-escaped markup) in an accessible ``<svg>`` element.

    ``title`` names the image for screen readers; ``desc`` can carry the data in words.
    """
    cls = f' class="{esc(css_class)}"' if css_class else ""
    description = f"<desc>{esc(desc)}</desc>" if desc else ""
    return (
        f'<svg xmlns="{SVG_NS}" viewBox="0 0 {num(width)} {num(height)}"{cls} '
        f'role="img" aria-label="{esc(title)}" focusable="false">'
        f"<title>{esc(title)}</title>{description}{body}</svg>"
    )
