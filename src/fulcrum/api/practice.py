"""The journal, the safe-harbour plan and client-voice links, with the pages' rules.

Records are fetched through each area's access functions (404 for anything not the
caller's) and changed through its services, as the pages do.
"""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from fulcrum.api.auth import practitioner_of, user_of
from fulcrum.api.schemas import MAX_OFFSET, ErrorOut, limited
from fulcrum.checkins.access import get_checkin_for_user, get_warning_for_user
from fulcrum.clients.access import get_client_for_user
from fulcrum.clientvoice import services as voice_services
from fulcrum.clientvoice.access import get_voice_link_for_user, voice_links_for_user
from fulcrum.clientvoice.models import VoiceLink
from fulcrum.core.errors import InvalidInput
from fulcrum.core.harbour import ACTIONS_PER_PILLAR, PILLAR_IDS
from fulcrum.harbour import services as harbour_services
from fulcrum.harbour.access import current_harbour_plan_for_user, harbour_plans_for_user
from fulcrum.harbour.models import HarbourPlan
from fulcrum.history.services import REASON_MAX as CHANGE_REASON_MAX
from fulcrum.kernel.links import public_url
from fulcrum.reflection import services as journal_services
from fulcrum.reflection.access import get_journal_entry_for_user, journal_entries_for_user
from fulcrum.reflection.models import JournalEntry

router = Router()
NOT_YOURS = {404: ErrorOut}
REFUSED = {400: ErrorOut, 404: ErrorOut}


def _now() -> datetime:
    return timezone.now()


# --- the journal -------------------------------------------------------------------------


class JournalEntryIn(Schema):
    body: limited(journal_services.BODY_MAX) = Field(  # type: ignore[valid-type]
        description="What you write; private to you."
    )
    prompt_id: str = Field("", max_length=80, description="A prompt of the library, or ''.")
    client_id: int | None = None
    checkin_id: int | None = Field(None, description="A session of that client (or any of yours).")
    warning_id: int | None = None
    include_in_supervision: bool = False


class JournalEntryUpdateIn(JournalEntryIn):
    change_reason: limited(CHANGE_REASON_MAX) = Field(  # type: ignore[valid-type]
        "",
        description="Why it changed (optional), kept with the words it replaces in its history.",
    )


class JournalEntryOut(Schema):
    id: int
    written_at: datetime
    updated_at: datetime
    body: str
    prompt_id: str
    client_id: int | None
    checkin_id: int | None
    warning_id: int | None
    include_in_supervision: bool


def _entry_out(entry: JournalEntry) -> JournalEntryOut:
    return JournalEntryOut(
        id=entry.pk,
        written_at=entry.written_at,
        updated_at=entry.updated_at,
        body=entry.body,
        prompt_id=entry.prompt_id,
        client_id=entry.client_id,
        checkin_id=entry.checkin_id,
        warning_id=entry.warning_id,
        include_in_supervision=entry.include_in_supervision,
    )


def _entry_data(request: HttpRequest, payload: JournalEntryIn) -> journal_services.EntryData:
    """The payload with its links fetched as the caller's own (404 otherwise)."""
    user = user_of(request)
    client = get_client_for_user(user, payload.client_id) if payload.client_id else None
    checkin = None
    if payload.checkin_id is not None:
        if client is None:
            raise InvalidInput("Name the client of the session too (client_id).")
        checkin = get_checkin_for_user(user, client, payload.checkin_id)
    warning = get_warning_for_user(user, payload.warning_id) if payload.warning_id else None
    return journal_services.EntryData(
        body=payload.body,
        prompt_id=payload.prompt_id,
        client=client,
        checkin=checkin,
        warning=warning,
        include_in_supervision=payload.include_in_supervision,
    )


class JournalFilters(Schema):
    client_id: int | None = Field(None, description="Only entries about this client.")
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


@router.get("/journal", response={200: list[JournalEntryOut], **NOT_YOURS}, tags=["journal"])
def list_entries(request: HttpRequest, filters: Query[JournalFilters]) -> list[JournalEntryOut]:
    """Your journal entries, newest first."""
    user = user_of(request)
    entries = journal_entries_for_user(user)
    if filters.client_id is not None:
        entries = entries.filter(client=get_client_for_user(user, filters.client_id))
    window = entries[filters.offset : filters.offset + filters.limit]
    return [_entry_out(e) for e in window]


@router.post("/journal", response={201: JournalEntryOut, **REFUSED}, tags=["journal"])
def write_entry(request: HttpRequest, payload: JournalEntryIn) -> Status[JournalEntryOut]:
    """Write a dated entry, linked to a client, a session or a warning if you like."""
    data = _entry_data(request, payload)
    entry = journal_services.write_entry(practitioner_of(request), data, now=_now())
    return Status(201, _entry_out(entry))


@router.get("/journal/{entry_id}", response={200: JournalEntryOut, **NOT_YOURS}, tags=["journal"])
def get_entry(request: HttpRequest, entry_id: int) -> JournalEntryOut:
    return _entry_out(get_journal_entry_for_user(user_of(request), entry_id))


@router.put("/journal/{entry_id}", response={200: JournalEntryOut, **REFUSED}, tags=["journal"])
def update_entry(
    request: HttpRequest, entry_id: int, payload: JournalEntryUpdateIn
) -> JournalEntryOut:
    """Change an entry's text or links; it keeps the day it was written, and what it held
    is kept in its history with ``change_reason``."""
    entry = get_journal_entry_for_user(user_of(request), entry_id)
    data = _entry_data(request, payload)
    return _entry_out(
        journal_services.update_entry(entry, data, now=_now(), reason=payload.change_reason)
    )


