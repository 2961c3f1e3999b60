"""State changes and readings for client-voice links. Views, demo and tests call these.

A link's token is made by ``secrets``, shown to the practitioner once, and stored only
as a hash. Opening a link checks, in this order: the visitor's address is not over the
failed-lookup limit; the token is known; it has not expired; it has not been used.
Submitting marks the link used with a conditional update inside the same transaction
that saves the answers, so two submissions racing each other cannot both succeed.
See docs/decisions/0005-client-voice-links.md.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from django.conf import settings
from django.db import transaction
from django.utils.crypto import salted_hmac

from fulcrum.checkins.models import CheckIn, DriftWarning
from fulcrum.clients.models import Client
from fulcrum.clientvoice.models import FailedVoiceLookup, VoiceAnswer, VoiceLink
from fulcrum.core.errors import FulcrumError, InvalidInput
from fulcrum.core.voice import SessionAccount, VoiceAnswers, VoiceComparison, compare_voice

TOKEN_BYTES = 24  # 192 bits: 32 URL-safe characters
TOKEN_MAX_LENGTH = 64
COMMENT_MAX = 1000
# Defaults for the settings read at call time (override in settings or tests).
DEFAULT_LINK_DAYS = 7
DEFAULT_FAILURES_ALLOWED = 10
DEFAULT_FAILURE_WINDOW_MINUTES = 15

Reason = Literal["unknown", "expired", "used", "limited"]


class LinkUnavailable(FulcrumError):
    """The link cannot be used; ``reason`` is for the status code, never shown to the visitor."""

    def __init__(self, reason: Reason) -> None:
        self.reason: Reason = reason
        super().__init__(reason)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def link_days() -> int:
    """How many days a new link stays open (``FULCRUM_VOICE_LINK_DAYS``, read at call time)."""
    days = int(getattr(settings, "FULCRUM_VOICE_LINK_DAYS", DEFAULT_LINK_DAYS))
    return max(days, 1)


def failures_allowed() -> int:
    return int(getattr(settings, "FULCRUM_VOICE_FAILURES_ALLOWED", DEFAULT_FAILURES_ALLOWED))


def failure_window() -> timedelta:
    minutes = getattr(
        settings, "FULCRUM_VOICE_FAILURE_WINDOW_MINUTES", DEFAULT_FAILURE_WINDOW_MINUTES
    )
    return timedelta(minutes=int(minutes))


# --- the practitioner's side -----------------------------------------------------------


@transaction.atomic(durable=True)
def create_link(checkin: CheckIn, *, now: datetime) -> tuple[VoiceLink, str]:
    """Open a single-use link for the client of ``checkin``; return it and the raw token.

    The raw token is not stored anywhere: show it once, then it is gone.
    """
    raw = secrets.token_urlsafe(TOKEN_BYTES)
    link = VoiceLink.objects.create(
        client=checkin.client,
        checkin=checkin,
        token_hash=hash_token(raw),
        created_at=now,
        expires_at=now + timedelta(days=link_days()),
    )
    return link, raw


@transaction.atomic(durable=True)
def withdraw_link(link: VoiceLink) -> None:
    """Close a link that has not been answered; an answered link stays with its answers."""
    if link.used_at is not None:
        raise InvalidInput("That link has already been answered; its answers stay.")
    link.delete()


def link_status(link: VoiceLink, *, now: datetime) -> Literal["answered", "expired", "open"]:
    if link.used_at is not None:
        return "answered"
    return "expired" if link.expires_at <= now else "open"


# --- the client's side -----------------------------------------------------------------


def source_key(address: str) -> str:
    """A keyed hash of a visitor's address: enough to count failures, useless to anyone else."""
    return salted_hmac("fulcrum.clientvoice.failures", address).hexdigest()


def is_limited(source: str, *, now: datetime) -> bool:
    """Whether this source has failed too often within the window."""
    recent = FailedVoiceLookup.objects.filter(source=source, at__gt=now - failure_window())
    return recent.count() >= failures_allowed()


