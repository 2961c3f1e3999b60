"""Template helpers for pages outside the harbour app (the check-in form)."""

from __future__ import annotations

from typing import Any

from django import template

from fulcrum.core.harbour import PILLARS
from fulcrum.harbour.forms import FIELD_NAME
from fulcrum.harbour.services import current_plan, practised_ids

register = template.Library()


def checkin_actions_context(
    owner: Any, *, selected: set[str], field_name: str = FIELD_NAME
) -> dict[str, Any]:
    """Context for ``harbour/_checkin_actions.html``: the current plan's actions by pillar."""
    plan = current_plan(owner) if getattr(owner, "is_authenticated", False) else None
    actions = list(plan.actions.all()) if plan is not None else []
    groups = [(p, [a for a in actions if a.pillar == p.id]) for p in PILLARS]
    return {
        "harbour_plan": plan,
        "harbour_groups": [(p, acts) for p, acts in groups if acts],
        "harbour_selected": selected,
        "harbour_field": field_name,
    }


@register.inclusion_tag("harbour/_checkin_actions.html", takes_context=True)
def harbour_checkin_actions(context: template.Context, checkin: Any = None) -> dict[str, Any]:
    """Render the practised-actions chips inside a check-in form.

    What was ticked survives a form error (read back from the POST); when editing a
    saved ``checkin``, its recorded practice is pre-ticked.
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    if request is not None and request.method == "POST":
        selected = set(request.POST.getlist(FIELD_NAME))
    elif checkin is not None and getattr(checkin, "pk", None):
        selected = {str(pk) for pk in practised_ids(checkin)}
    else:
        selected = set()
    return checkin_actions_context(user, selected=selected)
