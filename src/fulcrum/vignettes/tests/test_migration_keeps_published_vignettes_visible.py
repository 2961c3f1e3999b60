"""Vignettes published before the random delay existed stay in the library: the
migration has them appear from their publication week's Monday."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("vignettes", "0001_vignettes_received_by_week")]
AFTER = [("vignettes", "0002_versions_messages_pins_and_a_random_delay")]


@pytest.fixture
def executor(transactional_db: None) -> Iterator[MigrationExecutor]:
    executor = MigrationExecutor(connection)
    yield executor
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_it_sets_when_earlier_published_vignettes_appear(executor: MigrationExecutor) -> None:
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("vignettes", "Vignette")
    common = {"received_week": date(2026, 10, 5), "disguise": "thick", "licence": "cc-by"}
    published = old.objects.create(
        codename_hash="a" * 64, status="published", published_on=date(2026, 10, 12), **common
    )
    waiting = old.objects.create(codename_hash="b" * 64, **common)

    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps.get_model("vignettes", "Vignette")
    assert new.objects.get(pk=published.pk).appears_at == datetime(2026, 10, 12, tzinfo=UTC)
    assert new.objects.get(pk=waiting.pk).appears_at is None
    assert new.objects.get(pk=waiting.pk).approved_version == 0
