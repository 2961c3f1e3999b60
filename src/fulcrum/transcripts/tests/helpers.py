"""Builders for transcript tests: the short fictional session and an attached transcript."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from fulcrum.checkins.models import CheckIn
from fulcrum.clients.models import Client
from fulcrum.core.transcripts.coding.rules import RulesCoder
from fulcrum.testing import NOW
from fulcrum.transcripts.models import Transcript
from fulcrum.transcripts.services import attach_transcript

DATA = Path(__file__).resolve().parent / "data"
SHORT_VTT = DATA / "short_session.vtt"
# In the short session: Dana offers where to start at turn 0 and a choice of focus at
# turn 4, and discloses at turn 6.
CHOICE_TURN = 4
DISCLOSURE_TURN = 6


def short_vtt() -> bytes:
    return SHORT_VTT.read_bytes()


def vtt_upload(name: str = "session.vtt", data: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, short_vtt() if data is None else data, "text/vtt")


def make_transcript(
    client: Client, *, checkin: CheckIn | None = None, data: bytes | None = None, **kwargs: object
) -> Transcript:
    kwargs.setdefault("session_at", NOW - timedelta(days=1))
    return attach_transcript(
        client,
        short_vtt() if data is None else data,
        str(kwargs.pop("filename", "session.vtt")),
        checkin=checkin,
        now=NOW,
        coder=RulesCoder(),
        **kwargs,  # type: ignore[arg-type]
    )
