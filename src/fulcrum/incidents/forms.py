"""The incident form. It only parses; clients are offered from the user's own caseload."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms

from fulcrum.clients.access import clients_for_user
from fulcrum.clients.models import Client
from fulcrum.core import incidents as core
from fulcrum.core.catalogue import load_catalogue
from fulcrum.kernel.dates import plausible_date


def _choices(mapping: dict[str, str]) -> list[tuple[str, str]]:
    return list(mapping.items())


class IncidentForm(forms.Form):
    happened_at = forms.DateTimeField(
        validators=[plausible_date],
        label="When it happened",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="An entry written more than 72 hours later is labelled late, with the gap shown.",
    )
    direction = forms.ChoiceField(label="Whose conduct", choices=_choices(core.DIRECTIONS))
    conduct = forms.MultipleChoiceField(
        label="What kind of thing",
        choices=_choices(core.CONDUCT),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    client = forms.ModelChoiceField(
        queryset=Client.objects.none(), required=False, empty_label="— no client —"
    )
    others_involved = forms.CharField(
        label="Who else was involved",
        max_length=500,
        required=False,
        help_text="By role, e.g. 'the client's parent', 'the client's attorney'.",
    )
    power_kinds = forms.MultipleChoiceField(
        label="Kinds of power at play",
        choices=(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    what_happened = forms.CharField(
        label="What happened", max_length=core.TEXT_MAX, widget=forms.Textarea(attrs={"rows": 6})
    )
    what_was_done = forms.CharField(
        label="What was done",
        max_length=core.TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    consulted = forms.MultipleChoiceField(
        label="Who was consulted",
        choices=_choices(core.CONSULTED),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    follow_ups = forms.CharField(
        label="Follow-ups",
        max_length=core.TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, user: Any, with_client: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kinds = load_catalogue().kinds
        self.fields["power_kinds"].choices = [(k.id, k.label) for k in kinds]  # type: ignore[attr-defined]
        if with_client:
            self.fields["client"].queryset = clients_for_user(user)  # type: ignore[attr-defined]
        else:
            del self.fields["client"]

    def record(self) -> core.IncidentRecord:
        """The cleaned values as an incident record."""
        cd = self.cleaned_data
        happened: datetime = cd["happened_at"]
        return core.IncidentRecord(
            happened_at=happened,
            direction=cd["direction"],
            what_happened=cd["what_happened"],
            conduct=tuple(cd["conduct"]),
            others_involved=cd["others_involved"],
            power_kinds=tuple(cd["power_kinds"]),
            what_was_done=cd["what_was_done"],
            consulted=tuple(cd["consulted"]),
            follow_ups=cd["follow_ups"],
        )


def initial_from(record: core.IncidentRecord) -> dict[str, object]:
    """Form values that start an amendment from the latest version."""
    return {
        "happened_at": record.happened_at,
        "direction": record.direction,
        "conduct": list(record.conduct),
        "others_involved": record.others_involved,
        "power_kinds": list(record.power_kinds),
        "what_happened": record.what_happened,
        "what_was_done": record.what_was_done,
        "consulted": list(record.consulted),
        "follow_ups": record.follow_ups,
    }
