"""Template helpers for pages outside the reflection app (drift warning boxes)."""

from __future__ import annotations

from typing import Any

from django import template

from fulcrum.accounts import access
from fulcrum.core.errors import InvalidInput
from fulcrum.core.reflection import Prompt, load_prompts, prompt_for_warning

register = template.Library()


@register.simple_tag
def warning_prompt(warning: Any) -> Prompt | None:
    """The reflection prompt that fits a stored drift warning."""
    try:
        return prompt_for_warning(warning.direction, warning.indicator_ids, load_prompts().prompts)
    except InvalidInput:
        return None


@register.filter
def prompt_text(prompt_id: str) -> str:
    """The text of a prompt id, or "" for free writing or a retired prompt."""
    try:
        return load_prompts().prompt(prompt_id).text if prompt_id else ""
    except InvalidInput:
        return ""


@register.simple_tag
def client_journal(client: Any, user: Any, limit: int = 3) -> list[Any]:
    """The user's latest journal entries linked to ``client``."""
    return list(access.journal_entries_for_user(user).filter(client=client)[:limit])
