"""Builders shared by the client-voice tests."""

from __future__ import annotations

from datetime import datetime, timedelta

from fulcrum.checkins.models import CheckIn
from fulcrum.clientvoice.models import VoiceAnswer
from fulcrum.clientvoice.services import create_link, submit_answers
from fulcrum.core.voice import VoiceAnswers
from fulcrum.testing import NOW

GOOD = {"choice": "8", "voice": "7", "safety": "9", "respect": "9", "comment": ""}


def open_link(checkin: CheckIn, *, at: datetime | None = None) -> str:
    """A fresh link for ``checkin``; returns the raw token."""
    _, raw = create_link(checkin, now=at or NOW)
    return raw


def answer(
    checkin: CheckIn, choice: int = 8, voice: int = 8, safety: int = 8, respect: int = 8, **kw: str
) -> VoiceAnswer:
    at = checkin.session_at + timedelta(hours=1)
    _, raw = create_link(checkin, now=at)
    return submit_answers(
        raw, VoiceAnswers(choice, voice, safety, respect), now=at + timedelta(hours=1), **kw
    )
