"""Small template filters for the check-in fragments that other pages include.

They only look things up (catalogue labels, which listed sessions a warning names);
they never query the database, so a fragment costs the same wherever it is included.
"""

from __future__ import annotations

from collections.abc import Iterable

from django import template

from fulcrum.checkins.models import CheckIn, DriftWarning
from fulcrum.core.catalogue import load_catalogue

register = template.Library()


@register.filter
def indicator_label(indicator_id: str) -> str:
    """The catalogue label of an indicator id (the id itself if the catalogue dropped it)."""
    for indicator in load_catalogue().indicators:
        if indicator.id == indicator_id:
            return indicator.label
    return str(indicator_id).replace("_", " ")


@register.filter
def open_only(warnings: Iterable[DriftWarning]) -> list[DriftWarning]:
    return [w for w in warnings if w.acknowledged_at is None]


@register.filter
def acknowledged_only(warnings: Iterable[DriftWarning]) -> list[DriftWarning]:
    return [w for w in warnings if w.acknowledged_at is not None]


@register.filter
def sessions_of(warning: DriftWarning, checkins: Iterable[CheckIn] | None) -> list[CheckIn]:
    """The check-ins in ``checkins`` that ``warning`` rests on, oldest first."""
    wanted = set(warning.checkin_ids)
    found = [c for c in (checkins or ()) if c.pk in wanted]
    return sorted(found, key=lambda c: (c.session_at, c.pk))
