"""The client's four items. The form only parses; the service saves and closes the link."""

from __future__ import annotations

from typing import Any

from django import forms

from fulcrum.clientvoice.services import COMMENT_MAX
from fulcrum.core.voice import ITEM_IDS, SCALE_MAX, SCALE_MIN, VOICE_ITEMS, VoiceAnswers, VoiceItem

SCALE = [(str(n), str(n)) for n in range(SCALE_MIN, SCALE_MAX + 1)]


class VoiceForm(forms.Form):
    """Four 0-10 answers (required) and an optional comment, in the client's words."""

    comment = forms.CharField(
        label="Anything you'd like to add?",
        required=False,
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": COMMENT_MAX}),
        error_messages={"max_length": f"Please keep it under {COMMENT_MAX} characters."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for item in VOICE_ITEMS:
            self.fields[item.id] = forms.TypedChoiceField(
                label=item.statement,
                choices=SCALE,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": "Please choose a number from 0 to 10."},
            )
        # Items first, then the comment, in the order the client reads them.
        self.order_fields([*ITEM_IDS, "comment"])

    def items(self) -> list[tuple[VoiceItem, forms.BoundField]]:
        return [(item, self[item.id]) for item in VOICE_ITEMS]

    def answers(self) -> VoiceAnswers:
        cd = self.cleaned_data
        return VoiceAnswers(
            choice=cd["choice"], voice=cd["voice"], safety=cd["safety"], respect=cd["respect"]
        )
