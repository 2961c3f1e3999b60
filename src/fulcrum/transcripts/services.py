"""State changes for transcripts: attach, choose the practitioner, link, delete.

Each is one function that the pages, the API, the demo loader and the tests call.
Parsing and analysis are the core's (``fulcrum.core.transcripts``); this module stores
what they return. The uploaded file itself is never stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import PurePath

from django.db import transaction

from fulcrum.checkins.models import CheckIn
from fulcrum.clients.models import Client
from fulcrum.core.errors import InvalidInput
from fulcrum.core.transcripts.analysis import SessionAnalysis, analysis_as_dict, analyze
from fulcrum.core.transcripts.coding.base import Coder
from fulcrum.core.transcripts.model import GUESS_BASES, with_practitioner
from fulcrum.core.transcripts.model import Transcript as ParsedTranscript
from fulcrum.core.transcripts.model import Utterance as ParsedUtterance
from fulcrum.core.transcripts.parsing import parse_transcript
from fulcrum.transcripts.coders import load_coder
from fulcrum.transcripts.models import Transcript, Utterance
from fulcrum.transcripts.prefill import CheckInPrefill, Moment, checkin_prefill
from fulcrum.transcripts.uploads import byte_limit, utterance_limit

__all__ = [
    "TranscriptRefused",
    "attach_transcript",
    "check_session_at",
    "checkin_prefill_for",
    "delete_transcript",
    "link_to_checkin",
    "parsed_transcript",
    "set_practitioner",
]

FILENAME_MAX = 255
SESSION_IN_THE_FUTURE = "A session cannot be dated in the future; enter when it took place."
# Utterances written per INSERT: bounded statements, whatever the transcript's length.
BATCH_SIZE = 500


class TranscriptRefused(InvalidInput):
    """An upload breaks one of a transcript's rules; ``field`` names the answer at fault."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        self.field = field
        super().__init__(message)


def check_session_at(session_at: datetime | None, *, now: datetime) -> None:
    """Refuse a session dated after ``now``: a transcript is of a session that happened."""
    if session_at is not None and session_at > now:
        raise TranscriptRefused(SESSION_IN_THE_FUTURE, field="session_at")


def _coder(coder: Coder | None) -> tuple[Coder, list[str]]:
    return (coder, []) if coder is not None else load_coder()


def _analyse(parsed: ParsedTranscript, coder: Coder | None) -> SessionAnalysis:
    chosen, notes = _coder(coder)
    return analyze(parsed, chosen, notes=notes)


def _short_name(filename: str) -> str:
    """The file's own name (no folders), cut to fit while keeping its extension."""
    name = PurePath(filename.replace("\\", "/")).name.strip() or "transcript"
    if len(name) <= FILENAME_MAX:
        return name
    suffix = PurePath(name).suffix[:20]
    return name[: FILENAME_MAX - len(suffix)] + suffix


def _check_same_client(client: Client, checkin: CheckIn | None) -> None:
    if checkin is not None and checkin.client_id != client.pk:
        raise InvalidInput("That check-in belongs to another client.")


def _store_analysis(transcript: Transcript, analysis: SessionAnalysis, *, now: datetime) -> None:
    """Keep ``analysis`` on ``transcript``; without a client, keep no index.

    The indices weigh the practitioner's words against the client's; when only the
    practitioner speaks, figures would be read as findings, so none is stored.
    """
    transcript.practitioner = analysis.practitioner
    transcript.coder = analysis.coder
    transcript.coder_kind = analysis.coder_kind
    transcript.coder_notes = list(analysis.notes)
    transcript.analysis = analysis_as_dict(analysis)
    if analysis.has_client:
        transcript.over_use = analysis.over_use.value
        transcript.under_use = analysis.under_use.value
    else:
        transcript.over_use = transcript.under_use = None
    transcript.analysed_at = now


