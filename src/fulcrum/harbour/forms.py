"""Safe-harbour forms, and the field the check-in form borrows."""

from __future__ import annotations

from typing import Any

from django import forms

from fulcrum.core.harbour import ACTIONS_PER_PILLAR, PILLARS
from fulcrum.harbour.models import HarbourAction, HarbourPlan
from fulcrum.harbour.services import TEXT_MAX, Slot, current_plan

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

    The form's ``checkin_data()`` passes what was ticked on to ``record_checkin`` (or
    ``update_checkin``), which records the practice in the same transaction as the
    session. The chips themselves are drawn by ``harbour_tags.harbour_checkin_actions``.
    """
    form.fields[FIELD_NAME] = practised_actions_field(owner)


class PractiseForm(forms.Form):
    """Record practice for a session already saved."""

    def __init__(self, *args: Any, owner: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[FIELD_NAME] = practised_actions_field(owner)
