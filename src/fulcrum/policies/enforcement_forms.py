"""Forms for enforcement records and a session's bodywork consent.

They check shapes and choices; the services own the rules (``EnforcementRefused`` names
the field at fault), and a refused form keeps everything that was typed.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone

from fulcrum.accounts.models import User
from fulcrum.checkins.access import checkins_for_user
from fulcrum.checkins.models import CheckIn
from fulcrum.clients.models import Client
from fulcrum.core.errors import InvalidInput
from fulcrum.core.policies.bodywork import AREA_LABELS
from fulcrum.core.policies.enforcement import OCCASION_POLICY, waiver_rates
from fulcrum.kernel.dates import plausible_date
from fulcrum.policies.access import enforcement_records_for_user, policies_for_user
from fulcrum.policies.enforcement import (
    AMOUNT_MAX,
    NOTE_MAX,
    BodyworkData,
    EnforcementData,
    enforcement_points,
)
from fulcrum.policies.models import EnforcementRecord, Policy, SessionBodywork

AREA_CHOICES = list(AREA_LABELS.items())


class EnforcementForm(forms.Form):
    """One time a policy applied, and what the practitioner did."""

    occasion = forms.ChoiceField(label="What happened", choices=EnforcementRecord.Occasion.choices)
    policy = forms.TypedChoiceField(label="Policy it falls under", coerce=int)
    action = forms.ChoiceField(
        label="What you did", choices=EnforcementRecord.Action.choices, widget=forms.RadioSelect
    )
    occurred_on = forms.DateField(
        label="When it happened",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        validators=[plausible_date],
    )
    checkin = forms.TypedChoiceField(
        label="Session (if any)", coerce=int, required=False, empty_value=None
    )
    amount = forms.DecimalField(
        label="Amount (if any)",
        required=False,
        min_value=Decimal(0),
        max_value=AMOUNT_MAX,
        decimal_places=2,
        max_digits=10,
    )
    note = forms.CharField(
        label="Note (kept encrypted)",
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self,
        *args: Any,
        policies: list[Policy],
        sessions: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.policies = {p.pk: p for p in policies}
        policy = self.fields["policy"]
        assert isinstance(policy, forms.TypedChoiceField)
        policy.choices = [(p.pk, p.get_kind_display()) for p in policies]
        checkin = self.fields["checkin"]
        assert isinstance(checkin, forms.TypedChoiceField)
        checkin.choices = [("", "No session"), *sessions]

    @staticmethod
    def policy_for(occasion: str, policies: list[Policy]) -> Policy | None:
        """The policy an occasion usually falls under, among those published."""
        kind = OCCASION_POLICY.get(occasion)
        return next((p for p in policies if p.kind == kind), policies[0] if policies else None)

    def data_for(self, checkins: dict[int, CheckIn]) -> EnforcementData:
        cd = self.cleaned_data
        return EnforcementData(
            policy=self.policies[cd["policy"]],
            occasion=cd["occasion"],
            action=cd["action"],
            occurred_on=cd["occurred_on"],
            amount=cd.get("amount"),
            note=cd.get("note", ""),
            checkin=checkins.get(cd["checkin"]) if cd.get("checkin") else None,
        )


def _areas(label: str, help_text: str = "") -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        choices=AREA_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
    )


class BodyworkForm(forms.Form):
    """What the client agreed to for one session, and what was worked."""

    areas_to_work = _areas("Areas the client asked to have worked")
    areas_to_avoid = _areas("Areas the client asked you to avoid")
    areas_note = forms.CharField(
        label="Anything more about areas, in the client's words (kept encrypted)",
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    pressure = forms.ChoiceField(
        label="Pressure agreed",
        choices=[("", "Not discussed"), *SessionBodywork.Pressure.choices],
        required=False,
    )
    positioning_agreed = forms.BooleanField(label="Positioning was agreed", required=False)
    draping_agreed = forms.BooleanField(label="Draping was agreed", required=False)
    agreement_note = forms.CharField(
        label="How it was agreed (kept encrypted)",
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    withdrew = forms.BooleanField(
        label="The client withdrew or changed their consent during the session", required=False
    )
    withdrawal_note = forms.CharField(
        label="What they said and what you did (kept encrypted)",
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    areas_worked = _areas(
        "Areas you worked", "Afterwards: the areas the session actually included."
    )

    @staticmethod
    def initial_from(row: SessionBodywork | None) -> dict[str, Any]:
        if row is None:
            return {}
        return {
            name: getattr(row, name)
            for name in (
                "areas_to_work",
                "areas_to_avoid",
                "areas_note",
                "pressure",
                "positioning_agreed",
                "draping_agreed",
                "agreement_note",
                "withdrew",
                "withdrawal_note",
                "areas_worked",
            )
        }

    def bodywork_data(self) -> BodyworkData:
        cd = self.cleaned_data
        return BodyworkData(
            areas_to_work=frozenset(cd.get("areas_to_work") or ()),
            areas_to_avoid=frozenset(cd.get("areas_to_avoid") or ()),
            areas_worked=frozenset(cd.get("areas_worked") or ()),
            areas_note=cd.get("areas_note", ""),
            pressure=cd.get("pressure", ""),
            positioning_agreed=bool(cd.get("positioning_agreed")),
            draping_agreed=bool(cd.get("draping_agreed")),
            agreement_note=cd.get("agreement_note", ""),
            withdrew=bool(cd.get("withdrew")),
            withdrawal_note=cd.get("withdrawal_note", ""),
        )


SHOWN_SESSIONS = 12


def enforceable_policies(user: User) -> list[Policy]:
    """The user's policies that have a published version."""
    return list(
        policies_for_user(user)
        .filter(versions__published_at__isnull=False)
        .distinct()
        .order_by("kind")
    )


