"""Snapshots read back exactly as frozen, keep to a link's scope, and ask questions."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from fulcrum.core.errors import InvalidInput
from fulcrum.core.report import (
    ClientSection,
    NoteItem,
    SupervisionReport,
    TrendPoint,
    VoiceItemSummary,
    WarningItem,
)
from fulcrum.core.snapshot import (
    ConcernItem,
    Snapshot,
    agenda,
    agenda_items,
    digest,
    freeze,
    freeze_agenda,
    merge_agenda,
    thaw,
    thaw_agenda,
    within_scope,
)

AT = datetime(2026, 10, 1, 9, 30, tzinfo=UTC)


def report() -> SupervisionReport:
    section = ClientSection(
        code="C-1",
        modality="Individual",
        sessions=2,
        map_start=None,
        map_latest=None,
        trend=(TrendPoint(AT, 1.5, 2.0, 7.0),),
        warnings=(
            WarningItem("over", "Choices", "Fewer choices.", "What changed?", AT, AT, False),
        ),
        voice_answers=1,
        voice=(VoiceItemSummary(AT, "gap", True, "Voice", "A gap.", "How did it feel"),),
        notes=(NoteItem(AT, "checkin", "[C-1] was late."),),
    )
    return SupervisionReport(date(2026, 9, 1), date(2026, 10, 31), AT, (section,), (), ("checkin",))


def test_it_reads_back_exactly_what_it_froze() -> None:
    snap = Snapshot(report(), (ConcernItem("C-1", AT, ("Scope creep",)),))
    values = freeze(snap)
    assert thaw(values) == snap
    assert digest(values) == digest(freeze(thaw(values)))
    assert len(digest(values)) == 64


def test_it_refuses_values_it_could_not_have_made() -> None:
    with pytest.raises(InvalidInput):
        thaw({"v": 99})
    values = freeze(Snapshot(report()))
    values["report"]["clients"][0]["warnings"][0]["direction"] = "sideways"  # type: ignore[index]
    with pytest.raises(InvalidInput):
        thaw(values)


def test_it_leaves_out_what_the_scope_does_not_name() -> None:
    cut = within_scope(report(), ["warnings"])
    section = cut.clients[0]
    assert section.warnings
    assert (section.trend, section.voice, section.notes) == ((), (), ())
    assert section.sessions == 0
    assert cut.notes_included == ()


def test_it_asks_questions_never_findings() -> None:
    items = agenda([Snapshot(report(), (ConcernItem("C-1", AT, ("Scope creep",)),))] * 2)
    assert [i.kind for i in items].count("warning") == 1  # asked once across shares
    assert all(i.question.endswith("?") for i in items)
    assert {i.kind for i in items} == {"warning", "voice", "concern"}


def test_it_keeps_a_snapshots_questions_as_values_and_reads_them_back() -> None:
    snapshot = Snapshot(report(), (ConcernItem("C-1", AT, ("Scope creep",)),))
    items = agenda_items(snapshot)
    assert thaw_agenda(json.loads(json.dumps(freeze_agenda(items)))) == items
    assert merge_agenda([items, items]) == agenda([snapshot, snapshot])
    with pytest.raises(InvalidInput):
        thaw_agenda([{"kind": "finding", "code": "C-1", "question": "?", "at": AT.isoformat()}])
