"""Template helpers for pages outside the harbour app (the check-in form)."""

from __future__ import annotations

from typing import Any

from django import template

from fulcrum.core.harbour import PILLAR_IDS, PILLARS
from fulcrum.harbour.forms import FIELD_NAME
from fulcrum.harbour.models import PractisedAction
from fulcrum.harbour.services import coverage_for, current_plan, practised_ids

register = template.Library()


def checkin_actions_context(
    owner: Any, *, selected: set[str], field_name: str = FIELD_NAME, unfolded: bool = False
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
        "harbour_open": unfolded or bool(selected),
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
    elif checkin is not None and getattr(checkin, "pk", None) and user is not None:
        selected = {str(pk) for pk in practised_ids(checkin, user)}
    else:
        selected = set()
    return checkin_actions_context(user, selected=selected)


@register.simple_tag
def checkin_practice(checkin: Any, user: Any) -> dict[str, Any]:
    """What was practised in a saved session, for the check-in page."""
    actions = [
        p.action for p in PractisedAction.objects.filter(checkin=checkin).select_related("action")
    ]
    actions.sort(key=lambda a: (PILLAR_IDS.index(a.pillar), a.position))
    return {"practised": actions, "plan": current_plan(user)}


@register.simple_tag
def client_harbour(client: Any, user: Any) -> dict[str, Any]:
    """The client's safe-harbour coverage in brief, for the client page."""
    plan = current_plan(user)
    if plan is None:
        return {"plan": None, "coverage": None}
    return {"plan": plan, "coverage": coverage_for(user, client=client)}
