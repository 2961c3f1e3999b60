"""The report builder: which clients, which period, which reflections and notes."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms

from fulcrum.clients.access import clients_for_user
from fulcrum.clients.models import Client
from fulcrum.core.report import NOTE_KINDS
from fulcrum.kernel.dates import plausible_date
from fulcrum.reflection.access import journal_entries_for_user
from fulcrum.reflection.models import JournalEntry
from fulcrum.supervision.report import MAX_PERIOD_DAYS, ReportChoice

DEFAULT_PERIOD_DAYS = 90


class _EntryChoice(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        about = f" · {obj.client.code}" if obj.client_id else ""
        excerpt = " ".join(obj.body.split()[:14])
        return f"{obj.written_at:%d %b %Y}{about} — {excerpt}…"


class ReportForm(forms.Form):
    """Bound from the query string, so a report is a link that can be printed again."""

    clients: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(  # type: ignore[type-arg]
        queryset=Client.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Clients",
        error_messages={"required": "Choose at least one client."},
    )
    since = forms.DateField(
        validators=[plausible_date],
        label="From",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    until = forms.DateField(
        validators=[plausible_date],
        label="To",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    entries = _EntryChoice(
        queryset=JournalEntry.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Reflections to include",
        help_text="Only entries you marked “I may include this in a supervision report”.",
    )
    notes = forms.MultipleChoiceField(
        choices=list(NOTE_KINDS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Free-text notes to include",
        help_text="Left out unless ticked. Aliases in anything included are replaced by codes.",
    )

    def __init__(self, *args: Any, user: Any, today: date, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial", {"since": today - timedelta(days=DEFAULT_PERIOD_DAYS), "until": today}
        )
        super().__init__(*args, **kwargs)
        self.fields["clients"].queryset = clients_for_user(  # type: ignore[attr-defined]
            user, include_archived=True
        ).order_by("code")
        self.fields["entries"].queryset = (  # type: ignore[attr-defined]
            journal_entries_for_user(user)
            .filter(include_in_supervision=True)
            .select_related("client")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until:
            if until < since:
                self.add_error("until", "The period ends before it starts.")
            elif (until - since).days > MAX_PERIOD_DAYS:
                self.add_error("until", "A report covers at most two years.")
        return data

    def choice(self) -> ReportChoice:
        cd = self.cleaned_data
        return ReportChoice(
            clients=tuple(cd["clients"]),
            since=cd["since"],
            until=cd["until"],
            entry_ids=frozenset(e.pk for e in cd["entries"]),
            notes=frozenset(cd["notes"]),
        )
