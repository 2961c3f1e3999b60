"""The incident log and its tamper-evident record, with the pages' rules.

Incidents are fetched through the incident log's access functions (404 for anything
not the caller's) and recorded through its services, as the pages do. Nothing is
changed in place: an amendment or a follow-up is a new sealed version linked to the
original, and every answer shows the versions in the order written.
"""

from __future__ import annotations

from datetime import datetime

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from fulcrum.api.auth import practitioner_of, user_of
from fulcrum.api.schemas import ErrorOut, PlausibleDatetime, limited
from fulcrum.clients.access import get_client_for_user
from fulcrum.core import incidents as core
from fulcrum.incidents import services
from fulcrum.incidents.access import get_incident_for_user, incidents_for_user
from fulcrum.incidents.models import Incident
from fulcrum.ledger.access import get_stream_for_user
from fulcrum.ledger.services import verify_stream

router = Router()
REFUSED = {400: ErrorOut, 404: ErrorOut}
Text = limited(core.TEXT_MAX)
Short = limited(500)
Choice = limited(80)


def _now() -> datetime:
    return timezone.now()


class IncidentRecordIn(Schema):
    happened_at: PlausibleDatetime = Field(description="When it happened; 72 hours later is late.")
    direction: Choice = Field(  # type: ignore[valid-type]
        description="Whose conduct: " + ", ".join(f"'{k}'" for k in core.DIRECTIONS) + "."
    )
    what_happened: Text  # type: ignore[valid-type]
    conduct: list[Choice] = Field(  # type: ignore[valid-type]
        [], max_length=len(core.CONDUCT), description="Kinds of conduct, by id."
    )
    others_involved: Short = Field("", description="Who else, by role.")  # type: ignore[valid-type]
    power_kinds: list[Choice] = Field(  # type: ignore[valid-type]
        [], max_length=50, description="Kinds of power of the catalogue, by id."
    )
    what_was_done: Text = ""  # type: ignore[valid-type]
    consulted: list[Choice] = Field(  # type: ignore[valid-type]
        [], max_length=len(core.CONSULTED), description="Who was consulted, by id."
    )
    follow_ups: Text = ""  # type: ignore[valid-type]

    def record(self) -> core.IncidentRecord:
        return core.IncidentRecord(
            happened_at=self.happened_at,
            direction=self.direction,
            what_happened=self.what_happened,
            conduct=tuple(self.conduct),
            others_involved=self.others_involved,
            power_kinds=tuple(self.power_kinds),
            what_was_done=self.what_was_done,
            consulted=tuple(self.consulted),
            follow_ups=self.follow_ups,
        )


class IncidentIn(IncidentRecordIn):
    client_id: int | None = Field(None, description="A client of yours, or none.")


class FollowUpIn(Schema):
    text: Text = Field(description="What followed; added to the latest version's follow-ups.")  # type: ignore[valid-type]


class IncidentVersionOut(Schema):
    sequence: int = Field(description="Its entry number in your tamper-evident record.")
    entry_hash: str
    written_at: datetime
    amends: int | None = Field(description="The original's entry number, for an amendment.")
    late_label: str = Field(description="How late it was written, or '' if within 72 hours.")
    happened_at: datetime
    direction: str
    what_happened: str
    conduct: list[str]
    client_code: str
    others_involved: str
    power_kinds: list[str]
    what_was_done: str
    consulted: list[str]
    follow_ups: str


class IncidentOut(Schema):
    id: int
    client_id: int | None
    happened_at: datetime = Field(description="When it happened, as the latest version says.")
    written_at: datetime = Field(description="When the original was written.")
    late_label: str = Field(description="How late the original was written, or ''.")
    versions: list[IncidentVersionOut] = Field(description="The original first, then amendments.")


class IncidentSummaryOut(Schema):
    id: int
    client_id: int | None
    happened_at: datetime
    written_at: datetime
    late_label: str
    version_count: int
    direction: str
    what_happened: str = Field(description="As the latest version says.")


class BrokenOut(Schema):
    sequence: int | None
    reason: str


class VerificationOut(Schema):
    verified: bool = Field(description="True when every entry and checkpoint checks out.")
    entries: int = Field(description="How many entries the record holds.")
    broken: BrokenOut | None = Field(description="The first broken entry, if any.")
    sentence: str = Field(description="The result in one sentence, as the command line says.")


