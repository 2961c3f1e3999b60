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


@register.simple_tag
def roles_held(user: object) -> frozenset[str]:
    """The role names ``user`` holds, for a menu that fits them (none for a visitor)."""
    from fulcrum.accounts.models import User
    from fulcrum.accounts.roles import roles_of

    if not isinstance(user, User) or not user.is_authenticated:
        return frozenset()
    return frozenset(role.value for role in roles_of(user))
