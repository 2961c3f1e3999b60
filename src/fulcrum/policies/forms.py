from __future__ import annotations

from typing import Any

from django import forms

from fulcrum.kernel.dates import plausible_date
from fulcrum.kernel.form_focus import first_field_in_error
from fulcrum.policies.consent import NAME_MAX, QUESTION_MAX
from fulcrum.policies.links import Answer
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


ANSWER_CHOICES = [
    ("accepted", "I agree"),
    ("declined", "I do not agree"),
    ("question", "I have a question"),
]


class ConsentAnswerForm(forms.Form):
    """The client's answer to each version a link names, and the name they type to agree.

    Field names carry the version's id (``answer_<id>``, ``question_<id>``); the form
    only parses, the service records and closes the link."""

    typed_name = forms.CharField(
        label="Your name, typed, to agree",
        required=False,
        max_length=NAME_MAX,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def __init__(self, *args: Any, versions: list[PolicyVersion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.versions = versions
        for version in versions:
            self.fields[f"answer_{version.pk}"] = forms.ChoiceField(
                label=version.title,
                choices=ANSWER_CHOICES,
                widget=forms.RadioSelect,
                error_messages={"required": "Please choose one answer."},
            )
            self.fields[f"question_{version.pk}"] = forms.CharField(
                label="Your question",
                required=False,
                max_length=QUESTION_MAX,
                widget=forms.Textarea(attrs={"rows": 2, "maxlength": QUESTION_MAX}),
            )
        self.order_fields([*(f for f in self.fields if f != "typed_name"), "typed_name"])

    def clean(self) -> dict[str, Any]:
        cd = super().clean() or {}
        agreed = False
        for version in self.versions:
            answer = cd.get(f"answer_{version.pk}")
            agreed = agreed or answer == "accepted"
            if answer == "question" and not cd.get(f"question_{version.pk}", "").strip():
                self.add_error(f"question_{version.pk}", "Please write your question.")
        if agreed and not cd.get("typed_name", "").strip():
            self.add_error("typed_name", "Please type your name to agree.")
        # On a phone, the first answer that needs another look takes the focus (the page
        # draws its radios one by one, so the widget carries it).
        first = first_field_in_error(self)
        if first is not None:
            self.fields[first].widget.attrs["autofocus"] = True
        return cd

    def items(self) -> list[tuple[PolicyVersion, forms.BoundField, forms.BoundField]]:
        return [(v, self[f"answer_{v.pk}"], self[f"question_{v.pk}"]) for v in self.versions]

    def answers(self) -> dict[int, Answer]:
        cd = self.cleaned_data
        return {
            v.pk: Answer(cd[f"answer_{v.pk}"], cd.get(f"question_{v.pk}", ""))
            for v in self.versions
        }


class VerbalConsentForm(forms.Form):
    """The practitioner attests what the client said aloud, pinned to a version and a session."""

    version = forms.TypedChoiceField(label="Policy version", coerce=int)
    checkin = forms.TypedChoiceField(label="Session", coerce=int)
    event = forms.ChoiceField(
        label="What the client said",
        choices=[
            ("accepted", "Agreed"),
            ("declined", "Declined"),
            ("question", "Has a question"),
            ("withdrawn", "Withdrew agreement"),
        ],
    )

    def __init__(
        self,
        *args: Any,
        versions: list[PolicyVersion],
        sessions: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["version"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [
            (v.pk, f"{v.policy.get_kind_display()}: version {v.number}, {v.title}")
            for v in versions
        ]
        session_field = self.fields["checkin"]
        assert isinstance(session_field, forms.TypedChoiceField)
        session_field.choices = sessions
