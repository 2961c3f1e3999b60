"""The one-minute session check-in form. It parses and checks shapes; the service scores."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django import forms
from django.forms.boundfield import BoundWidget
from django.utils import timezone

from fulcrum.checkins.models import CheckIn
from fulcrum.checkins.services import (
    CONCERN_TEXT_MAX,
    MAX_CHOICES,
    NOTE_MAX,
    SHORT_TEXT_MAX,
    CheckInData,
    CheckInRefused,
    ConcernClosing,
    checkins_at_same_time,
    normalise,
)
from fulcrum.clients.models import Client
from fulcrum.core.catalogue import Catalogue, Indicator
from fulcrum.core.checkin import DERIVED_INDICATORS
from fulcrum.kernel.dates import plausible_date

DATETIME_INPUT = "%Y-%m-%dT%H:%M"

# Groups in the order a practitioner thinks through a session; any group the
# catalogue adds later follows in catalogue order.
GROUP_ORDER = (
    "choice & consent",
    "presence",
    "boundaries",
    "time & policy",
    "disclosure",
    "touch & draping",
)
BODYWORK_GROUPS = frozenset({"touch & draping"})
# Modalities whose sessions involve touch; for the others the touch groups fold away.
TOUCH_MODALITIES = frozenset({"bodywork"})
SERIOUS = "serious concerns"

YES_NO = (("no", "No"), ("yes", "Yes"))


@dataclass(frozen=True)
class IndicatorChoice:
    indicator: Indicator
    widget: BoundWidget


@dataclass(frozen=True)
class IndicatorGroup:
    """One group of signs. ``fits``: it belongs to the client's kind of work; ``ticked``:
    how many of its signs are ticked now, so a group with a tick is shown open."""

    name: str
    choices: tuple[IndicatorChoice, ...]
    serious: bool = False
    fits: bool = True
    ticked: int = 0

    @property
    def slug(self) -> str:
        return "".join(c if c.isalnum() else "-" for c in self.name).strip("-")


def form_indicators(catalogue: Catalogue) -> tuple[Indicator, ...]:
    """Indicators offered as checkboxes: those the structured questions do not already ask."""
    return tuple(i for i in catalogue.indicators if i.id not in DERIVED_INDICATORS)


class CheckInForm(forms.Form):
    """What happened in one session, in about a minute.

    The structured questions (choices, disclosure, timing, signals) produce their own
    indicators in the core, so the checkboxes only list the remaining ones.
    """

    session_at = forms.DateTimeField(
        validators=[plausible_date],
        label="When was the session?",
        input_formats=[DATETIME_INPUT, "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local", "autofocus": True}, format=DATETIME_INPUT
        ),
        error_messages={"invalid": "Enter the date and time of the session."},
    )
    choices_offered = forms.ChoiceField(
        label="Did you offer the client choices?",
        choices=CheckIn.Choices.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Did you offer choices? Answer yes, no or not applicable."},
    )
    choices_count = forms.IntegerField(
        label="How many?",
        required=False,
        min_value=0,
        max_value=MAX_CHOICES,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "max": MAX_CHOICES}),
        error_messages={"min_value": "The number of choices cannot be below 0."},
    )
    disclosure = forms.ChoiceField(
        label="Did you share something about yourself?",
        choices=YES_NO,
        initial="no",
        widget=forms.RadioSelect,
    )
    disclosure_served = forms.ChoiceField(
        label="Whose need did it serve?",
        choices=CheckIn.Served.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    disclosure_followed = forms.ChoiceField(
        label="What followed?",
        choices=CheckIn.Followed.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    disclosure_note = forms.CharField(
        label="What did you share?",
        required=False,
        max_length=SHORT_TEXT_MAX,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    started_late = forms.BooleanField(label="Started late", required=False)
    ended_late = forms.BooleanField(label="Ran past the agreed end", required=False)
    client_signals_noticed = forms.BooleanField(
        label="I noticed and responded to the client's signals", required=False
    )
    client_signals = forms.CharField(
        label="What did you notice?",
        required=False,
        max_length=SHORT_TEXT_MAX,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    indicators = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Fulcrum does not know the sign %(value)s."},
    )
    practitioner_state = forms.MultipleChoiceField(
        label="How were you?",
        choices=CheckIn.State.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    same_time_ok = forms.BooleanField(
        label="Yes, save it as a second check-in at this time",
        required=False,
    )
    note = forms.CharField(
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Private. Anything you want to remember or take to supervision.",
    )

    def __init__(
        self, *args: Any, catalogue: Catalogue, now: datetime, modality: str = "", **kwargs: Any
    ) -> None:
        kwargs.setdefault("initial", {}).setdefault(
            "session_at", timezone.localtime(now).replace(second=0, microsecond=0)
        )
        super().__init__(*args, **kwargs)
        self.catalogue = catalogue
        self.now = now
        self.modality = modality
        # Check-ins already saved at the session's time, once ``warn_same_time`` has run.
        self.same_time: list[CheckIn] = []
        field = self.fields["indicators"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(i.id, i.label) for i in form_indicators(catalogue)]

    def clean(self) -> dict[str, Any]:
        """Shapes are the fields' business; the check-in's own rules are the service's
        (``checkins.services.normalise``), so the page refuses exactly what the API does."""
        data = super().clean() or {}
        if not self.errors:
            try:
                normalise(self.checkin_data(), now=self.now)
            except CheckInRefused as exc:
                self.add_error(exc.field if exc.field in self.fields else None, str(exc))
        return data

    def warn_same_time(self, client: Client, *, exclude: CheckIn | None = None) -> bool:
        """Hold the save when the client already has check-ins at the session's time,
        unless the practitioner has said this is a second one. True when the save should
        wait. Only a valid form is asked; a ticked box skips the lookup altogether."""
        if self.cleaned_data.get("same_time_ok"):
            return False
        existing = checkins_at_same_time(client, self.cleaned_data["session_at"], exclude=exclude)
        if not existing:
            return False
        self.same_time = existing
        when = timezone.localtime(existing[0].session_at)
        self.add_error(
            "session_at",
            f"A check-in for this client is already saved at {when:%H:%M} on "
            f"{when:%a} {when.day} {when:%b %Y}. If this was a second session at the same "
            "time, tick the box below and save again; if not, change the time or leave "
            "this one.",
        )
        return True

    def checkin_data(self) -> CheckInData:
        """The answers as the service takes them; call only after ``is_valid()``."""
        d = self.cleaned_data
        return CheckInData(
            session_at=d["session_at"],
            indicators=frozenset(d["indicators"]),
            choices_offered=d["choices_offered"],
            choices_count=d["choices_count"],
            disclosure=d["disclosure"] == "yes",
            disclosure_served=d["disclosure_served"],
            disclosure_note=d["disclosure_note"],
            disclosure_followed=d["disclosure_followed"],
            started_on_time=not d["started_late"],
            ended_on_time=not d["ended_late"],
            client_signals_noticed=d["client_signals_noticed"],
            client_signals=d["client_signals"],
            practitioner_state=frozenset(d["practitioner_state"]),
            note=d["note"],
        )

    @staticmethod
    def initial_for(checkin: CheckIn) -> dict[str, Any]:
        """The form's initial values for an existing check-in (to change it)."""
        return {
            "session_at": timezone.localtime(checkin.session_at),
            "choices_offered": checkin.choices_offered,
            "choices_count": checkin.choices_count,
            "disclosure": "yes" if checkin.disclosure else "no",
            "disclosure_served": checkin.disclosure_served,
            "disclosure_note": checkin.disclosure_note,
            "disclosure_followed": checkin.disclosure_followed,
            "started_late": not checkin.started_on_time,
            "ended_late": not checkin.ended_on_time,
            "client_signals_noticed": checkin.client_signals_noticed,
            "client_signals": checkin.client_signals,
            "indicators": list(checkin.indicators),
            "practitioner_state": list(checkin.practitioner_state),
            "note": checkin.note,
        }

    def ticked_indicators(self) -> frozenset[str]:
        """The signs ticked as the form stands: as posted, or as it was filled in."""
        if self.is_bound:
            getlist = getattr(self.data, "getlist", None)
            posted = getlist("indicators") if getlist else self.data.get("indicators", [])
            return frozenset(str(v) for v in posted)
        return frozenset(str(v) for v in self.initial.get("indicators", []) or [])

    def indicator_groups(self) -> list[IndicatorGroup]:
        """Checkboxes by catalogue group; grievance-level signs together, last and apart.

        Groups that fit the client's kind of work come first; the others (touch and
        draping outside bodywork) follow with ``fits`` false, for the page to fold away.
        """
        widgets = {str(w.data["value"]): w for w in self["indicators"]}
        ticked = self.ticked_indicators()
        by_group: dict[str, list[IndicatorChoice]] = {}
        serious: list[IndicatorChoice] = []
        for indicator in form_indicators(self.catalogue):
            choice = IndicatorChoice(indicator, widgets[indicator.id])
            if indicator.level == "grievance":
                serious.append(choice)
            else:
                by_group.setdefault(indicator.group, []).append(choice)
        groups = [
            IndicatorGroup(
                name,
                tuple(by_group[name]),
                fits=self._fits(name),
                ticked=sum(c.indicator.id in ticked for c in by_group[name]),
            )
            for name in _group_order(by_group, self)
        ]
        if serious:
            groups.append(
                IndicatorGroup(
                    SERIOUS,
                    tuple(serious),
                    serious=True,
                    ticked=sum(c.indicator.id in ticked for c in serious),
                )
            )
        return groups

    def _fits(self, group: str) -> bool:
        return group not in BODYWORK_GROUPS or self.modality in TOUCH_MODALITIES

    def fitting_groups(self) -> list[IndicatorGroup]:
        return [g for g in self.indicator_groups() if g.fits and not g.serious]

    def other_groups(self) -> list[IndicatorGroup]:
        return [g for g in self.indicator_groups() if not g.fits and not g.serious]

    def other_groups_ticked(self) -> bool:
        return any(g.ticked for g in self.other_groups())

    def serious_group(self) -> IndicatorGroup | None:
        return next((g for g in self.indicator_groups() if g.serious), None)

    def disclosure_open(self) -> bool:
        """Show the follow-up questions about a disclosure: one was made, or they hold
        an answer or an error."""
        names = ("disclosure_served", "disclosure_followed", "disclosure_note")
        if any(self[n].errors for n in names):
            return True
        value = self["disclosure"].value()
        return value == "yes" or any(self[n].value() for n in names)


def _group_order(by_group: dict[str, list[IndicatorChoice]], form: CheckInForm) -> list[str]:
    known = [g for g in GROUP_ORDER if g in by_group]
    extra = [g for g in by_group if g not in GROUP_ORDER]
    order = known + extra
    # What fits the client's kind of work first; touch and draping last outside it.
    return [g for g in order if form._fits(g)] + [g for g in order if not form._fits(g)]


class CloseConcernForm(forms.Form):
    """What the practitioner did about a serious concern; it only parses."""

    what_i_did = forms.CharField(
        label="What I did",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=CONCERN_TEXT_MAX,
        help_text="For example: paused the work, spoke with the client, wrote an incident entry.",
    )
    who_i_consulted = forms.CharField(
        label="Who I consulted",
        required=False,
        max_length=CONCERN_TEXT_MAX,
        help_text="By role: my supervisor, a colleague, my insurer, my professional body.",
    )

    def closing(self) -> ConcernClosing:
        return ConcernClosing(
            what_i_did=self.cleaned_data["what_i_did"],
            who_i_consulted=self.cleaned_data["who_i_consulted"],
        )
