"""The same Idempotency-Key sent from several connections at once saves once (PostgreSQL).

SQLite's test database is an in-memory one that threads cannot share, so this runs on
PostgreSQL; the unique constraint on (owner, key digest) is what holds it either way.
"""

from __future__ import annotations

import json
import threading

import pytest
from django.db import connection, connections
from django.test import Client as HttpClient

from fulcrum.accounts.models import User
from fulcrum.accounts.services import issue_api_token
from fulcrum.reflection.models import JournalEntry
from fulcrum.testing import NOW, make_user

pytestmark = pytest.mark.postgres

THREADS = 8


@pytest.fixture
def owner(transactional_db: None) -> User:
    if connection.vendor != "postgresql":
        pytest.skip("Needs PostgreSQL: SQLite's in-memory test database is not shared.")
    return make_user("alice")


def test_it_saves_once_when_the_same_key_arrives_at_once(owner: User) -> None:
    token = issue_api_token(owner, name="tests", now=NOW).raw
    statuses: list[int] = []
    errors: list[BaseException] = []
    start = threading.Barrier(THREADS)

    def send() -> None:
        try:
            start.wait()
            r = HttpClient().post(
                "/api/journal",
                json.dumps({"body": "A note sent twice"}),
                content_type="application/json",
                headers={"Authorization": f"Bearer {token}", "Idempotency-Key": "same"},
            )
            statuses.append(r.status_code)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert JournalEntry.objects.filter(owner=owner).count() == 1
    # One saves; the rest either replay its answer or are told it is still being answered.
    assert statuses.count(201) >= 1
    assert set(statuses) <= {201, 409}
