"""Practice policies and consent through the API, with the pages' rules.

Policies and versions are reached through ``policies.access`` (404 for anything not the
caller's); publishing, verbal consent and consent links go through the same services
the pages call (``policies.services.publish``, ``policies.consent.record_consent``,
``policies.links.create_consent_link``), and so do enforcement records and a session's
bodywork consent (``policies.enforcement``). A consent link's address is answered once, as
the page shows it once; only its hash is kept.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from fulcrum.accounts.access import Viewer
from fulcrum.api.auth import user_of
from fulcrum.api.schemas import ErrorOut, limited
from fulcrum.checkins.access import get_checkin_for_user
from fulcrum.clients.access import get_client_for_user
from fulcrum.core.errors import InvalidInput
from fulcrum.core.policies.bodywork import AREAS
from fulcrum.core.policies.enforcement import waiver_rates
from fulcrum.kernel.links import public_url
from fulcrum.policies import enforcement, links, services
from fulcrum.policies.access import (
    bodywork_for_user,
    enforcement_records_for_user,
    get_policy_for_user,
    get_version_for_user,
    policies_for_user,
    published_versions_for_user,
)
from fulcrum.policies.consent import GAP_STATES, consent_gaps, record_consent
from fulcrum.policies.models import (
    ConsentEvent,
    EnforcementRecord,
    PolicyVersion,
    SessionBodywork,
)

router = Router(tags=["policies"])
REFUSED = {400: ErrorOut, 404: ErrorOut}


def _now() -> datetime:
    return timezone.now()


class VersionOut(Schema):
    id: int
    number: int | None = Field(description="Null for the open draft.")
    title: str
    sha256: str = Field(description="SHA-256 of the canonical words; '' for a draft.")
    change: str = Field(description="first, material or editorial; '' for a draft.")
    change_summary: str
    effective_on: date | None
    published_at: datetime | None


class VersionTextOut(VersionOut):
    text: str


class PolicyOut(Schema):
    id: int
    kind: str
    label: str
    versions: list[VersionOut] = Field(description="Published versions, newest first.")
    draft: VersionOut | None = Field(description="The open draft, if there is one.")


class PublishIn(Schema):
    change: Literal["material", "editorial", ""] = Field(
        "", description="Needed after the first version: material asks clients again."
    )
    summary: limited(services.SUMMARY_MAX) = Field(  # type: ignore[valid-type]
        "", description="What changed, in a sentence (needed after the first version)."
    )
    effective_on: date


class LatestOut(Schema):
    event: str = Field(description="accepted, declined, question or withdrawn.")
    channel: str = Field(description="link or verbal.")
    version_id: int
    version_number: int | None
    version_sha256: str
    statement: str
    question: str
    checkin_id: int | None
    recorded_at: datetime


class ConsentStateOut(Schema):
    policy_id: int
    kind: str
    newest_version_id: int
    newest_version_number: int | None
    latest: LatestOut | None = Field(description="The client's newest event on this policy.")
    gap: str | None = Field(
        description="Null when the client agreed to the current words; else one of "
        + ", ".join(GAP_STATES)
        + "."
    )
    due_on: date | None = Field(description="When a re-consent is asked by, if it is.")


class VerbalIn(Schema):
    policy_version_id: int
    checkin_id: int = Field(description="The session of this client the consent was given in.")
    event: Literal["accepted", "declined", "question", "withdrawn"]


class ConsentEventOut(LatestOut):
    id: int
    client_id: int


class ConsentLinkIn(Schema):
    policy_version_ids: list[int] = Field(
        min_length=1, max_length=50, description="Published versions of your policies."
    )


class ConsentLinkOut(Schema):
    id: int
    client_id: int
    policy_version_ids: list[int]
    created_at: datetime
    expires_at: datetime
    url: str = Field(description="The client's private link. Shown once; only its hash is kept.")


def _version_out(version: PolicyVersion) -> VersionOut:
    return VersionOut(
        id=version.pk,
        number=version.number,
        title=version.title,
        sha256=version.sha256,
        change=version.change,
        change_summary=version.change_summary,
        effective_on=version.effective_on,
        published_at=version.published_at,
    )


def _latest_fields(event: ConsentEvent) -> dict[str, object]:
    return {
        "event": event.event,
        "channel": event.channel,
        "version_id": event.version_id,
        "version_number": event.version.number,
        "version_sha256": event.version_sha256,
        "statement": event.statement,
        "question": event.question,
        "checkin_id": event.checkin_id,
        "recorded_at": event.recorded_at,
    }


@router.get("/policies", response=list[PolicyOut])
def list_policies(request: HttpRequest) -> list[PolicyOut]:
    """Your policies, each with its published versions (newest first) and any draft."""
    rows = []
    for policy in policies_for_user(user_of(request)).prefetch_related("versions"):
        versions = sorted(policy.versions.all(), key=lambda v: -(v.number or 0))
        published = [v for v in versions if v.published_at is not None]
        draft = next((v for v in versions if v.published_at is None), None)
        rows.append(
            PolicyOut(
                id=policy.pk,
                kind=policy.kind,
                label=policy.get_kind_display(),
                versions=[_version_out(v) for v in published],
                draft=_version_out(draft) if draft else None,
            )
        )
    return rows


@router.get(
    "/policies/{policy_id}/versions/{policy_version_id}",
    response={200: VersionTextOut, 404: ErrorOut},
)
def get_version(request: HttpRequest, policy_id: int, policy_version_id: int) -> VersionTextOut:
    """One version (or the draft) with its full words."""
    user = user_of(request)
    version = get_version_for_user(user, get_policy_for_user(user, policy_id), policy_version_id)
    return VersionTextOut(**_version_out(version).model_dump(), text=version.text)


@router.post("/policies/{policy_id}/publish", response={201: VersionTextOut, **REFUSED})
def publish_version(
    request: HttpRequest, policy_id: int, payload: PublishIn
) -> Status[VersionTextOut]:
    """Freeze the policy's open draft as its next version (400 when it has none)."""
    policy = get_policy_for_user(user_of(request), policy_id)
    draft = services.draft_of(policy)
    if draft is None:
        raise InvalidInput("This policy has no open draft to publish.")
    version = services.publish(
        draft,
        change=payload.change,
        summary=payload.summary,
        effective_on=payload.effective_on,
        now=_now(),
    )
    return Status(201, VersionTextOut(**_version_out(version).model_dump(), text=version.text))


