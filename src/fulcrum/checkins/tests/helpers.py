"""Shared bits for the check-in page tests."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from fulcrum.checkins.models import CheckIn, SeriousConcern
from fulcrum.checkins.services import CheckInData
from fulcrum.clients.models import Client
from fulcrum.testing import NOW, make_checkin
from fulcrum.workspace.services import record_session


def form_data(when: datetime | None = None, **overrides: object) -> dict[str, object]:
    """A valid check-in as the form posts it: a steady session an hour ago."""
    at = when or timezone.localtime(NOW) - timedelta(hours=1)
    data: dict[str, object] = {
        "session_at": at.strftime("%Y-%m-%dT%H:%M"),
        "choices_offered": "yes",
        "choices_count": "2",
        "disclosure": "no",
        "client_signals_noticed": "on",
        "client_signals": "Shoulders dropped when I slowed down.",
        "indicators": ["clear_guidance", "consent_checked"],
        "note": "Agreed the focus together.",
    }
    data.update(overrides)
    return data


def over_use_data(when: datetime, **overrides: object) -> dict[str, object]:
    """A session with no choices, a self-serving disclosure and a late start."""
    return form_data(
        when,
        choices_offered="no",
        choices_count="",
        disclosure="yes",
        disclosure_served="practitioner",
        disclosure_note="My holiday plans.",
        started_late="on",
        client_signals_noticed="",
        indicators=[],
        **overrides,
    )


def drifting_history(client: Client) -> list[CheckIn]:
    """Eight ordinary sessions, then six without choices and starting late."""
    return [
        make_checkin(
            client,
            days_ago=14 - i,
            choices_offered="no" if i >= 8 else "yes",
            started_on_time=i < 8,
        )
        for i in range(14)
    ]


def open_concern(client: Client) -> SeriousConcern:
    """A session whose check-in names a sign that opens a serious concern about ``client``."""
    record_session(
        client,
        CheckInData(
            session_at=NOW - timedelta(hours=2), indicators=frozenset({"sexualised_contact"})
        ),
        now=NOW,
    )
    return SeriousConcern.objects.filter(client=client).latest("opened_at")
