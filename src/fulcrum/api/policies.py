"""Practice policies and consent through the API, with the pages' rules.

Policies and versions are reached through ``policies.access`` (404 for anything not the
caller's); publishing, verbal consent and consent links go through the same services
the pages call (``policies.services.publish``, ``policies.consent.record_consent``,
``policies.links.create_consent_link``). A consent link's address is answered once, as
the page shows it once; only its hash is kept.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from fulcrum.accounts.access import Viewer
from fulcrum.api.auth import user_of
from fulcrum.api.schemas import ErrorOut, limited
from fulcrum.checkins.access import get_checkin_for_user
from fulcrum.clients.access import get_client_for_user
from fulcrum.core.errors import InvalidInput
from fulcrum.kernel.links import public_url
from fulcrum.policies import links, services
from fulcrum.policies.access import (
    get_policy_for_user,
    get_version_for_user,
    policies_for_user,
    published_versions_for_user,
)
from fulcrum.policies.consent import GAP_STATES, consent_gaps, record_consent
from fulcrum.policies.models import ConsentEvent, PolicyVersion

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
