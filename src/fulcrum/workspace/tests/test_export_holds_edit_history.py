"""The export carries each record's edit history — what every edit replaced and why —
naming the record by the id the export gives it, with aliases scrubbed from the replaced
words unless asked to keep them; import leaves the history out."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from fulcrum.checkins.services import CheckInData, update_checkin
from fulcrum.reflection.services import EntryData, update_entry, write_entry
from fulcrum.testing import NOW, make_checkin, make_client, make_user
from fulcrum.workspace.export import export_workspace

pytestmark = pytest.mark.django_db


def test_each_edit_is_exported_with_what_it_replaced_and_why() -> None:
    pat = make_user("pat")
    client = make_client(pat, "P-001", alias="Juno Marsh")
    other = make_user("quinn")
    make_checkin(make_client(other, "Q-001"), note="Quinn's note.")
    checkin = make_checkin(client, note="Juno Marsh arrived late.")
    later = NOW + timedelta(hours=1)
    update_checkin(
        checkin,
        CheckInData(session_at=checkin.session_at, note="Arrived on time."),
        now=later,
        reason="Juno Marsh's clock was wrong.",
    )
    entry = write_entry(pat, EntryData(body="First words."), now=NOW)
    update_entry(entry, EntryData(body="Second words."), now=later, reason="Said it better.")

    document = json.loads(export_workspace(pat, fmt="json", include_alias=False))
    by_subject = {h["subject"]: h for h in document["history"]}
    assert set(by_subject) == {"checkin", "journal"}
    edit = by_subject["checkin"]
    assert edit["id"] == document["clients"][0]["checkins"][0]["id"]
    assert edit["number"] == 1
    assert edit["before"]["note"] == "[P-001] arrived late."
    assert edit["reason"] == "[P-001]'s clock was wrong."
    assert by_subject["journal"]["id"] == document["journal"][0]["id"]
    assert by_subject["journal"]["before"]["body"] == "First words."
    assert "Quinn" not in json.dumps(document["history"])

    named = json.loads(export_workspace(pat, fmt="json", include_alias=True))
    assert named["history"][0]["before"]["note"] == "Juno Marsh arrived late."
