"""Migration 0004 turns a revocation kept on a certificate's row into an append-only event
with its reason, and puts it back on the way down."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("course", "0003_evaluation_and_time_on_task")]
AFTER = [("course", "0004_certificate_revocations_become_events")]
ISSUED = datetime(2026, 3, 1, tzinfo=UTC)
REVOKED = datetime(2026, 4, 1, tzinfo=UTC)


@pytest.fixture
def executor(transactional_db: None) -> Iterator[MigrationExecutor]:
    executor = MigrationExecutor(connection)
    yield executor
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def _certificate(apps: object, learner: object, code_hash: str, **extra: object) -> object:
    return apps.get_model("course", "Certificate").objects.create(  # type: ignore[attr-defined]
        learner=learner,
        course_id="power-in-practice",
        course_version=1,
        content_digest="0" * 64,
        hours="2.0",
        facts={"title": "A course"},
        learner_name="Dana",
        completed_on=date(2026, 3, 1),
        issued_at=ISSUED,
        code="AAAAA-BBBBB-CCCCC-DDDDD",
        code_hash=code_hash,
        **extra,
    )


def _at(executor: MigrationExecutor, course: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Every app at its newest migration, the course at ``course``."""
    leaves = executor.loader.graph.leaf_nodes()
    return [node for node in leaves if node[0] != "course"] + course


def test_a_kept_revocation_becomes_an_event_and_comes_back(executor: MigrationExecutor) -> None:
    before, after = _at(executor, BEFORE), _at(executor, AFTER)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    learner = old.get_model("accounts", "User").objects.create(username="early", password="!")
    _certificate(old, learner, "1" * 64, revoked_at=REVOKED, revocation_reason="Issued in error.")
    _certificate(old, learner, "2" * 64)

    executor.loader.build_graph()
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    (event,) = new.get_model("course", "CertificateEvent").objects.all()
    assert (event.kind, event.reason, event.effective_at) == (
        "revoked",
        "Issued in error.",
        REVOKED,
    )
    assert event.certificate.code_hash == "1" * 64
    assert event.entry_id is None

    executor.loader.build_graph()
    executor.migrate(before)
    back = executor.loader.project_state(before).apps
    rows = back.get_model("course", "Certificate").objects.order_by("code_hash")
    assert [(c.revoked_at, c.revocation_reason) for c in rows] == [
        (REVOKED, "Issued in error."),
        (None, ""),
    ]
    # Leave nothing for the way back up to turn into an event no flush could remove.
    rows.delete()
