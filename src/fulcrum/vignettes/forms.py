"""Forms for vignettes. They parse and keep what was typed; the services hold the rules."""

from __future__ import annotations

import secrets
from typing import Any

from django import forms

from fulcrum.core.catalogue import load_catalogue
from fulcrum.vignettes.models import Direction, Disguise, Licence, Modality, Use
from fulcrum.vignettes.services import (
    MESSAGE_MAX,
    NOTES_MAX,
    REASON_MAX,
    TEXT_MAX,
    TITLE_MAX,
    Edit,
)


def _area(rows: int, limit: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, "maxlength": limit})


class PasteForm(forms.Form):
    """The first step: the story as written, before anything is sent."""

    text = forms.CharField(
        label="Your vignette",
        max_length=TEXT_MAX,
        widget=_area(14, TEXT_MAX),
        strip=False,
        error_messages={"required": "Please paste or write the vignette first."},
    )


class SendForm(forms.Form):
    """The second step: the reviewed text, how it is disguised, and its licence."""

    text = forms.CharField(
        label="The text that will be sent",
        max_length=TEXT_MAX,
        widget=_area(14, TEXT_MAX),
        strip=False,
        error_messages={"required": "There is nothing left to send."},
    )
    disguise = forms.ChoiceField(
        label="How are the people in it disguised?",
        choices=Disguise.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Please choose how the people in it are disguised."},
    )
    licence = forms.ChoiceField(
        label="If it is published, under which terms?",
        choices=Licence.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Please choose a licence for the published text."},
    )
    # A random token per review, so the same form sent twice stores one vignette.
    once = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)


def new_send_form(text: str) -> SendForm:
    """The Send form of a new review: the proposed text and a token of its own."""
    return SendForm(initial={"text": text, "once": secrets.token_urlsafe(16)})


class CodenameForm(forms.Form):
    codename = forms.CharField(
        label="Your codename (seven words)",
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class EditForm(forms.Form):
    """An educator's edit of a waiting vignette, and how it is taught."""

    title = forms.CharField(max_length=TITLE_MAX)
    text = forms.CharField(label="Text to publish", max_length=TEXT_MAX, widget=_area(14, TEXT_MAX))
    kinds = forms.MultipleChoiceField(
        label="Kinds of power", required=False, widget=forms.CheckboxSelectMultiple
    )
    direction = forms.ChoiceField(choices=[("", "—"), *Direction.choices], required=False)
    use = forms.ChoiceField(
        label="Over-use, under-use or skilful", choices=[("", "—"), *Use.choices], required=False
    )
    modality = forms.ChoiceField(
        label="Kind of work", choices=[("", "—"), *Modality.choices], required=False
    )
    questions = forms.CharField(
        label="Discussion questions",
        required=False,
        max_length=NOTES_MAX,
        widget=_area(4, NOTES_MAX),
    )
    teaching_notes = forms.CharField(
        required=False, max_length=NOTES_MAX, widget=_area(4, NOTES_MAX)
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kinds"].choices = [(k.id, k.label) for k in load_catalogue().kinds]  # type: ignore[attr-defined]

    def edit(self) -> Edit:
        data = self.cleaned_data
        return Edit(
            title=data["title"],
            text=data["text"],
            teaching_notes=data["teaching_notes"],
            questions=data["questions"],
            kinds=tuple(data["kinds"]),
            direction=data["direction"],
            use=data["use"],
            modality=data["modality"],
        )


class LibraryFilterForm(forms.Form):
    """The library's narrowing choices; each is optional, an unknown value is ignored."""

    kind = forms.ChoiceField(label="Kind of power", required=False)
    direction = forms.ChoiceField(
        label="Direction", choices=[("", "Any"), *Direction.choices], required=False
    )
    use = forms.ChoiceField(label="Use", choices=[("", "Any"), *Use.choices], required=False)
    modality = forms.ChoiceField(
        label="Kind of work", choices=[("", "Any"), *Modality.choices], required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kinds = [(k.id, k.label) for k in load_catalogue().kinds]
        self.fields["kind"].choices = [("", "Any"), *kinds]  # type: ignore[attr-defined]


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="Why (the contributor reads this with their codename)",
        max_length=REASON_MAX,
        widget=_area(3, REASON_MAX),
        error_messages={"required": "Please give the contributor a reason."},
    )


class AskForm(forms.Form):
    """An educator's question to the contributor."""

    question = forms.CharField(
        label="Your question (the contributor reads it with their codename)",
        max_length=MESSAGE_MAX,
        widget=_area(3, MESSAGE_MAX),
        error_messages={"required": "Please write the question first."},
    )


class ReplyForm(forms.Form):
    """The contributor's reply, sent with the codename."""

    reply = forms.CharField(
        label="Your reply",
        max_length=MESSAGE_MAX,
        widget=_area(4, MESSAGE_MAX),
        error_messages={"required": "Please write your reply first."},
    )


class PinForm(forms.Form):
    """The course module to pin a published vignette into."""

    module = forms.ChoiceField(label="Course module")

    def __init__(self, *args: Any, modules: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["module"].choices = modules  # type: ignore[attr-defined]
