"""Enforcement records and bodywork consent go out with the export, the aliases scrubbed
from their notes as from every note; the import puts each session's bodywork consent
back and skips the enforcement records, as it skips the consent they were read against
(decision 0028)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from fulcrum.checkins.models import DriftWarning
from fulcrum.cli import main
from fulcrum.policies import services
from fulcrum.policies.consent import record_consent
from fulcrum.policies.enforcement import (
    BodyworkData,
    EnforcementData,
    record_bodywork,
    record_enforcement,
)
from fulcrum.policies.models import EnforcementRecord, SessionBodywork
from fulcrum.testing import NOW, make_checkin, make_client, make_user

pytestmark = pytest.mark.django_db


def _export(username: str, capsys: pytest.CaptureFixture[str], *extra: str) -> dict[str, Any]:
    capsys.readouterr()
    main(["export", "--user", username, *extra])
    document: dict[str, Any] = json.loads(capsys.readouterr().out)
    return document


def _practice() -> None:
    owner = make_user("pat")
    client = make_client(owner, "P-1", alias="Robin Vale")
    checkin = make_checkin(client, days_ago=1)
    draft = services.start_draft(owner, "cancellation", now=NOW)
    services.edit_draft(draft, title="If you need to cancel", text="A day ahead.", now=NOW)
    version = services.publish(draft, change="", summary="", effective_on=NOW.date(), now=NOW)
    record_consent(
        client, version, event="accepted", channel="link", typed_name="Robin Vale", now=NOW
    )
    for action, note in (("waived", "Robin Vale's child was ill."), ("enforced", "")):
        record_enforcement(
            client,
            EnforcementData(
                policy=version.policy,
                occasion="late_cancellation",
                action=action,
                occurred_on=NOW.date(),
                amount=None if note else Decimal("45.50"),
                note=note,
                checkin=checkin,
            ),
            now=NOW,
        )
    record_bodywork(
        checkin,
        BodyworkData(
            areas_to_work=frozenset({"upper_back"}),
            areas_to_avoid=frozenset({"abdomen"}),
            areas_worked=frozenset({"upper_back", "abdomen"}),
            pressure="firm",
            draping_agreed=True,
            agreement_note="Robin Vale chose the draping.",
            withdrew=True,
            withdrawal_note="Asked to stop; we stopped.",
        ),
        now=NOW,
    )


def test_the_export_holds_enforcement_records_and_bodywork_consent(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _practice()
    (client,) = _export("pat", capsys)["clients"]
    waived, enforced = client["enforcement_records"]
    assert (waived["action"], waived["policy"], waived["version"]) == ("waived", "cancellation", 1)
    assert waived["agreed_version"] == 1
    assert waived["note"] == "[P-1]'s child was ill."  # the alias scrubbed
    assert (enforced["action"], enforced["amount"]) == ("enforced", "45.50")
    assert waived["checkin_id"] == client["checkins"][0]["id"]
    assert len(waived["ledger_entry_hash"]) == 64
    (bodywork,) = client["bodywork_consent"]
    assert bodywork["areas_worked"] == ["upper_back", "abdomen"]
    assert bodywork["agreement_note"] == "[P-1] chose the draping."
    assert bodywork["withdrawal_note"] == "Asked to stop; we stopped."
    named = _export("pat", capsys, "--include-alias")["clients"][0]
    assert named["enforcement_records"][0]["note"] == "Robin Vale's child was ill."


def test_import_restores_bodywork_consent_and_skips_enforcement_records(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _practice()
    first = _export("pat", capsys, "--include-alias")
    path = tmp_path / "pat.json"
    path.write_text(json.dumps(first))
    copy = make_user("copy")
    main(["import", str(path), "--user", "copy"])
    said = " ".join(capsys.readouterr().out.split())
    assert "1 sessions' bodywork consent" in said
    assert "2 enforcement records were not imported" in said
    assert not EnforcementRecord.objects.filter(client__owner=copy).exists()
    row = SessionBodywork.objects.get(checkin__client__owner=copy)
    assert row.areas_to_avoid == ["abdomen"]
    assert row.agreement_note == "Robin Vale chose the draping."
    # Work in an area the client asked to avoid is found again from what was loaded.
    assert DriftWarning.objects.filter(client__owner=copy, rule="bodywork_declined_area").exists()
    again = _export("copy", capsys, "--include-alias")["clients"][0]
    assert again["enforcement_records"] == []
    mine, theirs = again["bodywork_consent"][0], first["clients"][0]["bodywork_consent"][0]
    for kept in (mine, theirs):
        for moved in ("checkin_id", "updated_at"):
            kept.pop(moved)
    assert mine == theirs
