"""The roles an account holds, for templates: a menu and first page that fit them."""

from __future__ import annotations

from django import template

from fulcrum.accounts.models import User
from fulcrum.accounts.roles import roles_of

register = template.Library()


@register.simple_tag
def roles_held(user: object) -> frozenset[str]:
    """The role names ``user`` holds (none for a visitor)."""
    if not isinstance(user, User) or not user.is_authenticated:
        return frozenset()
    return frozenset(role.value for role in roles_of(user))
