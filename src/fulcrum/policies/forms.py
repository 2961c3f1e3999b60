from __future__ import annotations

from django import forms

from fulcrum.kernel.dates import plausible_date
from fulcrum.policies.models import TITLE_MAX, PolicyVersion
from fulcrum.policies.services import SUMMARY_MAX, TEXT_MAX


class DraftForm(forms.Form):
    title = forms.CharField(max_length=TITLE_MAX)
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 16}), max_length=TEXT_MAX)


class PublishForm(forms.Form):
    change = forms.ChoiceField(
        choices=[
            (PolicyVersion.Change.MATERIAL, "Material: clients are asked to agree again"),
            (PolicyVersion.Change.EDITORIAL, "Editorial: clients are only told"),
        ],
        widget=forms.RadioSelect,
        required=False,
    )
    summary = forms.CharField(
        label="What changed, in a sentence",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=SUMMARY_MAX,
        required=False,
    )
    effective_on = forms.DateField(
        label="In effect from", widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: object, first: bool = False, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["effective_on"].validators.append(plausible_date)
        if first:
            del self.fields["change"]
            del self.fields["summary"]
