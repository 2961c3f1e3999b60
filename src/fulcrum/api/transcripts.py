"""Transcript endpoints: list, upload (multipart), read the analysis, choose the
practitioner, see the suggested check-in answers, delete.

The same steps as the pages: records through ``fulcrum.accounts.access`` (404 for
anything not the caller's), changes through ``fulcrum.transcripts.services``. Uploads
are received in memory and capped (``fulcrum.transcripts.uploads``): the file is read,
analysed and dropped; only the utterances and the analysis are stored.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, File, Form, Router, Schema, Status, UploadedFile
from ninja.decorators import decorate_view

from fulcrum.api.auth import user_of
from fulcrum.api.schemas import ErrorOut, PlausibleDatetime
from fulcrum.checkins.access import get_checkin_for_user
from fulcrum.clients.access import get_client_for_user
from fulcrum.transcripts import services
from fulcrum.transcripts.access import get_transcript_for_user, transcripts_for_user
from fulcrum.transcripts.coders import without_paths
from fulcrum.transcripts.models import Transcript
from fulcrum.transcripts.uploads import byte_limit, capped_uploads, is_too_big, too_big_message

router = Router(tags=["transcripts"])

NOT_YOURS = {404: ErrorOut}
REFUSED = {400: ErrorOut, 404: ErrorOut}


def _now() -> datetime:
    return timezone.now()


class TranscriptOut(Schema):
    """A stored transcript: who spoke, who practises, and the two indices (0..10)."""

    id: int
    client_id: int
    checkin_id: int | None
    session_at: datetime | None
    filename: str
    source_format: str
    speakers: list[str]
    practitioner: str
    practitioner_confidence: float = Field(description="0..1; 1 when named or chosen.")
    practitioner_source: str = Field(description="guessed, named (on upload) or chosen.")
    guessed_practitioner: str
    guessed_confidence: float
    guessed_basis: str = Field(
        description="Where Fulcrum's guess came from: source (the file names the "
        "practitioner), label (a role the file gives), heuristic (how each speaker talks); "
        "empty when named on upload or not recorded."
    )
    warnings: list[str] = Field(description="What a person should know about reading the file.")
    coder: str
    coder_kind: str = Field(description="rules or learned.")
    coder_notes: list[str]
    over_use: float | None = Field(
        description="Over-use index, 0..10; 5 is a typical session. Null when no client "
        "speaks in the transcript: the index weighs the practitioner's words against theirs."
    )
    under_use: float | None = Field(
        description="Under-use index, 0..10; 0 means no episode of under-use was found. "
        "Null when no client speaks in the transcript."
    )
    utterance_count: int
    created_at: datetime
    analysed_at: datetime


class UtteranceOut(Schema):
    index: int
    speaker: str
    text: str
    start: float | None = Field(description="Seconds from the start of the session.")
    end: float | None
    line: int | None = Field(description="Line of the uploaded file where the turn starts.")


class TranscriptDetailOut(TranscriptOut):
    analysis: dict[str, Any] = Field(
        description=(
            "The stored analysis: coder, notes, indices with their components, indicators "
            "with explanations and the utterance indexes behind them, per-utterance codes "
            "and cues, and the timeline. Prompts for reflection, not verdicts."
        )
    )
    utterances: list[UtteranceOut]


class TranscriptUploadIn(Schema):
    checkin_id: int | None = Field(None, description="The session's check-in, if written.")
    session_at: PlausibleDatetime | None = Field(
        None, description="When the session took place; defaults to the check-in's."
    )
    practitioner: str = Field(
        "", max_length=200, description="The practitioner's name as the file writes it."
    )


class PractitionerIn(Schema):
    speaker: str = Field(description="One of the transcript's speakers.")


class CheckInPrefillOut(Schema):
    """Suggested check-in answers; null leaves a question for the practitioner."""

    session_at: datetime | None
    choices_offered: str | None
    choices_count: int | None
    disclosure: bool | None
    disclosure_note: str
    reasons: list[str]
    indicators: list[str] = Field(
        default_factory=list,
        description="Check-in signs of under-use the transcript suggests ticking.",
    )


def transcript_out(t: Transcript) -> TranscriptOut:
    return TranscriptOut(**_fields(t))


def _fields(t: Transcript) -> dict[str, Any]:
    guessed = t.practitioner_source == Transcript.PractitionerSource.GUESSED
    return {
        "id": t.pk,
        "client_id": t.client_id,
        "checkin_id": t.checkin_id,
        "session_at": t.session_at,
        "filename": t.filename,
        "source_format": t.source_format,
        "speakers": list(t.speakers),
        "practitioner": t.practitioner,
        "practitioner_confidence": t.practitioner_confidence,
        "practitioner_source": t.practitioner_source,
        "guessed_practitioner": t.guessed_practitioner,
        "guessed_confidence": t.guessed_confidence,
        "guessed_basis": t.guessed_basis,
        "warnings": [*t.file_warnings, *(t.guess_warnings if guessed else [])],
        "coder": t.coder,
        "coder_kind": t.coder_kind,
        # Analyses stored before the notes stopped naming the server's folders.
        "coder_notes": [without_paths(note) for note in t.coder_notes],
        "over_use": t.over_use,
        "under_use": t.under_use,
        "utterance_count": t.utterance_count,
        "created_at": t.created_at,
        "analysed_at": t.analysed_at,
    }


def transcript_detail_out(t: Transcript) -> TranscriptDetailOut:
    analysis = dict(t.analysis)
    if isinstance(analysis.get("notes"), list):
        analysis["notes"] = [without_paths(str(note)) for note in analysis["notes"]]
    return TranscriptDetailOut(
        **_fields(t),
        analysis=analysis,
        utterances=[
            UtteranceOut(
                index=u.index, speaker=u.speaker, text=u.text, start=u.start, end=u.end, line=u.line
            )
            for u in t.utterances.order_by("index")
        ],
    )


@router.get(
    "/clients/{client_id}/transcripts",
    response={200: list[TranscriptOut], **NOT_YOURS},
)
def list_transcripts(request: HttpRequest, client_id: int) -> list[TranscriptOut]:
    """A client's transcripts, latest session first (without utterances or analysis)."""
    user = user_of(request)
    client = get_client_for_user(user, client_id)
    return [transcript_out(t) for t in transcripts_for_user(user).filter(client=client)]


