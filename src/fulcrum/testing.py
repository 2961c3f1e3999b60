"""The test cast and shared helpers.

alice and bob are practitioners with separate workspaces; charlie has an account and
no clients. Tests build what they need in code through the services, so every test
exercises the same paths the product does.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager
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


# The migrations that install the database's refusals to change append-only rows (the
# ledger, published policy versions, consent events, certificate events); each names its
# statements to install and to remove them, per database.
APPEND_ONLY_GUARDS = (
    "fulcrum.ledger.migrations.0002_refuse_changes_to_entries_and_checkpoints",
    "fulcrum.policies.migrations.0002_refuse_changes_to_published_versions",
    "fulcrum.policies.migrations.0004_refuse_changes_to_consent_events",
    "fulcrum.course.migrations.0005_refuse_changes_to_certificate_events",
    "fulcrum.policies.migrations.0008_refuse_changes_to_enforcement_records",
    "fulcrum.course.migrations.0009_refuse_changes_to_published_courses",
)


@contextmanager
def append_only_guards_lifted() -> Iterator[None]:
    """Lift the database's append-only guards for a moment (a test's clean-up, or a test
    that plays the attacker), then put every one back."""
    from django.db import connection

    modules = [importlib.import_module(name) for name in APPEND_ONLY_GUARDS]
    vendor = "POSTGRES" if connection.vendor == "postgresql" else "SQLITE"
    with connection.cursor() as cursor:
        for guards in modules:
            for sql in getattr(guards, f"{vendor}_REMOVE"):
                cursor.execute(sql)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for guards in modules:
                for sql in getattr(guards, f"{vendor}_INSTALL"):
                    cursor.execute(sql)


def spend_course_time(learner: User, *, until: datetime = NOW, seconds: int | None = None) -> None:
    """Visit the course's module pages, a break's length apart and ending at ``until``, so
    the server counts ``seconds`` (default: what a certificate asks for) of time on task."""
    from fulcrum.core.course.timeontask import BREAK_MINUTES
    from fulcrum.course.services import current_course, record_visit, time_on_task

    course = current_course()
    needed = time_on_task(learner, course).required_seconds if seconds is None else seconds
    step = BREAK_MINUTES * 60
    gaps = -(-needed // step)
    start = until - timedelta(seconds=needed)
    for k in range(gaps + 1):
        at = min(start + timedelta(seconds=k * step), until)
        record_visit(learner, course, course.modules[k % len(course.modules)].id, now=at)


def complete_course(learner: User, *, now: datetime = NOW, evaluate: bool = True) -> None:
    """Pass every quiz of the course at ``now``, spend the time a certificate asks for
    before it, and (unless ``evaluate`` is false) give the end-of-course evaluation."""
    from fulcrum.core.course.evaluation import STATEMENTS
    from fulcrum.course.services import current_course, submit_attempt, submit_evaluation

    course = current_course()
    for module in course.modules:
        answers = {item.item_id: item.correct for item in module.items}
        submit_attempt(learner, course, module.id, answers, now=now)
    spend_course_time(learner, until=now)
    if evaluate:
        ratings = {s.id: "4" for s in STATEMENTS}
        submit_evaluation(learner, course, ratings, {"change": "More bodywork cases."}, now=now)
