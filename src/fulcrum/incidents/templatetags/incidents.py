from __future__ import annotations

from collections.abc import Mapping

from django import template

register = template.Library()


@register.filter
def label(value: str, labels: Mapping[str, str]) -> str:
    """The label of a choice id, or the id itself for one no longer offered."""
    return labels.get(value, value)