@router.get("/clients/{client_id}/consent", response={200: list[ConsentStateOut], 404: ErrorOut})
def client_consent(request: HttpRequest, client_id: int) -> list[ConsentStateOut]:
    """Where the client stands with each published policy, from their newest event."""
    user = user_of(request)
    client = get_client_for_user(user, client_id)
    newest_versions: dict[int, PolicyVersion] = {}
    for version in published_versions_for_user(user).order_by("number"):
        newest_versions[version.policy_id] = version
    latest: dict[int, ConsentEvent] = {}
    events = ConsentEvent.objects.filter(client=client).select_related("version")
    for answered in events.order_by("recorded_at", "pk"):
        latest[answered.version.policy_id] = answered
    gaps = {g.kind: g for g in consent_gaps(user, [client.pk])[client.pk]}
    rows = []
    for version in sorted(newest_versions.values(), key=lambda v: v.policy.kind):
        event = latest.get(version.policy_id)
        gap = gaps.get(version.policy.kind)
        rows.append(
            ConsentStateOut(
                policy_id=version.policy_id,
                kind=version.policy.kind,
                newest_version_id=version.pk,
                newest_version_number=version.number,
                latest=LatestOut.model_validate(_latest_fields(event)) if event else None,
                gap=gap.state if gap else None,
                due_on=gap.due_on if gap else None,
            )
        )
    return rows


@router.post("/clients/{client_id}/consent/verbal", response={201: ConsentEventOut, **REFUSED})
def record_verbal_consent(
    request: HttpRequest, client_id: int, payload: VerbalIn
) -> Status[ConsentEventOut]:
    """Record what the client said aloud about one version, pinned to one of their sessions."""
    user = user_of(request)
    client = get_client_for_user(user, client_id)
    version = _published(user, payload.policy_version_id)
    checkin = get_checkin_for_user(user, client, payload.checkin_id)
    event = record_consent(
        client,
        version,
        event=payload.event,
        channel=ConsentEvent.Channel.VERBAL,
        checkin=checkin,
        now=_now(),
    )
    fields = {**_latest_fields(event), "id": event.pk, "client_id": client.pk}
    return Status(201, ConsentEventOut.model_validate(fields))


