"""Builders shared by the reflection tests."""

from __future__ import annotations

from datetime import timedelta

from django.test import TestCase
from django.urls import reverse

from fulcrum.accounts.models import User
from fulcrum.checkins.models import DriftWarning
from fulcrum.clients.models import Client
from fulcrum.reflection.models import JournalEntry
from fulcrum.reflection.services import EntryData, write_entry
from fulcrum.testing import NOW


def make_entry(
    owner: User, body: str = "A quiet week.", days_ago: int = 0, **links: object
) -> JournalEntry:
    return write_entry(owner, EntryData(body=body, **links), now=NOW - timedelta(days=days_ago))  # type: ignore[arg-type]


def make_warning(client: Client, direction: str = "over", **fields: object) -> DriftWarning:
    values: dict[str, object] = {
        "key": f"{direction}:pattern:late_start",
        "direction": direction,
        "rule": "pattern",
        "title": "Late starts keep coming back",
        "explanation": "Started late in 3 of the last 5 sessions.",
        "question": "What does the late start say about whose time counts?",
        "indicator_ids": ["late_start"],
        "first_at": NOW - timedelta(days=20),
        "detected_at": NOW - timedelta(days=1),
    }
    values.update(fields)
    return DriftWarning.objects.create(client=client, **values)


def assert_login_required(case: TestCase, url: str, method: str = "get") -> None:
    """An anonymous visitor is sent to log in, with a way back."""
    case.client.logout()
    response = getattr(case.client, method)(url)
    case.assertRedirects(response, f"{reverse('login')}?next={url}", fetch_redirect_response=False)
