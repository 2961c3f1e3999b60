"""Recording what was done each time a policy applied, and bodywork consent per session.

Each record is tied to the version in force on the day and to the version the client
then stood agreed to, and is appended to the ledger in the same transaction. After each
change the client's policy warnings are worked out again (``core.policies.enforcement``
and ``core.policies.bodywork``) and stored beside the drift detector's, through
``checkins.services.replace_warnings``, so they show wherever drift warnings show.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation

from django.db import transaction

from fulcrum.checkins.models import CheckIn
from fulcrum.checkins.services import DriftRefresh, replace_warnings
from fulcrum.clients.models import Client
from fulcrum.core.drift import DriftWarning as CoreDriftWarning
from fulcrum.core.errors import InvalidInput
from fulcrum.core.fieldrules import nul_problem
from fulcrum.core.history import values_digest
from fulcrum.core.policies.bodywork import (
    AREAS,
    RULE_DECLINED_AREA,
    SessionAgreement,
    detect_declined_area_work,
)
from fulcrum.core.policies.enforcement import (
    RULE_UNAGREED,
    RULE_WAIVERS,
    EnforcementPoint,
    PolicySignal,
    WaiverRate,
    detect_policy_signals,
    waiver_rates,
)
from fulcrum.ledger.services import append_entry
from fulcrum.policies.models import (
    ConsentEvent,
    EnforcementRecord,
    Policy,
    PolicyVersion,
    SessionBodywork,
)
from fulcrum.policies.services import current_version

ENFORCEMENT_KIND = "policy.enforcement"
NOTE_MAX = 2_000
AMOUNT_MAX = Decimal("99999999.99")
# An occasion can be logged a day ahead (time zones) but not further.
MAX_AHEAD = timedelta(days=1)
POLICY_RULES = frozenset({RULE_WAIVERS, RULE_UNAGREED, RULE_DECLINED_AREA})


class EnforcementRefused(InvalidInput):
    """A record breaks one of its rules; ``field`` names the answer at fault."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        self.field = field
        super().__init__(message)


@dataclass(frozen=True)
class EnforcementData:
    """What the practitioner says about one time a policy applied."""

    policy: Policy
    occasion: str
    action: str
    occurred_on: date
    amount: Decimal | None = None
    note: str = ""
    checkin: CheckIn | None = None


def _clean_note(text: str, *, field: str, limit: int = NOTE_MAX) -> str:
    text = text.strip()
    problem = nul_problem(text)
    if problem:
        raise EnforcementRefused(problem, field=field)
    if len(text) > limit:
        raise EnforcementRefused(f"Keep this under {limit} characters.", field=field)
    return text


def _clean_amount(amount: Decimal | None) -> Decimal | None:
    if amount is None:
        return None
    try:
        amount = Decimal(amount)
        if not amount.is_finite() or amount < 0 or amount > AMOUNT_MAX:
            raise InvalidOperation
        if amount != amount.quantize(Decimal("0.01")):
            raise EnforcementRefused("Give the amount to the cent at most.", field="amount")
    except InvalidOperation:
        raise EnforcementRefused(
            "The amount is a sum of money from 0 up, or nothing.", field="amount"
        ) from None
    return amount.quantize(Decimal("0.01"))


def _chain(version: PolicyVersion) -> list[int]:
    """The versions whose agreement covers ``version``: itself and, back through every
    editorial change, the versions it only re-worded."""
    published = {
        v.number: v
        for v in PolicyVersion.objects.filter(
            policy_id=version.policy_id, published_at__isnull=False
        )
    }
    covered: list[int] = []
    number = version.number
    while number is not None and number in published:
        current = published[number]
        covered.append(current.pk)
        if current.change != PolicyVersion.Change.EDITORIAL:
            break
        number -= 1
    return covered


def agreed_version_for(
    client: Client, version: PolicyVersion, *, by: datetime
) -> PolicyVersion | None:
    """The version the client stood agreed to ``by`` a moment that covers ``version``.

    The client's newest consent event on the policy decides (as everywhere): an
    agreement to this version, or to one it changed only editorially, counts; a decline,
    a question or a withdrawal since does not.
    """
    newest = (
        ConsentEvent.objects.filter(
            client=client, version__policy_id=version.policy_id, recorded_at__lte=by
        )
        .select_related("version")
        .order_by("-recorded_at", "-pk")
        .first()
    )
    if newest is None or newest.event != ConsentEvent.Event.ACCEPTED:
        return None
    return newest.version if newest.version_id in _chain(version) else None


