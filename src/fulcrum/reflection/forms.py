"""Journal forms. They only parse; links are offered from the user's own records only."""

from __future__ import annotations

from typing import Any

from django import forms

from fulcrum.checkins.access import checkins_for_user, warnings_for_user
from fulcrum.checkins.models import CheckIn, DriftWarning
from fulcrum.clients.access import clients_for_user
from fulcrum.clients.models import Client
from fulcrum.core.reflection import PromptLibrary
from fulcrum.kernel.dates import plausible_date
from fulcrum.reflection.models import JournalEntry
from fulcrum.reflection.services import BODY_MAX, EntryData

# Only recent sessions and warnings are offered as links; older ones are reached
# from their own pages (write/?checkin=…), which still validates ownership.
LINK_CHOICES = 60


class _CheckInChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.client.code} · {obj.session_at:%d %b %Y %H:%M}"


class _WarningChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.client.code} · {obj.title}"


class JournalEntryForm(forms.Form):
    prompt_id = forms.ChoiceField(label="Prompt", required=False)
    body = forms.CharField(
        label="Reflection",
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Private to you. Nothing here leaves your journal unless you choose it.",
    )
    client = forms.ModelChoiceField(
        queryset=Client.objects.none(), required=False, empty_label="— no client —"
    )
    checkin = _CheckInChoice(
        label="Session", queryset=CheckIn.objects.none(), required=False, empty_label="— none —"
    )
    warning = _WarningChoice(
        label="Drift warning",
        queryset=DriftWarning.objects.none(),
        required=False,
        empty_label="— none —",
    )
    include_in_supervision = forms.BooleanField(
        label="I may include this in a supervision report",
        required=False,
        help_text="Off by default. You still choose per report.",
    )

    def __init__(
        self,
        *args: Any,
        user: Any,
        library: PromptLibrary,
        extra_checkin: CheckIn | None = None,
        extra_warning: DriftWarning | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        groups = {g.id: g.title for g in library.groups}
        choices: list[Any] = [("", "— free writing —")]
        for group_id, title in groups.items():
            choices.append((title, [(p.id, p.text) for p in library.in_group(group_id)]))
        self.fields["prompt_id"].choices = choices  # type: ignore[attr-defined]
        self.fields["client"].queryset = clients_for_user(  # type: ignore[attr-defined]
            user, include_archived=True
        )
        self.fields["checkin"].queryset = _with_extra(  # type: ignore[attr-defined]
            checkins_for_user(user).select_related("client"), extra_checkin
        )
        self.fields["warning"].queryset = _with_extra(  # type: ignore[attr-defined]
            warnings_for_user(user).select_related("client"), extra_warning
        )

    def data_for_service(self) -> EntryData:
        cd = self.cleaned_data
        return EntryData(
            body=cd["body"],
            prompt_id=cd["prompt_id"] or "",
            client=cd["client"],
            checkin=cd["checkin"],
            warning=cd["warning"],
            include_in_supervision=cd["include_in_supervision"],
        )

    @staticmethod
    def initial_for(entry: JournalEntry) -> dict[str, Any]:
        return {
            "prompt_id": entry.prompt_id,
            "body": entry.body,
            "client": entry.client_id,
            "checkin": entry.checkin_id,
            "warning": entry.warning_id,
            "include_in_supervision": entry.include_in_supervision,
        }


def _with_extra(qs: Any, extra: Any) -> Any:
    """The latest LINK_CHOICES rows of ``qs``, plus ``extra`` (already checked as the user's)."""
    ids = list(qs.values_list("pk", flat=True)[:LINK_CHOICES])
    if extra is not None:
        ids.append(extra.pk)
    return qs.filter(pk__in=ids)


class JournalSearchForm(forms.Form):
    q = forms.CharField(label="Search your journal", required=False, max_length=200)
    client = forms.ModelChoiceField(
        queryset=Client.objects.none(), required=False, empty_label="All clients"
    )
    since = forms.DateField(
        validators=[plausible_date],
        label="From",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    until = forms.DateField(
        validators=[plausible_date],
        label="To",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = clients_for_user(  # type: ignore[attr-defined]
            user, include_archived=True
        )