def attach_transcript(
    client: Client,
    data: bytes,
    filename: str,
    *,
    checkin: CheckIn | None = None,
    session_at: datetime | None = None,
    practitioner: str | None = None,
    now: datetime,
    coder: Coder | None = None,
    max_bytes: int | None = None,
    max_utterances: int | None = None,
) -> Transcript:
    """Parse ``data``, analyse it and store both for ``client``: all or nothing.

    ``practitioner`` names the practitioner outright; otherwise Fulcrum guesses and says
    how sure it is. ``session_at`` defaults to the linked check-in's. ``coder`` defaults
    to the cached learned coder, or the rules with a note. Raises ParseError for a file
    Fulcrum cannot read and InvalidInput for a wrong argument (an unknown practitioner,
    another client's check-in, a transcript that does not say who practises). A file of
    more than ``max_utterances`` turns (the setting by default) is a ParseError naming
    the limit. A ``session_at`` after ``now`` is a TranscriptRefused naming the field.

    Reading and analysing run before the transaction opens: SQLite's write lock is taken
    when it begins, and only the short write of what was read should hold it, so other
    people's saves are not kept waiting while a long session is analysed.
    """
    _check_same_client(client, checkin)
    check_session_at(session_at, now=now)
    limit = byte_limit() if max_bytes is None else max_bytes
    turns = utterance_limit() if max_utterances is None else max_utterances
    named = (practitioner or "").strip() or None
    parsed = parse_transcript(
        data, filename, practitioner=named, max_bytes=limit, max_utterances=turns
    )
    guess_warnings: list[str] = []
    if named is None and parsed.practitioner is not None:
        # Read again with the guess named: what drops out is about the guess only, and
        # stops applying once the practitioner is confirmed on the report.
        confirmed = parse_transcript(
            data,
            filename,
            practitioner=parsed.practitioner,
            max_bytes=limit,
            max_utterances=turns,
        )
        guess_warnings = [w for w in parsed.warnings if w not in confirmed.warnings]
    analysis = _analyse(parsed, coder)
    if session_at is None and checkin is not None:
        session_at = checkin.session_at
    rows = [
        Utterance(
            index=u.index, speaker=u.speaker, text=u.text, start=u.start, end=u.end, line=u.line
        )
        for u in parsed.utterances
    ]
    with transaction.atomic(durable=True):
        transcript = Transcript(
            client=client,
            checkin=checkin,
            session_at=session_at,
            filename=_short_name(filename),
            source_format=parsed.source_format,
            speakers=list(parsed.speakers),
            practitioner_confidence=parsed.practitioner_confidence,
            practitioner_source=(
                Transcript.PractitionerSource.NAMED
                if named
                else Transcript.PractitionerSource.GUESSED
            ),
            guessed_practitioner="" if named else (parsed.practitioner or ""),
            guessed_confidence=0.0 if named else parsed.practitioner_confidence,
            guessed_basis="" if named else parsed.practitioner_basis,
            file_warnings=[w for w in parsed.warnings if w not in guess_warnings],
            guess_warnings=guess_warnings,
            utterance_count=len(parsed.utterances),
            created_at=now,
        )
        _store_analysis(transcript, analysis, now=now)
        transcript.save()
        for row in rows:
            row.transcript = transcript
        Utterance.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    return transcript


@transaction.atomic(durable=True)
def import_transcript(
    client: Client,
    utterances: Sequence[ParsedUtterance],
    *,
    filename: str,
    source_format: str,
    practitioner: str,
    practitioner_source: str = Transcript.PractitionerSource.NAMED,
    practitioner_confidence: float = 1.0,
    guess: tuple[str, float, str] = ("", 0.0, ""),
    checkin: CheckIn | None = None,
    session_at: datetime | None = None,
    now: datetime,
    coder: Coder | None = None,
) -> Transcript:
    """Store a transcript carried in a workspace export, and analyse it again.

    The file itself is not kept, so an export carries the turns as Fulcrum read them;
    the practitioner is the one the export names, with how sure the reading was.
    ``guess`` is Fulcrum's own guess as the export kept it: who, how sure, on what
    basis. Raises InvalidInput for another client's check-in, no turns, a practitioner
    who never speaks, or a confidence or basis Fulcrum does not write.
    """
    _check_same_client(client, checkin)
    if practitioner_source not in Transcript.PractitionerSource.values:
        raise InvalidInput(f"{practitioner_source!r} is not a way the practitioner is known.")
    guessed, guessed_confidence, guessed_basis = guess
    for sure in (practitioner_confidence, guessed_confidence):
        if not 0.0 <= sure <= 1.0:
            raise InvalidInput(f"A confidence is a number from 0 to 1, not {sure!r}.")
    if guessed_basis and guessed_basis not in GUESS_BASES:
        raise InvalidInput(f"{guessed_basis!r} is not a basis Fulcrum guesses the practitioner on.")
    if not utterances:
        raise InvalidInput("A transcript needs at least one turn.")
    speakers = tuple(dict.fromkeys(u.speaker for u in utterances))
    if practitioner not in speakers:
        raise InvalidInput(f"The practitioner {practitioner!r} never speaks in this transcript.")
    parsed = ParsedTranscript(
        utterances=tuple(utterances),
        speakers=speakers,
        source_format=source_format,
        practitioner=practitioner,
        practitioner_confidence=practitioner_confidence,
        warnings=(),
    )
    analysis = _analyse(parsed, coder)
    transcript = Transcript(
        client=client,
        checkin=checkin,
        session_at=session_at if session_at is not None else getattr(checkin, "session_at", None),
        filename=_short_name(filename),
        source_format=source_format[:20],
        speakers=list(speakers),
        practitioner_confidence=practitioner_confidence,
        practitioner_source=practitioner_source,
        guessed_practitioner=guessed,
        guessed_confidence=guessed_confidence,
        guessed_basis=guessed_basis,
        utterance_count=len(utterances),
        created_at=now,
    )
    _store_analysis(transcript, analysis, now=now)
    transcript.save()
    Utterance.objects.bulk_create(
        Utterance(
            transcript=transcript,
            index=u.index,
            speaker=u.speaker,
            text=u.text,
            start=u.start,
            end=u.end,
            line=u.line,
        )
        for u in utterances
    )
    return transcript


