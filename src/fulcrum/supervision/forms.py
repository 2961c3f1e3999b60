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
from fulcrum.supervision.feedback import ITEM_IDS, ITEMS, SCALE
from fulcrum.supervision.models import SCOPE_KINDS, Share, SupervisionLink
from fulcrum.supervision.report import MAX_PERIOD_DAYS, ReportChoice
from fulcrum.supervision.services import (
    COMMENT_MAX,
    JURISDICTION_MAX,
    QUALIFICATION_MAX,
    REGISTRATION_MAX,
    SHARE_DAYS,
)

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

    policies = forms.BooleanField(
        required=False,
        label="Practice policies and where each chosen client stands with them",
        help_text="The newest version of each policy, by client code; never a client's typed name.",
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
            policies=bool(cd.get("policies")),
        )


# --- supervision as a relationship -------------------------------------------------------


class InviteForm(forms.Form):
    """The supervisee's invitation: what kind of supervision, since when, and what may be shown."""

    kind = forms.ChoiceField(choices=SupervisionLink.Kind.choices, label="Kind of supervision")
    started_on = forms.DateField(
        validators=[plausible_date],
        label="Started on",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    scope = forms.MultipleChoiceField(
        choices=list(SCOPE_KINDS.items()),
        widget=forms.CheckboxSelectMultiple,
        label="What you may share over this link",
        error_messages={"required": "Choose at least one kind of record."},
    )


class AcceptForm(forms.Form):
    """The supervisor's side: the code, and the qualification the supervisee will see."""

    code = forms.CharField(max_length=40, label="Invitation code")
    qualification = forms.CharField(
        max_length=QUALIFICATION_MAX,
        label="Your qualification",
        help_text="For example: registered clinical supervisor, licensed psychologist.",
    )
    registration = forms.CharField(
        max_length=REGISTRATION_MAX, required=False, label="Licence or registration number"
    )
    jurisdiction = forms.CharField(
        max_length=JURISDICTION_MAX, required=False, label="Where it is held"
    )


class ShareForm(forms.Form):
    """Share the report on screen with one supervisor, for a while."""

    link = forms.ModelChoiceField(
        queryset=SupervisionLink.objects.none(), label="Share with", empty_label=None
    )
    days = forms.IntegerField(
        min_value=1, max_value=90, initial=SHARE_DAYS, label="Open for (days)"
    )
    concerns = forms.BooleanField(
        required=False,
        label="Add my open serious concerns for these clients (their signs, in Fulcrum's words)",
    )

    def __init__(self, *args: Any, links: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["link"]
        field.queryset = links  # type: ignore[attr-defined]
        field.label_from_instance = lambda link: (  # type: ignore[attr-defined]
            f"{link.supervisor.username} · {link.get_kind_display()}"
        )


class CommentForm(forms.Form):
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), max_length=COMMENT_MAX, label="Comment"
    )
    section = forms.CharField(max_length=40, required=False, widget=forms.HiddenInput)
    reply_to = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ReviewForm(forms.Form):
    review = forms.ChoiceField(
        choices=[
            (Share.Review.REVIEWED, "Reviewed"),
            (Share.Review.DISCUSS, "Let's discuss next time"),
        ]
    )


class HoursForm(forms.Form):
    held_on = forms.DateField(
        validators=[plausible_date],
        label="Date",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    minutes = forms.IntegerField(min_value=1, max_value=600, label="Length (minutes)")
    kind = forms.ChoiceField(choices=SupervisionLink.Kind.choices, label="Kind")
    topics = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False, label="Topics"
    )


class HoursDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approved", "Approve"), ("returned", "Return"), ("unapproved", "Withdraw")]
    )
    reason = forms.CharField(max_length=1000, required=False)


class FeedbackForm(forms.Form):
    """The four questions about a supervision session, each on the same five-step scale."""

    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        label="Anything else, for you only (your supervisor never sees this)",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for item in ITEMS:
            self.fields[item.id] = forms.TypedChoiceField(
                choices=SCALE,
                coerce=int,
                widget=forms.RadioSelect,
                label=item.question,
            )
        self.order_fields([*ITEM_IDS, "note"])

    def answers(self) -> dict[str, int]:
        return {item_id: self.cleaned_data[item_id] for item_id in ITEM_IDS}
