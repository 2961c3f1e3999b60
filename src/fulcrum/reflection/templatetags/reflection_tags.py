"""Template helpers for pages outside the reflection app (drift warning boxes).

They look prompts up in the prompt library; they never query the database."""

from __future__ import annotations

from typing import Any

from django import template

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
