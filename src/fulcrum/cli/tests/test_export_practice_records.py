"""``fulcrum export`` carries the practice records too: journal, plan, transcripts, answers.

Aliases stay out unless ``--include-alias``, including where the practitioner wrote one
into free text; transcripts carry what was said with each speaker named by their part
(``--include-alias`` names them), or go out as metadata only with ``--no-transcripts``.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta
from typing import Any

import pytest

from fulcrum.accounts.models import User
from fulcrum.cli import main
from fulcrum.clientvoice.services import create_link, submit_answers
from fulcrum.core.voice import VoiceAnswers
from fulcrum.harbour.services import current_plan, record_practice, save_plan
from fulcrum.reflection.services import EntryData, write_entry
from fulcrum.testing import NOW, make_checkin, make_client, make_user
from fulcrum.transcripts.services import attach_transcript

VTT = b"""WEBVTT

00:00:01.000 --> 00:00:05.000
<v Dana Reyes>Would you like to start with the week, or with your shoulder?</v>

00:00:05.500 --> 00:00:11.000
<v Rowan Quill>The shoulder, please. It kept me awake.</v>
"""


@pytest.fixture
def alice(db: None) -> User:
    alice = make_user("alice")
    ash = make_client(alice, "A-001", alias="Ashby")
    checkin = make_checkin(ash, days_ago=3, note="Ashby arrived early.", choices_offered="yes")
    make_checkin(ash, days_ago=1)
    save_plan(alice, {("trust", 1): "Start on time."}, now=NOW - timedelta(days=30))
    save_plan(
        alice,
        {("trust", 1): "Start on time.", ("safety", 1): "Offer a choice of where to begin."},
        now=NOW - timedelta(days=10),
        note="After supervision",
    )
    plan = current_plan(alice)
    assert plan is not None
    record_practice(checkin, [a.pk for a in plan.actions.all()], owner=alice)
    write_entry(
        alice,
        EntryData(body="Ashby's silence stayed with me.", client=ash, checkin=checkin),
        now=NOW,
    )
    write_entry(alice, EntryData(body="What do I believe about my own power?"), now=NOW)
    attach_transcript(
        ash, VTT, "rowan-quill-2026-10-29.vtt", checkin=checkin, practitioner="Dana Reyes", now=NOW
    )
    _, raw = create_link(checkin, now=NOW - timedelta(days=2))
    submit_answers(
        raw, VoiceAnswers(3, 7, 9, 8), comment="Ashby here: more choice please.", now=NOW
    )
    create_link(checkin, now=NOW)  # open, unanswered

    bob = make_user("bob")
    birch = make_client(bob, "B-001", alias="Birch")
    write_entry(bob, EntryData(body="bob's private journal", client=birch), now=NOW)
    save_plan(bob, {("trust", 1): "bob's plan"}, now=NOW)
    return alice


def export(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    main(["export", "--user", "alice", *args])
    return capsys.readouterr().out


def test_it_exports_the_journal_with_links_by_code(
    alice: User, capsys: pytest.CaptureFixture[str]
) -> None:
    document = json.loads(export(["--format", "json"], capsys))
    journal = document["journal"]
    assert [e["client_code"] for e in journal] == ["A-001", None]
    linked = journal[0]
    assert linked["body"] == "[A-001]'s silence stayed with me."
    checkin_ids = [c["id"] for c in document["clients"][0]["checkins"]]
    assert linked["checkin_id"] in checkin_ids
    assert {"written_at", "updated_at", "prompt_id", "include_in_supervision"} <= linked.keys()


def test_it_exports_every_version_of_the_safe_harbour_plan_and_the_practice(
    alice: User, capsys: pytest.CaptureFixture[str]
) -> None:
    document = json.loads(export(["--format", "json"], capsys))
    versions = document["safe_harbour_plan"]
    assert [v["version"] for v in versions] == [1, 2]
    assert versions[1]["note"] == "After supervision"
    assert [a["text"] for a in versions[1]["actions"]] == [
        "Start on time.",
        "Offer a choice of where to begin.",
    ]
    first = document["clients"][0]["checkins"][0]
    assert sorted(first["practised_actions"]) == sorted(a["key"] for a in versions[1]["actions"])


def test_it_exports_transcripts_as_metadata_only_when_asked(
    alice: User, capsys: pytest.CaptureFixture[str]
) -> None:
    out = export(["--format", "json", "--no-transcripts"], capsys)
    (transcript,) = json.loads(out)["clients"][0]["transcripts"]
    assert transcript["utterance_count"] == 2
    assert transcript["speaker_count"] == 2
    assert transcript["source_format"] == "vtt"
    assert {"session_at", "checkin_id", "over_use", "under_use", "coder"} <= transcript.keys()
    for said_or_named in ("shoulder", "Dana Reyes", "Rowan Quill", "rowan-quill"):
        assert said_or_named not in out


def test_it_exports_what_was_said_with_speakers_named_by_their_part(
    alice: User, capsys: pytest.CaptureFixture[str]
) -> None:
    out = export(["--format", "json"], capsys)
    (transcript,) = json.loads(out)["clients"][0]["transcripts"]
    first, second = transcript["utterances"]
    assert first["speaker"] == "Practitioner"
    assert second["speaker"] == "Speaker 1"
    assert "your shoulder?" in first["text"]
    assert (first["index"], first["start"], first["end"]) == (0, 1.0, 5.0)
    for named in ("Dana Reyes", "Rowan Quill", "rowan-quill"):
        assert named not in out


def test_it_names_the_speakers_with_aliases(
    alice: User, capsys: pytest.CaptureFixture[str]
) -> None:
    out = export(["--format", "json", "--include-alias"], capsys)
    (transcript,) = json.loads(out)["clients"][0]["transcripts"]
    assert [u["speaker"] for u in transcript["utterances"]] == ["Dana Reyes", "Rowan Quill"]


def test_it_exports_the_clients_answers_beside_their_session(
    alice: User, capsys: pytest.CaptureFixture[str]
) -> None:
    client = json.loads(export(["--format", "json"], capsys))["clients"][0]
    (answered,) = client["voice_answers"]
    assert answered["checkin_id"] == client["checkins"][0]["id"]
    assert (answered["choice"], answered["voice"], answered["safety"], answered["respect"]) == (
        3,
        7,
        9,
        8,
    )
    assert answered["comment"] == "[A-001] here: more choice please."
    links = client["voice_links"]
    assert [link["answered"] for link in links] == [True, False]
    assert all("token" not in key for link in links for key in link)


def test_it_keeps_aliases_out_of_free_text_unless_asked(
    alice: User, capsys: pytest.CaptureFixture[str]
) -> None:
    without = export(["--format", "json"], capsys)
    assert "Ashby" not in without
    with_alias = export(["--format", "json", "--include-alias"], capsys)
    document: dict[str, Any] = json.loads(with_alias)
    assert document["clients"][0]["alias"] == "Ashby"
    assert document["clients"][0]["checkins"][0]["note"] == "Ashby arrived early."
    assert "Ashby's silence" in with_alias
    assert "rowan-quill-2026-10-29.vtt" in with_alias  # the file's name may identify too


def test_it_leaves_other_workspaces_out(alice: User, capsys: pytest.CaptureFixture[str]) -> None:
    out = export(["--format", "json", "--include-alias"], capsys)
    for foreign in ("bob", "B-001", "Birch"):
        assert foreign not in out


def test_it_adds_the_clients_answers_and_practice_to_the_csv(
    alice: User, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = list(csv.DictReader(io.StringIO(export(["--format", "csv"], capsys))))
    assert [r["practised_actions"] for r in rows] == ["2", "0"]
    assert [r["client_choice"] for r in rows] == ["3", ""]
    assert [r["client_respect"] for r in rows] == ["8", ""]