@router.post("/clients/{client_id}/consent-links", response={201: ConsentLinkOut, **REFUSED})
def create_consent_link(
    request: HttpRequest, client_id: int, payload: ConsentLinkIn
) -> Status[ConsentLinkOut]:
    """Open a single-use link asking the client about the chosen published versions."""
    user = user_of(request)
    client = get_client_for_user(user, client_id)
    chosen = [_published(user, pk) for pk in dict.fromkeys(payload.policy_version_ids)]
    link, raw = links.create_consent_link(client, chosen, now=_now())
    return Status(
        201,
        ConsentLinkOut(
            id=link.pk,
            client_id=client.pk,
            policy_version_ids=[v.pk for v in chosen],
            created_at=link.created_at,
            expires_at=link.expires_at,
            url=public_url(request, reverse("consent_answer", args=[raw])),
        ),
    )


def _published(user: Viewer, version_id: int) -> PolicyVersion:
    """A published version of one of the caller's policies; a draft or another's is 400,
    so a version id is never confirmed to exist."""
    version = published_versions_for_user(user).filter(pk=version_id).first()
    if version is None:
        raise InvalidInput(f"There is no published version {version_id} of your policies.")
    return version


# --- what was done when a policy applied, and bodywork consent ---------------------------


class EnforcementOut(Schema):
    id: int
    client_id: int
    policy_id: int
    kind: str
    version_id: int = Field(description="The version in force on the day.")
    version_number: int | None
    version_sha256: str
    agreed_version_id: int | None = Field(
        description="The version the client stood agreed to by the end of that day; null "
        "when they had not agreed to the words in force."
    )
    occasion: str
    action: str = Field(description="enforced, waived, deferred or discussed.")
    occurred_on: date
    amount: Decimal | None
    note: str
    checkin_id: int | None
    recorded_at: datetime


class WaiverRateOut(Schema):
    kind: str
    label: str
    records: int
    waived: int
    rate: float = Field(description="Waived records over all records of the policy, 0 to 1.")


class EnforcementListOut(Schema):
    records: list[EnforcementOut] = Field(description="Oldest first.")
    waiver_rates: list[WaiverRateOut] = Field(description="One per policy with records.")


class EnforcementIn(Schema):
    policy_id: int = Field(description="One of your policies, with a version in force that day.")
    occasion: Literal["late_cancellation", "missed_payment", "client_lateness", "contact", "other"]
    action: Literal["enforced", "waived", "deferred", "discussed"]
    occurred_on: date
    amount: Decimal | None = Field(None, description="A sum of money to the cent, if any.")
    note: limited(enforcement.NOTE_MAX) = ""  # type: ignore[valid-type]
    checkin_id: int | None = Field(None, description="The session it happened in, if it did.")


AREAS_HELP = "Areas, from: " + ", ".join(AREAS) + "."
PRESSURES = Literal["", "light", "medium", "firm", "varied"]


class BodyworkIn(Schema):
    areas_to_work: list[str] = Field([], max_length=len(AREAS), description=AREAS_HELP)
    areas_to_avoid: list[str] = Field([], max_length=len(AREAS), description=AREAS_HELP)
    areas_worked: list[str] = Field([], max_length=len(AREAS), description=AREAS_HELP)
    areas_note: limited(enforcement.NOTE_MAX) = ""  # type: ignore[valid-type]
    pressure: PRESSURES = ""
    positioning_agreed: bool = False
    draping_agreed: bool = False
    agreement_note: limited(enforcement.NOTE_MAX) = ""  # type: ignore[valid-type]
    withdrew: bool = Field(False, description="Consent was withdrawn or changed in session.")
    withdrawal_note: limited(enforcement.NOTE_MAX) = Field(  # type: ignore[valid-type]
        "", description="What was said and done; kept only with a withdrawal."
    )


class BodyworkOut(BodyworkIn):
    checkin_id: int
    recorded_at: datetime
    updated_at: datetime


def _enforcement_out(record: EnforcementRecord) -> EnforcementOut:
    return EnforcementOut(
        id=record.pk,
        client_id=record.client_id,
        policy_id=record.version.policy_id,
        kind=record.version.policy.kind,
        version_id=record.version_id,
        version_number=record.version.number,
        version_sha256=record.version.sha256,
        agreed_version_id=record.agreed_version_id,
        occasion=record.occasion,
        action=record.action,
        occurred_on=record.occurred_on,
        amount=record.amount,
        note=record.note,
        checkin_id=record.checkin_id,
        recorded_at=record.recorded_at,
    )