@transaction.atomic(durable=True)
def record_enforcement(
    client: Client, data: EnforcementData, *, now: datetime
) -> EnforcementRecord:
    """Append what was done one time a policy applied, and refresh the client's warnings."""
    policy = data.policy
    if policy.owner_id != client.owner_id:
        raise EnforcementRefused("That policy is not this client's practitioner's.", field="policy")
    if data.occasion not in EnforcementRecord.Occasion.values:
        raise EnforcementRefused("Please choose what happened.", field="occasion")
    if data.action not in EnforcementRecord.Action.values:
        raise EnforcementRefused("Please choose what you did.", field="action")
    if data.checkin is not None and data.checkin.client_id != client.pk:
        raise EnforcementRefused("That session is not this client's.", field="checkin")
    if data.occurred_on > (now + MAX_AHEAD).date():
        raise EnforcementRefused(
            "That day has not come yet; record what has happened.", field="occurred_on"
        )
    amount = _clean_amount(data.amount)
    note = _clean_note(data.note, field="note")
    version = current_version(policy, on=data.occurred_on)
    if version is None:
        raise EnforcementRefused(
            "No version of this policy was in force on that day; publish it, or check the date.",
            field="occurred_on",
        )
    # What counts is what the client had agreed to by the end of that day.
    by = min(now, datetime.combine(data.occurred_on + timedelta(days=1), time(), tzinfo=UTC))
    agreed = agreed_version_for(client, version, by=by)
    entry = append_entry(
        client.owner,
        kind=ENFORCEMENT_KIND,
        payload={
            "client": client.pk,
            "policy": policy.kind,
            "version": version.number,
            "sha256": version.sha256,
            "agreed_version": agreed.number if agreed else None,
            "occasion": data.occasion,
            "action": data.action,
            "occurred_on": data.occurred_on.isoformat(),
            "amount": str(amount) if amount is not None else None,
            "session": data.checkin.pk if data.checkin else None,
            "note_digest": values_digest({"note": note}) if note else None,
        },
        now=now,
    )
    record = EnforcementRecord.objects.create(
        client=client,
        version=version,
        agreed_version=agreed,
        occasion=data.occasion,
        action=data.action,
        occurred_on=data.occurred_on,
        amount=amount,
        note=note,
        checkin=data.checkin,
        entry=entry,
        recorded_at=now,
    )
    refresh_policy_warnings(client, now=now)
    return record


def _at(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)


def enforcement_points(records: Iterable[EnforcementRecord]) -> list[EnforcementPoint]:
    """Records (oldest first) as the core's rule reads them."""
    return [
        EnforcementPoint(
            event_id=str(r.pk),
            at=_at(r.occurred_on),
            policy_kind=r.version.policy.kind,
            version_number=r.version.number or 0,
            occasion=r.occasion,
            action=r.action,
            agreed=r.agreed_version_id is not None,
            session_id=str(r.checkin_id) if r.checkin_id else None,
        )
        for r in records
    ]


def records_of(client: Client) -> list[EnforcementRecord]:
    """The client's enforcement records, oldest first."""
    return list(
        EnforcementRecord.objects.filter(client=client)
        .select_related("version__policy", "agreed_version", "checkin")
        .order_by("occurred_on", "recorded_at", "pk")
    )


def client_waiver_rates(client: Client) -> tuple[WaiverRate, ...]:
    """The waiver rate of each policy for one client."""
    return waiver_rates(enforcement_points(records_of(client)))


def _as_warning(signal: PolicySignal) -> CoreDriftWarning:
    return CoreDriftWarning(
        direction=signal.direction,
        rule=signal.rule,
        title=signal.title,
        explanation=signal.explanation,
        question=signal.question,
        indicator_ids=signal.indicator_ids,
        session_ids=signal.session_ids,
        first_at=signal.first_at,
        detected_at=signal.detected_at,
    )


def _key(signal: PolicySignal) -> str:
    # One episode per rule and policy: it keeps its acknowledgement while it holds, and a
    # later episode (a new first record) comes back unacknowledged.
    first = signal.event_ids[0] if signal.event_ids else signal.first_at.isoformat()
    return f"{signal.direction}:{signal.rule}:{signal.policy_kind}:{first}"