def record_failure(source: str, *, now: datetime) -> None:
    """Count one failed lookup and forget those older than the window."""
    FailedVoiceLookup.objects.filter(at__lte=now - failure_window()).delete()
    FailedVoiceLookup.objects.create(source=source, at=now)


def find_link(raw: str, *, now: datetime) -> VoiceLink:
    """The open link for ``raw``; raise LinkUnavailable if it is unknown, expired or used."""
    if not raw or len(raw) > TOKEN_MAX_LENGTH:
        raise LinkUnavailable("unknown")
    link = VoiceLink.objects.filter(token_hash=hash_token(raw)).first()
    if link is None:
        raise LinkUnavailable("unknown")
    if link.used_at is not None:
        raise LinkUnavailable("used")
    if link.expires_at <= now:
        raise LinkUnavailable("expired")
    return link


@transaction.atomic(durable=True)
def submit_answers(
    raw: str, answers: VoiceAnswers, *, comment: str = "", now: datetime
) -> VoiceAnswer:
    """Save the client's answers through link ``raw`` and close the link, atomically.

    The link is claimed with a conditional update (still unused, not yet expired); if
    another submission claimed it first, nothing is saved and LinkUnavailable is raised.
    """
    comment = comment.strip()
    if len(comment) > COMMENT_MAX:
        raise InvalidInput(f"Please keep the comment under {COMMENT_MAX} characters.")
    link = find_link(raw, now=now)
    claimed = VoiceLink.objects.filter(pk=link.pk, used_at__isnull=True, expires_at__gt=now).update(
        used_at=now
    )
    if claimed != 1:
        raise LinkUnavailable("used")
    return VoiceAnswer.objects.create(
        link=link,
        checkin_id=link.checkin_id,
        choice=answers.choice,
        voice=answers.voice,
        safety=answers.safety,
        respect=answers.respect,
        comment=comment,
        answered_at=now,
    )


# --- reading the answers ---------------------------------------------------------------


def session_account(checkin: CheckIn) -> SessionAccount:
    """The practitioner's side of a session, as the gap logic needs it.

    Under-use warnings count when their pattern had begun by the time of the session.
    """
    under = DriftWarning.objects.filter(
        client_id=checkin.client_id,
        direction=DriftWarning.Direction.UNDER,
        first_at__lte=checkin.session_at,
    ).count()
    return SessionAccount(observed=frozenset(checkin.observed), under_warnings=under)


def compare(answer: VoiceAnswer) -> VoiceComparison:
    """Set one set of answers beside the check-in of the same session."""
    return compare_voice(answer.answers(), session_account(answer.checkin))


@dataclass(frozen=True)
class AnsweredSession:
    """One answered session: the check-in, the client's answers and what they show."""

    checkin: CheckIn
    answer: VoiceAnswer
    comparison: VoiceComparison


def answered_sessions(client: Client) -> list[AnsweredSession]:
    """Every answered session of ``client``, newest first."""
    return answered_sessions_by_client([client]).get(client.pk, [])


def answered_sessions_by_client(clients: Iterable[Client]) -> dict[int, list[AnsweredSession]]:
    """Every answered session of each of ``clients``, newest first, in two queries."""
    ids = [c.pk for c in clients]
    answers = VoiceAnswer.objects.filter(checkin__client_id__in=ids).select_related("checkin")
    under_starts: dict[int, list[datetime]] = {}
    for client_id, first_at in DriftWarning.objects.filter(
        client_id__in=ids, direction=DriftWarning.Direction.UNDER
    ).values_list("client_id", "first_at"):
        under_starts.setdefault(client_id, []).append(first_at)
    rows: dict[int, list[AnsweredSession]] = {}
    for answer in answers.order_by("-checkin__session_at", "-pk"):
        checkin = answer.checkin
        starts = under_starts.get(checkin.client_id, [])
        account = SessionAccount(
            observed=frozenset(checkin.observed),
            under_warnings=sum(1 for at in starts if at <= checkin.session_at),
        )
        rows.setdefault(checkin.client_id, []).append(
            AnsweredSession(checkin, answer, compare_voice(answer.answers(), account))
        )
    return rows
