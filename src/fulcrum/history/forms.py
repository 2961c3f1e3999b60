"""The one question every edit form asks: why the change, kept with the earlier version."""

from __future__ import annotations

from django import forms

from fulcrum.history.services import REASON_MAX


def add_change_reason_field(form: forms.Form) -> None:
    """On an edit: an optional sentence on why, kept with the earlier version."""
    form.fields["change_reason"] = forms.CharField(
        label="Why the change",
        required=False,
        max_length=REASON_MAX,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text="Optional. Kept with the earlier version in this record's history.",
    )