def parsed_transcript(transcript: Transcript) -> ParsedTranscript:
    """Rebuild the core's transcript from what was stored (the file is not kept)."""
    utterances = tuple(
        ParsedUtterance(u.index, u.speaker, u.text, u.start, u.end, u.line)
        for u in transcript.utterances.order_by("index")
    )
    return ParsedTranscript(
        utterances=utterances,
        speakers=tuple(transcript.speakers),
        source_format=transcript.source_format,
        practitioner=transcript.practitioner,
        practitioner_confidence=transcript.practitioner_confidence,
        warnings=tuple(transcript.file_warnings),
    )


def set_practitioner(
    transcript: Transcript, speaker: str, *, now: datetime, coder: Coder | None = None
) -> Transcript:
    """Name ``speaker`` as the practitioner and analyse the session again.

    Also the way to re-analyse with a newly trained coder: choose the same speaker.
    """
    if speaker not in transcript.speakers:
        known = ", ".join(transcript.speakers)
        raise InvalidInput(f"No speaker called {speaker!r} in this transcript (speakers: {known}).")
    parsed = with_practitioner(parsed_transcript(transcript), speaker)
    analysis = _analyse(parsed, coder)
    # As on attaching: analyse first, then hold the write lock only to store the result.
    with transaction.atomic(durable=True):
        transcript.practitioner_confidence = parsed.practitioner_confidence
        transcript.practitioner_source = Transcript.PractitionerSource.CHOSEN
        _store_analysis(transcript, analysis, now=now)
        transcript.save()
    return transcript


def link_to_checkin(transcript: Transcript, checkin: CheckIn | None) -> Transcript:
    """Link the transcript to its session's check-in (or unlink it, with ``None``).

    A transcript without a session date takes the check-in's.
    """
    _check_same_client(transcript.client, checkin)
    transcript.checkin = checkin
    fields = ["checkin"]
    if checkin is not None and transcript.session_at is None:
        transcript.session_at = checkin.session_at
        fields.append("session_at")
    transcript.save(update_fields=fields)
    return transcript


@transaction.atomic(durable=True)
def delete_transcript(transcript: Transcript) -> None:
    """Delete the transcript, its utterances and its analysis. Check-ins stay."""
    transcript.delete()


def moments(transcript: Transcript, indexes: Sequence[int] | None = None) -> list[Moment]:
    """Utterances as the check-in draft quotes them (only ``indexes``, if given)."""
    rows = transcript.utterances.order_by("index")
    if indexes is not None:
        rows = rows.filter(index__in=list(indexes))
    return [Moment(u.index, u.text, u.start) for u in rows]


def checkin_prefill_for(transcript: Transcript) -> CheckInPrefill:
    """Suggested check-in answers from the transcript's stored analysis."""
    behind: set[int] = set()
    for item in transcript.analysis.get("indicators") or ():
        if item.get("id") == "self_disclosure":
            behind.update(item.get("utterances") or ())
    return checkin_prefill(
        transcript.analysis,
        moments(transcript, sorted(behind)),
        session_at=transcript.session_at,
    )
