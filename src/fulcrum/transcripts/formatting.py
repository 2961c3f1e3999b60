"""Small pure helpers for showing transcript figures to a person."""

from __future__ import annotations

import math

__all__ = ["clock", "counted", "indicator_value"]


def clock(seconds: float | None) -> str:
    """``4:07`` or ``1:02:03`` for a time in the session; empty when there is none."""
    if seconds is None or not math.isfinite(seconds) or seconds < 0:
        return ""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def counted(n: int, noun: str) -> str:
    """``1 turn``, ``2 turns``, ``1,200 turns``: a count with its noun in the right number."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def indicator_value(value: float | None, unit: str) -> str:
    """An indicator's value in words fit for its unit; a dash when the session cannot show it.

    Shares and rates read as percentages, counts and episodes as whole numbers (an
    episode of half strength as a half); anything else keeps
    two decimals, so a unit Fulcrum adds later still shows sensibly.
    """
    if value is None or not math.isfinite(value):
        return "—"
    if unit in ("share", "rate"):
        return f"{value * 100:.0f}%"
    if unit == "count":
        return f"{value:.0f}"
    if unit == "episodes":
        # Episodes are counted whole; one found at half strength adds a half.
        return f"{value:.0f}" if value.is_integer() else f"{value:.1f}"
    if unit == "words":
        return f"{value:.0f} words" if value >= 10 else f"{value:.1f} words"
    if unit == "seconds":
        return clock(value) or f"{value:.0f} s"
    if unit == "difference":
        return f"{value:+.2f}"
    return f"{value:.2f}"