def _version_out(version: services.IncidentVersion, *, amends: int | None) -> IncidentVersionOut:
    r = version.record
    return IncidentVersionOut(
        sequence=version.sequence,
        entry_hash=version.entry_hash,
        written_at=version.written_at,
        amends=amends,
        late_label=version.late_label,
        happened_at=r.happened_at,
        direction=r.direction,
        what_happened=r.what_happened,
        conduct=list(r.conduct),
        client_code=r.client_code,
        others_involved=r.others_involved,
        power_kinds=list(r.power_kinds),
        what_was_done=r.what_was_done,
        consulted=list(r.consulted),
        follow_ups=r.follow_ups,
    )


def _incident_out(incident: Incident) -> IncidentOut:
    history = services.versions(incident)
    first = history[0]
    return IncidentOut(
        id=incident.pk,
        client_id=incident.client_id,
        happened_at=history[-1].record.happened_at,
        written_at=first.written_at,
        late_label=first.late_label,
        versions=[
            _version_out(v, amends=None if i == 0 else first.sequence)
            for i, v in enumerate(history)
        ],
    )


@router.get("/incidents", response=list[IncidentSummaryOut], tags=["incidents"])
def list_incidents(request: HttpRequest) -> list[IncidentSummaryOut]:
    """Your incidents, newest event first, each as its latest version says."""
    rows = []
    for incident in incidents_for_user(user_of(request)):
        history = services.versions(incident)
        rows.append(
            IncidentSummaryOut(
                id=incident.pk,
                client_id=incident.client_id,
                happened_at=history[-1].record.happened_at,
                written_at=history[0].written_at,
                late_label=history[0].late_label,
                version_count=len(history),
                direction=history[-1].record.direction,
                what_happened=history[-1].record.what_happened,
            )
        )
    return rows


@router.get("/incidents/verify", response={200: VerificationOut, 400: ErrorOut}, tags=["incidents"])
def verify_record(request: HttpRequest) -> VerificationOut:
    """Verify your tamper-evident record, as ``fulcrum incidents verify`` does.

    A broken record is an answer, not a refusal (200, ``verified`` false); a 400 says the
    record cannot be checked here at all, such as when its signing key is missing.
    """
    user = practitioner_of(request)  # the record is a practitioner's: a 404 otherwise
    try:
        stream = get_stream_for_user(user)
    except Http404:
        return VerificationOut(
            verified=True, entries=0, broken=None, sentence="Nothing is recorded yet."
        )
    report = verify_stream(stream)
    if report.broken is not None:
        broken = BrokenOut(sequence=report.broken.sequence, reason=report.broken.reason)
        return VerificationOut(
            verified=False, entries=report.size, broken=broken, sentence=report.broken.sentence()
        )
    return VerificationOut(
        verified=True,
        entries=report.size,
        broken=None,
        sentence=f"{report.size} entries verified.",
    )


@router.post("/incidents", response={201: IncidentOut, **REFUSED}, tags=["incidents"])
def create_incident(request: HttpRequest, payload: IncidentIn) -> Status[IncidentOut]:
    """Record an incident: one sealed entry in your tamper-evident record."""
    user = practitioner_of(request)  # before anything is written
    client = get_client_for_user(user, payload.client_id) if payload.client_id else None
    incident = services.record_incident(user, payload.record(), client=client, now=_now())
    return Status(201, _incident_out(get_incident_for_user(user, incident.pk)))


@router.get(
    "/incidents/{incident_id}", response={200: IncidentOut, 404: ErrorOut}, tags=["incidents"]
)
def get_incident(request: HttpRequest, incident_id: int) -> IncidentOut:
    """One incident with every version in the order written, late ones labelled."""
    return _incident_out(get_incident_for_user(user_of(request), incident_id))


@router.post(
    "/incidents/{incident_id}/amendments",
    response={201: IncidentOut, **REFUSED},
    tags=["incidents"],
)
def amend_incident(
    request: HttpRequest, incident_id: int, payload: IncidentRecordIn
) -> Status[IncidentOut]:
    """Amend an incident: a new sealed version linked to the original, never an overwrite."""
    user = user_of(request)
    incident = get_incident_for_user(user, incident_id)
    services.amend_incident(incident, payload.record(), now=_now())
    return Status(201, _incident_out(get_incident_for_user(user, incident_id)))


@router.post(
    "/incidents/{incident_id}/follow-ups",
    response={201: IncidentOut, **REFUSED},
    tags=["incidents"],
)
def add_follow_up(
    request: HttpRequest, incident_id: int, payload: FollowUpIn
) -> Status[IncidentOut]:
    """Add a follow-up: a new sealed version carrying the latest one with it appended."""
    user = user_of(request)
    incident = get_incident_for_user(user, incident_id)
    services.add_follow_up(incident, payload.text, now=_now())
    return Status(201, _incident_out(get_incident_for_user(user, incident_id)))