def _bodywork_out(row: SessionBodywork) -> BodyworkOut:
    return BodyworkOut(
        checkin_id=row.checkin_id,
        areas_to_work=row.areas_to_work,
        areas_to_avoid=row.areas_to_avoid,
        areas_worked=row.areas_worked,
        areas_note=row.areas_note,
        pressure=row.pressure,  # type: ignore[arg-type]  # one of Pressure's values
        positioning_agreed=row.positioning_agreed,
        draping_agreed=row.draping_agreed,
        agreement_note=row.agreement_note,
        withdrew=row.withdrew,
        withdrawal_note=row.withdrawal_note,
        recorded_at=row.recorded_at,
        updated_at=row.updated_at,
    )


@router.get("/clients/{client_id}/enforcement", response={200: EnforcementListOut, 404: ErrorOut})
def list_enforcement(request: HttpRequest, client_id: int) -> EnforcementListOut:
    """What was done each time a policy applied to the client, with each policy's waiver
    rate."""
    user = user_of(request)
    client = get_client_for_user(user, client_id)
    records = list(
        enforcement_records_for_user(user)
        .filter(client=client)
        .select_related("version__policy")
        .order_by("occurred_on", "recorded_at", "pk")
    )
    rates = waiver_rates(enforcement.enforcement_points(records))
    return EnforcementListOut(
        records=[_enforcement_out(r) for r in records],
        waiver_rates=[
            WaiverRateOut(
                kind=r.policy_kind, label=r.label, records=r.records, waived=r.waived, rate=r.rate
            )
            for r in rates
        ],
    )


@router.post("/clients/{client_id}/enforcement", response={201: EnforcementOut, **REFUSED})
def record_enforcement(
    request: HttpRequest, client_id: int, payload: EnforcementIn
) -> Status[EnforcementOut]:
    """Record what was done one time a policy applied. It is never changed; a correction
    is a new record. A 400 names the answer at fault in ``field``."""
    user = user_of(request)
    client = get_client_for_user(user, client_id)
    policy = policies_for_user(user).filter(pk=payload.policy_id).first()
    if policy is None:
        # As with versions: a policy id is never confirmed to exist.
        raise enforcement.EnforcementRefused(
            f"There is no policy {payload.policy_id} of yours.", field="policy"
        )
    checkin = None
    if payload.checkin_id is not None:
        checkin = get_checkin_for_user(user, client, payload.checkin_id)
    record = enforcement.record_enforcement(
        client,
        enforcement.EnforcementData(
            policy=policy,
            occasion=payload.occasion,
            action=payload.action,
            occurred_on=payload.occurred_on,
            amount=payload.amount,
            note=payload.note,
            checkin=checkin,
        ),
        now=_now(),
    )
    return Status(201, _enforcement_out(record))


@router.get(
    "/clients/{client_id}/checkins/{checkin_id}/bodywork",
    response={200: BodyworkOut, 404: ErrorOut},
)
def get_bodywork(request: HttpRequest, client_id: int, checkin_id: int) -> BodyworkOut:
    """The session's bodywork consent (404 until some is recorded)."""
    user = user_of(request)
    checkin = get_checkin_for_user(user, get_client_for_user(user, client_id), checkin_id)
    row = bodywork_for_user(user).filter(checkin=checkin).first()
    if row is None:
        raise Http404("No bodywork consent is recorded for this session.")
    return _bodywork_out(row)


@router.put(
    "/clients/{client_id}/checkins/{checkin_id}/bodywork", response={200: BodyworkOut, **REFUSED}
)
def save_bodywork(
    request: HttpRequest, client_id: int, checkin_id: int, payload: BodyworkIn
) -> BodyworkOut:
    """Record (or replace) the session's bodywork consent. An area cannot be both asked
    for and declined; a 400 names the answer at fault in ``field``."""
    user = user_of(request)
    checkin = get_checkin_for_user(user, get_client_for_user(user, client_id), checkin_id)
    row = enforcement.record_bodywork(
        checkin,
        enforcement.BodyworkData(
            areas_to_work=frozenset(payload.areas_to_work),
            areas_to_avoid=frozenset(payload.areas_to_avoid),
            areas_worked=frozenset(payload.areas_worked),
            areas_note=payload.areas_note,
            pressure=payload.pressure,
            positioning_agreed=payload.positioning_agreed,
            draping_agreed=payload.draping_agreed,
            agreement_note=payload.agreement_note,
            withdrew=payload.withdrew,
            withdrawal_note=payload.withdrawal_note,
        ),
        now=_now(),
    )
    return _bodywork_out(row)
