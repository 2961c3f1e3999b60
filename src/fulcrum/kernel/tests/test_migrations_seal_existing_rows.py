"""The encryption migrations seal rows written before them, and open them again on the
way back down, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from fulcrum.kernel.encryption import is_encrypted

BEFORE = [
    ("accounts", "0002_failed_sign_in"),
    ("clients", "0001_initial"),
    ("transcripts", "0001_transcript_and_utterances"),
]
NOW = datetime(2026, 3, 1, tzinfo=UTC)


def _raw(sql: str) -> list[tuple[object, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return list(cursor.fetchall())


@pytest.fixture
def executor(transactional_db: None) -> Iterator[MigrationExecutor]:
    executor = MigrationExecutor(connection)
    yield executor
    # Leave the schema as every other test expects it.
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_it_seals_rows_written_before_encryption_and_opens_them_going_back(
    executor: MigrationExecutor,
) -> None:
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    user = old.get_model("accounts", "User").objects.create(username="early", password="!")
    client = old.get_model("clients", "Client").objects.create(
        owner=user,
        code="C-1",
        alias="Elder, the retired judge",
        started_on=date(2026, 1, 1),
        created_at=NOW,
    )
    transcript = old.get_model("transcripts", "Transcript").objects.create(
        client=client,
        filename="elder judge.vtt",
        source_format="vtt",
        speakers=["Judge Elder", "Me"],
        practitioner="Me",
        practitioner_confidence=1.0,
        coder="rules",
        coder_kind="rules",
        analysis={"speakers": ["Judge Elder"]},
        over_use=0,
        under_use=0,
        utterance_count=1,
        created_at=NOW,
        analysed_at=NOW,
    )
    old.get_model("transcripts", "Utterance").objects.create(
        transcript=transcript, index=0, speaker="Judge Elder", text="I sentence people daily."
    )

    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    rows = (
        _raw("SELECT alias FROM clients_client")
        + _raw("SELECT filename, speakers, analysis FROM transcripts_transcript")
        + _raw("SELECT speaker, text FROM transcripts_utterance")
    )
    for row in rows:
        for value in row:
            assert is_encrypted(str(value)), value
            assert "Elder" not in str(value)

    from fulcrum.clients.models import Client
    from fulcrum.transcripts.models import Transcript, Utterance

    assert Client.objects.get().alias == "Elder, the retired judge"
    stored = Transcript.objects.get()
    assert stored.speakers == ["Judge Elder", "Me"]
    assert stored.analysis == {"speakers": ["Judge Elder"]}
    assert Utterance.objects.get().text == "I sentence people daily."

    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    assert _raw("SELECT alias FROM clients_client") == [("Elder, the retired judge",)]
    assert _raw("SELECT speaker, text FROM transcripts_utterance") == [
        ("Judge Elder", "I sentence people daily.")
    ]