def _sessions(
    user: User,
    client: Client,
    also: CheckIn | None = None,
    recent: Sequence[CheckIn] | None = None,
) -> list[CheckIn]:
    """The sessions the form offers: the client's latest, newest first.

    ``recent`` may pass in the client's check-ins a page has already read, newest first
    (at least ``SHOWN_SESSIONS`` of them when there are that many).
    """
    if recent is not None:
        if any(c.client_id != client.pk for c in recent):
            raise InvalidInput("Those sessions are not all this client's.")
        recent = list(recent[:SHOWN_SESSIONS])
    else:
        recent = list(
            checkins_for_user(user)
            .filter(client=client)
            .order_by("-session_at", "-pk")[:SHOWN_SESSIONS]
        )
    if also is not None and all(c.pk != also.pk for c in recent):
        recent.append(also)
    return recent


def enforcement_form(
    user: User,
    client: Client,
    *,
    data: Any = None,
    session: CheckIn | None = None,
    occasion: str = "",
    recent: Sequence[CheckIn] | None = None,
    policies: list[Policy] | None = None,
) -> tuple[EnforcementForm, dict[int, CheckIn]]:
    """The record form for one client (prefilled with a session, if given); ``policies``
    may pass in ``enforceable_policies(user)`` when the page has read them."""
    policies = enforceable_policies(user) if policies is None else policies
    sessions = _sessions(user, client, session, recent)
    choices = [(c.pk, f"{timezone.localtime(c.session_at):%d %b %Y %H:%M}") for c in sessions]
    initial: dict[str, Any] = {"occurred_on": timezone.localdate()}
    if occasion in EnforcementRecord.Occasion.values:
        initial["occasion"] = occasion
    default = EnforcementForm.policy_for(initial.get("occasion", "late_cancellation"), policies)
    if default is not None:
        initial["policy"] = default.pk
    if session is not None:
        initial["checkin"] = session.pk
        initial["occurred_on"] = timezone.localtime(session.session_at).date()
    form = EnforcementForm(data, initial=initial, policies=policies, sessions=choices)
    return form, {c.pk: c for c in sessions}


def enforcement_section(
    user: User,
    client: Client,
    limit: int | None = None,
    recent: Sequence[CheckIn] | None = None,
    policies: list[Policy] | None = None,
) -> dict[str, Any]:
    """The client's records (newest first), waiver rates per policy, and a blank form.

    ``recent``: the client's latest check-ins, newest first, if the page has read them;
    ``policies``: ``enforceable_policies(user)``, likewise. A record names a published
    version, so without a published policy there is none to read.
    """
    policies = enforceable_policies(user) if policies is None else policies
    records = (
        list(
            enforcement_records_for_user(user)
            .filter(client=client)
            .select_related("version__policy", "agreed_version", "checkin")
            .order_by("occurred_on", "recorded_at", "pk")
        )
        if policies
        else []
    )
    form, _ = enforcement_form(user, client, recent=recent, policies=policies)
    newest = list(reversed(records))
    return {
        "records": newest[:limit] if limit else newest,
        "count": len(records),
        "rates": waiver_rates(enforcement_points(records)),
        "form": form,
        "can_record": bool(form.policies),
    }