@transaction.atomic(savepoint=False)
def refresh_policy_warnings(client: Client, *, now: datetime) -> DriftRefresh:
    """Store the warnings the client's enforcement records and bodywork consent hold now."""
    signals = list(detect_policy_signals(enforcement_points(records_of(client)), now=now))
    agreements = [
        SessionAgreement(
            session_id=str(b.checkin_id),
            at=b.checkin.session_at,
            avoid=frozenset(b.areas_to_avoid),
            worked=frozenset(b.areas_worked),
        )
        for b in SessionBodywork.objects.filter(checkin__client=client).select_related("checkin")
    ]
    declined = detect_declined_area_work(agreements, now=now)
    if declined is not None:
        signals.append(declined)
    return replace_warnings(client, {_key(s): _as_warning(s) for s in signals}, rules=POLICY_RULES)


# --- bodywork consent in the moment ------------------------------------------------------


@dataclass(frozen=True)
class BodyworkData:
    """What was agreed for one session's bodywork, and what was worked."""

    areas_to_work: frozenset[str] = frozenset()
    areas_to_avoid: frozenset[str] = frozenset()
    areas_worked: frozenset[str] = frozenset()
    areas_note: str = ""
    pressure: str = ""
    positioning_agreed: bool = False
    draping_agreed: bool = False
    agreement_note: str = ""
    withdrew: bool = False
    withdrawal_note: str = ""


def _areas(values: Iterable[str], *, field: str) -> list[str]:
    chosen = set(values)
    unknown = chosen - set(AREAS)
    if unknown:
        raise EnforcementRefused(f"There is no area called {sorted(unknown)[0]!r}.", field=field)
    return [a for a in AREAS if a in chosen]


@transaction.atomic(durable=True)
def record_bodywork(checkin: CheckIn, data: BodyworkData, *, now: datetime) -> SessionBodywork:
    """Save (or replace) a session's bodywork consent and refresh the client's warnings.

    An area cannot be both asked for and declined; a withdrawal during the session
    needs no words, but its note is kept only with a withdrawal.
    """
    to_work = _areas(data.areas_to_work, field="areas_to_work")
    to_avoid = _areas(data.areas_to_avoid, field="areas_to_avoid")
    worked = _areas(data.areas_worked, field="areas_worked")
    both = set(to_work) & set(to_avoid)
    if both:
        raise EnforcementRefused(
            "An area cannot be both one to work and one to avoid; choose one for "
            + ", ".join(sorted(both))
            + ".",
            field="areas_to_avoid",
        )
    if data.pressure and data.pressure not in SessionBodywork.Pressure.values:
        raise EnforcementRefused("Please choose the pressure from the list.", field="pressure")
    values = {
        "areas_to_work": to_work,
        "areas_to_avoid": to_avoid,
        "areas_worked": worked,
        "areas_note": _clean_note(data.areas_note, field="areas_note"),
        "pressure": data.pressure,
        "positioning_agreed": data.positioning_agreed,
        "draping_agreed": data.draping_agreed,
        "agreement_note": _clean_note(data.agreement_note, field="agreement_note"),
        "withdrew": data.withdrew,
        "withdrawal_note": (
            _clean_note(data.withdrawal_note, field="withdrawal_note") if data.withdrew else ""
        ),
        "updated_at": now,
    }
    row, _ = SessionBodywork.objects.update_or_create(
        checkin=checkin, defaults=values, create_defaults={**values, "recorded_at": now}
    )
    refresh_policy_warnings(checkin.client, now=now)
    return row


@dataclass(frozen=True)
class ClientWaivers:
    """One client's waiver rate for one policy, for the policies page."""

    client: Client
    rate: WaiverRate


@dataclass(frozen=True)
class PracticeWaivers:
    """Waiver rates across a practice: per policy, and per client and policy."""

    per_policy: tuple[WaiverRate, ...]
    per_client: tuple[ClientWaivers, ...]


def practice_waivers(records: Iterable[EnforcementRecord]) -> PracticeWaivers:
    """The waiver rates of ``records`` (one practitioner's), per policy and per client."""
    rows = list(records)
    by_client: dict[int, list[EnforcementRecord]] = {}
    clients: dict[int, Client] = {}
    for r in rows:
        by_client.setdefault(r.client_id, []).append(r)
        clients[r.client_id] = r.client
    per_client = [
        ClientWaivers(clients[cid], rate)
        for cid in sorted(by_client, key=lambda c: clients[c].code)
        for rate in waiver_rates(enforcement_points(by_client[cid]))
    ]
    return PracticeWaivers(
        per_policy=waiver_rates(enforcement_points(rows)), per_client=tuple(per_client)
    )
