"""Small formatting helpers for the printable report."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def signed(value: int | None) -> str:
    """+2, -1, 0 (and nothing for a missing value)."""
    if value is None:
        return ""
    return f"{value:+d}" if value else "0"
