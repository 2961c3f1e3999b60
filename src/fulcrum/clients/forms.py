"""Forms for the client pages. They only parse; the services decide and save."""

from __future__ import annotations

from typing import Any

from django import forms

from fulcrum.clients.models import Client
from fulcrum.clients.services import ALIAS_MAX, CODE_MAX, code_problem
from fulcrum.kernel.dates import plausible_date

# Where an alias appears, said where it is typed; keep in step with docs/api.md and docs/cli.md.
ALIAS_HELP = (
    "Optional private nickname to help you recognise them. Shown only to you, on your own "
    "caseload, client and drift pages. Left out of supervision reports, and out of exports "
    "and the API unless you ask for it (--include-alias, include_alias=true)."
)


class ClientForm(forms.Form):
    code = forms.CharField(
        max_length=CODE_MAX,
        help_text="A pseudonymous code such as C-014 — never the client's name.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    alias = forms.CharField(
        max_length=ALIAS_MAX,
        required=False,
        help_text=ALIAS_HELP,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    modality = forms.ChoiceField(choices=Client.Modality.choices, initial=Client.Modality.TALK)
    started_on = forms.DateField(
        validators=[plausible_date],
        label="Started on",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    status = forms.ChoiceField(choices=Client.Status.choices, initial=Client.Status.ACTIVE)

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"].strip()
        problem = code_problem(code)
        if problem:
            raise forms.ValidationError(problem)
        return code

    @classmethod
    def initial_for(cls, client: Client) -> dict[str, Any]:
        return {
            "code": client.code,
            "alias": client.alias,
            "modality": client.modality,
            "started_on": client.started_on,
            "status": client.status,
        }


class DeleteClientForm(forms.Form):
    """Deleting is permanent, so the practitioner types the client's code to confirm."""

    confirm_code = forms.CharField(
        label="Type the client's code to confirm",
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args: Any, client: Client, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.client = client

    def clean_confirm_code(self) -> str:
        typed: str = self.cleaned_data["confirm_code"].strip()
        if typed != self.client.code:
            raise forms.ValidationError(
                f"That does not match. Type {self.client.code} exactly to delete this client."
            )
        return typed
