"""Safe-harbour forms, and the field the check-in form borrows."""

from __future__ import annotations

from typing import Any

from django import forms

from fulcrum.core.harbour import ACTIONS_PER_PILLAR, PILLARS
from fulcrum.harbour.models import HarbourAction, HarbourPlan
from fulcrum.harbour.services import TEXT_MAX, Slot, current_plan, practised_ids

FIELD_NAME = "harbour_actions"


def slot_field_name(pillar: str, position: int) -> str:
    return f"{pillar}_{position}"


class HarbourPlanForm(forms.Form):
    """Twenty text boxes, five per pillar; blanks are allowed while the plan grows."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for p in PILLARS:
            for n in range(1, ACTIONS_PER_PILLAR + 1):
                self.fields[slot_field_name(p.id, n)] = forms.CharField(
                    label=f"{p.label} {n}",
                    required=False,
                    max_length=TEXT_MAX,
                    widget=forms.TextInput(attrs={"autocomplete": "off"}),
                )
        self.fields["note"] = forms.CharField(
            label="What changed and why (optional)", required=False, max_length=200
        )

    def pillars(self) -> list[tuple[Any, list[forms.BoundField]]]:
        """The bound fields grouped under their pillar, for the template."""
        return [
            (p, [self[slot_field_name(p.id, n)] for n in range(1, ACTIONS_PER_PILLAR + 1)])
            for p in PILLARS
        ]

    def texts(self) -> dict[Slot, str]:
        return {
            (p.id, n): self.cleaned_data.get(slot_field_name(p.id, n), "")
            for p in PILLARS
            for n in range(1, ACTIONS_PER_PILLAR + 1)
        }

    @staticmethod
    def initial_for(plan: HarbourPlan | None) -> dict[str, str]:
        if plan is None:
            return {}
        return {slot_field_name(a.pillar, a.position): a.text for a in plan.actions.all()}


class _ActionChoices(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.text)


def practised_actions_field(owner: Any) -> forms.ModelMultipleChoiceField:  # type: ignore[type-arg]
    """The check-in form's "which safe-harbour actions did I practise?" field.

    Add it as ``form.fields["harbour_actions"] = practised_actions_field(user)``; it only
    offers (and only accepts) actions of the owner's current plan. Pass
    ``[a.pk for a in cleaned_data["harbour_actions"]]`` to ``record_practice``.
    """
    plan = current_plan(owner)
    queryset = (
        HarbourAction.objects.filter(plan=plan)
        if plan is not None
        else HarbourAction.objects.none()
    )
    return _ActionChoices(
        queryset=queryset,
        required=False,
        label="Which of my safe-harbour actions did I practise?",
        widget=forms.CheckboxSelectMultiple,
    )


def add_practice_field(form: forms.Form, owner: Any) -> None:
    """Give a check-in form the practised-actions field (name ``FIELD_NAME``).

    Pass ``practised_in(form)`` to ``workspace.services.record_session`` (or
    ``update_session``), which records the practice in the same transaction as the
    session. The chips are drawn by ``harbour/_checkin_actions.html`` with
    ``practice_field_context``.
    """
    form.fields[FIELD_NAME] = practised_actions_field(owner)


def practised_in(form: forms.Form) -> frozenset[int] | None:
    """The action ids ticked in a valid form (None if it has no practice field)."""
    if FIELD_NAME not in form.cleaned_data:
        return None
    return frozenset(a.pk for a in form.cleaned_data[FIELD_NAME])


def practice_field_context(
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


def ticked_actions(form: forms.Form, owner: Any, checkin: Any = None) -> dict[str, Any]:
    """The chips' context for a check-in form: what was ticked survives a form error;
    editing a saved ``checkin`` pre-ticks its recorded practice."""
    if form.is_bound:
        selected = {str(v) for v in form.data.getlist(FIELD_NAME)}  # type: ignore[attr-defined]
    elif checkin is not None and checkin.pk:
        selected = {str(pk) for pk in practised_ids(checkin, owner)}
    else:
        selected = set()
    return practice_field_context(owner, selected=selected)


class PractiseForm(forms.Form):
    """Record practice for a session already saved."""

    def __init__(self, *args: Any, owner: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[FIELD_NAME] = practised_actions_field(owner)