@router.post(
    "/clients/{client_id}/transcripts",
    response={201: TranscriptDetailOut, 413: ErrorOut, **REFUSED},
)
@decorate_view(capped_uploads)
def upload_transcript(
    request: HttpRequest,
    client_id: int,
    file: File[UploadedFile],
    details: Form[TranscriptUploadIn],
) -> Status[Any]:
    """Upload a transcript (multipart ``file``); Fulcrum reads, analyses and stores it.

    WebVTT, SRT, plain text, CSV, Whisper JSON or .docx, up to 5 MB. A file Fulcrum cannot
    read is a 400 naming the line; a file over the limit is a 413 giving its size; a
    transcript of more turns than ``FULCRUM_TRANSCRIPT_MAX_UTTERANCES`` (5,000 by
    default) is a 400 naming the limit.
    """
    user = user_of(request)
    client = get_client_for_user(user, client_id)
    checkin = (
        get_checkin_for_user(user, client, details.checkin_id)
        if details.checkin_id is not None
        else None
    )
    limit = byte_limit()
    if is_too_big(file, limit):
        return Status(413, ErrorOut(detail=too_big_message(file.size or 0, limit)))
    transcript = services.attach_transcript(
        client,
        file.read(),
        file.name or "transcript",
        checkin=checkin,
        session_at=details.session_at.astimezone(UTC) if details.session_at else None,
        practitioner=details.practitioner,
        now=_now(),
    )
    return Status(201, transcript_detail_out(transcript))


@router.get(
    "/clients/{client_id}/transcripts/{transcript_id}",
    response={200: TranscriptDetailOut, **NOT_YOURS},
)
def get_transcript(request: HttpRequest, client_id: int, transcript_id: int) -> TranscriptDetailOut:
    """One transcript with its utterances and its stored analysis."""
    user = user_of(request)
    client = get_client_for_user(user, client_id)
    return transcript_detail_out(get_transcript_for_user(user, client, transcript_id))


@router.post(
    "/clients/{client_id}/transcripts/{transcript_id}/practitioner",
    response={200: TranscriptDetailOut, **REFUSED},
)
def choose_practitioner(
    request: HttpRequest, client_id: int, transcript_id: int, payload: PractitionerIn
) -> TranscriptDetailOut:
    """Name the practitioner (overriding the guess) and analyse the session again."""
    user = user_of(request)
    client = get_client_for_user(user, client_id)
    transcript = get_transcript_for_user(user, client, transcript_id)
    services.set_practitioner(transcript, payload.speaker, now=_now())
    return transcript_detail_out(transcript)


@router.get(
    "/clients/{client_id}/transcripts/{transcript_id}/checkin-prefill",
    response={200: CheckInPrefillOut, **NOT_YOURS},
)
def checkin_prefill(request: HttpRequest, client_id: int, transcript_id: int) -> CheckInPrefillOut:
    """The check-in answers the analysis suggests; review them before recording a check-in."""
    user = user_of(request)
    client = get_client_for_user(user, client_id)
    prefill = services.checkin_prefill_for(get_transcript_for_user(user, client, transcript_id))
    return CheckInPrefillOut(
        session_at=prefill.session_at,
        choices_offered=prefill.choices_offered,
        choices_count=prefill.choices_count,
        disclosure=None if prefill.disclosure is None else prefill.disclosure == "yes",
        disclosure_note=prefill.disclosure_note,
        reasons=list(prefill.reasons),
        indicators=list(prefill.indicators),
    )


@router.delete(
    "/clients/{client_id}/transcripts/{transcript_id}",
    response={204: None, **NOT_YOURS},
)
def delete_transcript(request: HttpRequest, client_id: int, transcript_id: int) -> Status[None]:
    """Delete a transcript, its utterances and its analysis. Check-ins stay."""
    user = user_of(request)
    client = get_client_for_user(user, client_id)
    services.delete_transcript(get_transcript_for_user(user, client, transcript_id))
    return Status(204, None)
