"""The roles an account holds, for templates: a menu and first page that fit them."""

from __future__ import annotations

from django import template
from django.template import Context
from django.utils.safestring import SafeString

from fulcrum.accounts.models import User
from fulcrum.accounts.roles import roles_of

register = template.Library()


@register.simple_tag
def roles_held(user: object) -> frozenset[str]:
    """The role names ``user`` holds (none for a visitor)."""
    if not isinstance(user, User) or not user.is_authenticated:
        return frozenset()
    return frozenset(role.value for role in roles_of(user))


@register.simple_tag(takes_context=True)
def main_menu(context: Context) -> SafeString:
    """The main menu's links rendered once: every page shows them twice (in a row on wide
    screens, in the phone menu below 40rem), and each copy reverses a dozen addresses."""
    assert context.template is not None  # a tag renders inside a template
    menu = context.template.engine.get_template("_menu_links.html")
    return menu.render(context)  # already escaped: a template's own output
