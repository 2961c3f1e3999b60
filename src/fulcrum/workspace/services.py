"""Actions that touch several areas at once, each one durable transaction.

A session's check-in, the safe-harbour actions practised in it and the transcript it
came from are one thing to the practitioner: the page, the API and the command line
save them together through ``record_session`` and ``update_session``, so a session is
never stored with half its answers.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction

from fulcrum.checkins import services as checkins
from fulcrum.checkins.models import CheckIn
from fulcrum.checkins.services import CheckInData, RecordedCheckIn
from fulcrum.clients.models import Client
from fulcrum.harbour.services import record_practice
from fulcrum.transcripts.models import Transcript
from fulcrum.transcripts.services import link_to_checkin


@transaction.atomic(durable=True)
def record_session(
    client: Client,
    data: CheckInData,
    *,
    now: datetime,
    practised: Iterable[int] | None = None,
    transcript: Transcript | None = None,
) -> RecordedCheckIn:
    """Save a session's check-in, what was practised in it and its transcript link.

    ``practised`` names actions of the owner's current safe-harbour plan; the
    transcript must be the same client's. Either refusal undoes the whole session.
    """
    recorded = checkins.record_checkin(client, data, now=now)
    if practised:
        record_practice(recorded.checkin, practised, owner=client.owner)
    if transcript is not None:
        link_to_checkin(transcript, recorded.checkin)
    return recorded


@transaction.atomic(durable=True)
def update_session(
    checkin: CheckIn,
    data: CheckInData,
    *,
    now: datetime,
    practised: Iterable[int] | None = None,
    transcript: Transcript | None = None,
    reason: str = "",
) -> CheckIn:
    """Replace a session's answers; ``practised=None`` leaves its practice as it was.

    The answers it replaced are kept in the check-in's history, with ``reason``.
    """
    checkins.update_checkin(checkin, data, now=now, reason=reason)
    if practised is not None:
        record_practice(checkin, practised, owner=checkin.client.owner)
    if transcript is not None and transcript.checkin_id != checkin.pk:
        link_to_checkin(transcript, checkin)
    return checkin
