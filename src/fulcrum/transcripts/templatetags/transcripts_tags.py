"""Template filters for the transcript pages: formatting only, never a query."""

from __future__ import annotations

from django import template

from fulcrum.transcripts.formatting import clock as _clock

register = template.Library()
MINUS = "\u2212"


@register.filter
def percent(value: float | None) -> str:
    """0.724 → ``72%``."""
    if value is None:
        return "—"
    return f"{float(value) * 100:.0f}%"


@register.filter
def clock(seconds: float | None) -> str:
    """Seconds into the session → ``4:07``."""
    return _clock(seconds)


@register.filter
def signed(value: float) -> str:
    """A contribution with its sign, set with a true minus: ``+0.95``, ``\u22120.40``."""
    return f"{float(value):+.2f}".replace("-", MINUS)


@register.filter
def turn_href(index: int, report: object) -> str:
    """The link to turn ``index`` in ``report``: on this page of turns, or on its own."""
    href = getattr(report, "href", None)
    return href(int(index)) if callable(href) else f"#u-{index}"
