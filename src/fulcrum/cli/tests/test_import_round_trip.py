"""``fulcrum import`` loads an export into an empty workspace through the services:
export -> import -> export gives the same records, transcripts and what was said in them
included (ids, generated keys, the time of the fresh analysis and what is not imported
aside), and a malformed file names its line or field and loses nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from fulcrum.accounts.models import User
from fulcrum.cli import main
from fulcrum.clients.models import Client
from fulcrum.demo import load_demo
from fulcrum.testing import NOW, make_user

pytestmark = pytest.mark.django_db

NOT_IMPORTED = (
    "voice_links",
    "voice_answers",
    "warnings",
    "serious_concerns",
    "consent_events",
    "enforcement_records",
)


def _export(username: str, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    capsys.readouterr()
    main(["export", "--user", username, "--include-alias"])
    document: dict[str, Any] = json.loads(capsys.readouterr().out)
    return document


def _comparable(document: dict[str, Any]) -> dict[str, Any]:
    """The document with ids and generated keys replaced by positions."""
    keys: dict[str, str] = {}
    for version in document["safe_harbour_plan"]:
        for a in version["actions"]:
            keys.setdefault(a["key"], f"{a['pillar']}-{a['position']}-{a['text']}")
            a.pop("key")
    ids: dict[int, str] = {}
    for client in document["clients"]:
        for k in NOT_IMPORTED:
            client.pop(k)
        for n, c in enumerate(client["checkins"]):
            ids[c.pop("id")] = f"{client['code']}#{n}"
            c["practised_actions"] = sorted(keys[k] for k in c["practised_actions"])
        for t in client["transcripts"]:
            t["checkin_id"] = ids.get(t["checkin_id"]) if t["checkin_id"] else None
            t.pop("analysed_at")  # analysed again as it is imported
        for b in client["bodywork_consent"]:
            b["checkin_id"] = ids[b["checkin_id"]]
            b.pop("updated_at")  # saved once, at the time it was first recorded
    for policy in document.get("policies", []):
        policy.pop("created_at")  # published again, and sealed, at the import
        for v in policy["versions"]:
            v.pop("published_at")
    document.pop("course")  # the learner's course records: kept where made, never imported
    document.pop("history")  # an imported record starts a history of its own
    for e in document["journal"]:
        e.pop("id")
        e["checkin_id"] = ids.get(e["checkin_id"]) if e["checkin_id"] else None
        e.pop("warning_title")
    return document


def test_an_export_of_the_demo_imports_into_an_empty_account_unchanged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    demo = load_demo(now=NOW)
    first = _export(demo.username, capsys)
    path = tmp_path / "demo.json"
    path.write_text(json.dumps(first))
    make_user("copy")
    main(["import", str(path), "--user", "copy"])
    assert "Imported 8 clients" in " ".join(capsys.readouterr().out.split())
    again = _export("copy", capsys)
    assert sum(len(c["checkins"]) for c in again["clients"]) > 100
    assert any(c["transcripts"] for c in again["clients"])
    assert _comparable(again) == _comparable(first)


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ('{"format": "fulcrum-workspace",\n "version": 1,\n "clients": [}', "line 3, column"),
        (
            '{"format": "fulcrum-workspace", "version": 1, "clients": '
            '[{"code": "A", "started_on": "2026-01-05", "checkins": [{"session_at": "soon"}]}]}',
            "clients[0].checkins[0].session_at",
        ),
        (
            '{"format": "fulcrum-workspace", "version": 1, "clients": '
            '[{"code": "A", "started_on": "2026-01-05", "modality": "juggling"}]}',
            "clients[0].modality",
        ),
        (  # refused by the check-in service after the client was made
            '{"format": "fulcrum-workspace", "version": 1, "clients": '
            '[{"code": "A", "started_on": "2026-01-05", "checkins": '
            '[{"session_at": "2026-10-01T10:00:00+00:00", "indicators": ["no-such-sign"]}]}]}',
            "clients[0].checkins[0]",
        ),
        (
            '{"format": "fulcrum-workspace", "version": 1, "clients": '
            '[{"code": "A", "started_on": "2026-01-05", "checkins": '
            '[{"session_at": "2026-10-01T10:00:00+00:00", "choices_count": "many"}]}]}',
            "clients[0].checkins[0]",
        ),
        (
            '{"format": "fulcrum-workspace", "version": 1, "clients": '
            '[{"code": "A", "started_on": "2026-01-05", "transcripts": [{"practitioner": "P", '
            '"guessed_confidence": 7, "utterances": [{"index": 0, "speaker": "P", '
            '"text": "Hi."}]}]}]}',
            "clients[0].transcripts[0].guessed_confidence",
        ),
        (
            '{"format": "fulcrum-workspace", "version": 1, "clients": '
            '[{"code": "A", "started_on": "2026-01-05", "transcripts": [{"practitioner": "P", '
            '"guessed_basis": "tea leaves", "utterances": [{"index": 0, "speaker": "P", '
            '"text": "Hi."}]}]}]}',
            "clients[0].transcripts[0]",
        ),
    ],
)
def test_a_malformed_export_names_the_line_or_field_and_loses_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, named: str
) -> None:
    owner = make_user("alice")
    path = tmp_path / "bad.json"
    path.write_text(text)
    with pytest.raises(SystemExit) as exit_info:
        main(["import", str(path), "--user", "alice"])
    assert exit_info.value.code == 1
    err = " ".join(capsys.readouterr().err.split())
    assert named in err
    assert "Traceback" not in err
    assert not Client.objects.filter(owner=owner).exists()
    assert User.objects.filter(username="alice").exists()


def test_it_refuses_a_workspace_that_holds_records(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    demo = load_demo(now=NOW)
    path = tmp_path / "demo.json"
    path.write_text(json.dumps(_export(demo.username, capsys)))
    with pytest.raises(SystemExit):
        main(["import", str(path), "--user", demo.username])
    assert "already holds records" in " ".join(capsys.readouterr().err.split())