@router.delete("/journal/{entry_id}", response={204: None, **NOT_YOURS}, tags=["journal"])
def delete_entry(request: HttpRequest, entry_id: int) -> Status[None]:
    journal_services.delete_entry(
        get_journal_entry_for_user(user_of(request), entry_id), now=_now()
    )
    return Status(204, None)


# --- the safe-harbour plan -------------------------------------------------------------


class HarbourActionOut(Schema):
    id: int
    key: str = Field(description="Stays with an action across versions while its wording does.")
    pillar: str
    position: int
    text: str


class HarbourPlanOut(Schema):
    version: int
    created_at: datetime
    note: str
    actions: list[HarbourActionOut]


class HarbourActionIn(Schema):
    pillar: str = Field(description=f"One of {', '.join(PILLAR_IDS)}.")
    position: int = Field(ge=1, le=ACTIONS_PER_PILLAR)
    text: str = Field(max_length=harbour_services.TEXT_MAX)


class HarbourPlanIn(Schema):
    actions: list[HarbourActionIn] = Field(max_length=len(PILLAR_IDS) * ACTIONS_PER_PILLAR)
    note: str = Field("", max_length=200, description="What changed and why.")


def _plan_out(plan: HarbourPlan) -> HarbourPlanOut:
    actions = sorted(plan.actions.all(), key=lambda a: (PILLAR_IDS.index(a.pillar), a.position))
    return HarbourPlanOut(
        version=plan.version,
        created_at=plan.created_at,
        note=plan.note,
        actions=[
            HarbourActionOut(id=a.pk, key=a.key, pillar=a.pillar, position=a.position, text=a.text)
            for a in actions
        ],
    )


@router.get("/harbour/plan", response=HarbourPlanOut | None, tags=["safe harbour"])
def current_plan(request: HttpRequest) -> HarbourPlanOut | None:
    """Your current safe-harbour plan, or null before the first save."""
    plan = current_harbour_plan_for_user(user_of(request))
    return _plan_out(plan) if plan is not None else None


@router.put(
    "/harbour/plan",
    response={200: HarbourPlanOut, 201: HarbourPlanOut, **REFUSED},
    tags=["safe harbour"],
)
def save_plan(request: HttpRequest, payload: HarbourPlanIn) -> Status[HarbourPlanOut]:
    """Save the whole plan; a changed plan becomes a new version (201), an unchanged one
    answers the current version (200). Empty slots are left out."""
    texts = {(a.pillar, a.position): a.text for a in payload.actions}
    plan, changed = harbour_services.save_plan(
        practitioner_of(request), texts, now=_now(), note=payload.note
    )
    return Status(201 if changed else 200, _plan_out(plan))


@router.get("/harbour/versions", response=list[HarbourPlanOut], tags=["safe harbour"])
def plan_versions(request: HttpRequest) -> list[HarbourPlanOut]:
    """Every version of your plan, newest first."""
    plans = harbour_plans_for_user(user_of(request)).prefetch_related("actions")
    return [_plan_out(p) for p in plans.order_by("-version")]


# --- client-voice links ----------------------------------------------------------------


class VoiceLinkOut(Schema):
    id: int
    client_id: int
    checkin_id: int
    created_at: datetime
    expires_at: datetime
    status: str = Field(description="open, answered or expired.")


class VoiceLinkCreatedOut(VoiceLinkOut):
    url: str = Field(description="The client's private link. Shown once; only its hash is kept.")


def _link_out(link: VoiceLink, url: str | None = None) -> VoiceLinkOut:
    fields = {
        "id": link.pk,
        "client_id": link.client_id,
        "checkin_id": link.checkin_id,
        "created_at": link.created_at,
        "expires_at": link.expires_at,
        "status": voice_services.link_status(link, now=_now()),
    }
    if url is None:
        return VoiceLinkOut.model_validate(fields)
    return VoiceLinkCreatedOut.model_validate({**fields, "url": url})


@router.get("/voice/links", response=list[VoiceLinkOut], tags=["client's voice"])
def list_links(request: HttpRequest) -> list[VoiceLinkOut]:
    """The links you opened for your clients, newest first."""
    links = voice_links_for_user(user_of(request)).order_by("-created_at", "-pk")
    return [_link_out(link) for link in links]


@router.post(
    "/clients/{client_id}/checkins/{checkin_id}/voice-link",
    response={201: VoiceLinkCreatedOut, **REFUSED},
    tags=["client's voice"],
)
def create_link(
    request: HttpRequest, client_id: int, checkin_id: int
) -> Status[VoiceLinkCreatedOut]:
    """Open a single-use link for the client to answer about one session."""
    user = user_of(request)
    client = get_client_for_user(user, client_id)
    checkin = get_checkin_for_user(user, client, checkin_id)
    link, raw = voice_services.create_link(checkin, now=_now())
    url = public_url(request, reverse("voice_answer", args=[raw]))
    created = _link_out(link, url)
    assert isinstance(created, VoiceLinkCreatedOut)
    return Status(201, created)


@router.delete("/voice/links/{link_id}", response={204: None, **REFUSED}, tags=["client's voice"])
def withdraw_link(request: HttpRequest, link_id: int) -> Status[None]:
    """Withdraw a link not yet answered (an answered link stays with its answers: 400)."""
    voice_services.withdraw_link(get_voice_link_for_user(user_of(request), link_id))
    return Status(204, None)
