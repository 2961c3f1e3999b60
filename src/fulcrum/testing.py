"""The test cast and shared helpers.

alice and bob are practitioners with separate workspaces; charlie has an account and
no clients. Tests build what they need in code through the services, so every test
exercises the same paths the product does.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from django.test import TestCase

from fulcrum.accounts.models import Role, User
from fulcrum.checkins.models import CheckIn
from fulcrum.checkins.services import CheckInData, record_checkin
from fulcrum.clients.models import Client
from fulcrum.clients.services import create_client
from fulcrum.powermaps.models import PowerMap
from fulcrum.powermaps.services import record_power_map

NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
PASSWORD = "correct horse battery staple"  # noqa: S105 - the test cast's password


def make_user(username: str, *roles: Role) -> User:
    """An account holding ``roles`` (a practitioner when none are named)."""
    from fulcrum.accounts.roles import grant

    user = User.objects.create_user(username=username, password=PASSWORD)
    grant(user, roles or (Role.PRACTITIONER,))
    return user


def make_client(owner: User, code: str = "C-001", **kwargs: object) -> Client:
    return create_client(owner, code=code, started_on=date(2026, 1, 5), now=NOW, **kwargs)  # type: ignore[arg-type]


def make_power_map(client: Client, **kwargs: object) -> PowerMap:
    ratings = kwargs.pop("ratings", None) or {
        "practitioner": {"legitimate": 3, "expert": 3, "reward": 2},
        "client": {"reward": 3, "coercive": 1},
    }
    return record_power_map(client, ratings=ratings, assessed_at=NOW, **kwargs)  # type: ignore[arg-type]


def make_checkin(client: Client, days_ago: int = 0, **fields: object) -> CheckIn:
    at = NOW - timedelta(days=days_ago)
    data = CheckInData(session_at=at, **fields)  # type: ignore[arg-type]
    # Recorded once the session has happened (a test may place sessions after NOW).
    return record_checkin(client, data, now=max(NOW, at)).checkin


class BaseTestCase(TestCase):
    """Gives every test alice, bob and charlie, and a client for alice and for bob."""

    alice: User
    bob: User
    charlie: User
    alice_client: Client
    bob_client: Client

    @classmethod
    def setUpTestData(cls) -> None:
        cls.alice = make_user("alice")
        cls.bob = make_user("bob")
        cls.charlie = make_user("charlie")
        cls.alice_client = make_client(cls.alice, "A-001", alias="Ash")
        cls.bob_client = make_client(cls.bob, "B-001", alias="Birch")

    def login(self, user: User) -> None:
        self.client.force_login(user)
