"""Migration 0003 clears the indices of a transcript in which no client speaks, and gives
the columns numbers again on the way back, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from fulcrum.testing import make_client, make_user

BEFORE = [("transcripts", "0002_encrypt_transcripts_and_utterances")]
AFTER = [("transcripts", "0003_indices_left_empty_without_a_client")]
NOW = datetime(2026, 3, 1, tzinfo=UTC)


@pytest.fixture
def executor(transactional_db: None) -> Iterator[MigrationExecutor]:
    executor = MigrationExecutor(connection)
    yield executor
    # Leave the schema as every other test expects it.
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def _transcript(apps: object, client_id: int, speakers: list[str]) -> object:
    model = apps.get_model("transcripts", "Transcript")  # type: ignore[attr-defined]
    return model.objects.create(
        client_id=client_id,
        filename="s.txt",
        source_format="text",
        speakers=speakers,
        practitioner="Therapist",
        practitioner_confidence=1.0,
        coder="rules",
        coder_kind="rules",
        analysis={"indices": {"over_use": {"value": 4.4}}},
        over_use=4.4,
        under_use=1.0,
        utterance_count=2,
        created_at=NOW,
        analysed_at=NOW,
    )


def test_it_clears_indices_without_a_client_and_goes_back(
    executor: MigrationExecutor,
) -> None:
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    # Accounts and clients stay at their latest migrations: only transcripts went back.
    client = make_client(make_user("early"))
    alone = _transcript(old, client.pk, ["Therapist"])
    pair = _transcript(old, client.pk, ["Therapist", "Wren"])

    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    model = new.get_model("transcripts", "Transcript")
    cleared = model.objects.get(pk=alone.pk)  # type: ignore[attr-defined]
    kept = model.objects.get(pk=pair.pk)  # type: ignore[attr-defined]
    assert (cleared.over_use, cleared.under_use, cleared.analysis["indices"]) == (None, None, {})
    assert (kept.over_use, kept.under_use) == (4.4, 1.0)

    executor.loader.build_graph()
    executor.migrate(BEFORE)
    back = executor.loader.project_state(BEFORE).apps.get_model("transcripts", "Transcript")
    assert back.objects.get(pk=alone.pk).over_use == 0.0  # type: ignore[attr-defined]
    assert back.objects.get(pk=pair.pk).over_use == 4.4  # type: ignore[attr-defined]
