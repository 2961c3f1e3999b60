"""Practice policies go out with the export and come back with the import, version by
version with the same numbers and hashes; consent events go out and are not imported
(decision 0023), and a version whose words do not match its hash is refused first."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from fulcrum.cli import main
from fulcrum.policies import services
from fulcrum.policies.consent import record_consent
from fulcrum.policies.models import ConsentEvent, PolicyVersion
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
    first = services.publish(draft, change="", summary="", effective_on=NOW.date(), now=NOW)
    record_consent(
        client, first, event="accepted", channel="link", typed_name="Robin Vale", now=NOW
    )
    draft = services.start_draft(owner, "cancellation", now=NOW)
    services.edit_draft(draft, title="If you need to cancel", text="Two days ahead.", now=NOW)
    services.publish(
        draft, change="material", summary="Two days now.", effective_on=NOW.date(), now=NOW
    )
    record_consent(
        client, first, event="question", channel="verbal", checkin=checkin,
        question="Does Robin Vale pay if ill?", now=NOW,
    )  # fmt: skip
    services.start_draft(owner, "payment", now=NOW)


def test_the_export_holds_policies_and_consent_events_and_the_name_only_with_aliases(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _practice()
    document = _export("pat", capsys)
    (cancel, payment) = document["policies"]
    assert [v["number"] for v in cancel["versions"]] == [1, 2]
    assert [v["sha256"] for v in cancel["versions"]] == list(
        PolicyVersion.objects.filter(policy__kind="cancellation")
        .order_by("number")
        .values_list("sha256", flat=True)
    )
    assert payment["versions"] == []
    assert payment["draft"]["text"]
    events = document["clients"][0]["consent_events"]
    assert [(e["event"], e["version"]) for e in events] == [("accepted", 1), ("question", 1)]
    assert all(len(e["ledger_entry_hash"]) == 64 for e in events)
    assert "Robin Vale" not in json.dumps(events)  # no typed name, the alias scrubbed
    with_alias = _export("pat", capsys, "--include-alias")["clients"][0]["consent_events"]
    assert with_alias[0]["typed_name"] == "Robin Vale"


def test_import_publishes_the_versions_again_and_skips_consent_events(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _practice()
    first = _export("pat", capsys, "--include-alias")
    path = tmp_path / "pat.json"
    path.write_text(json.dumps(first))
    copy = make_user("copy")
    main(["import", str(path), "--user", "copy"])
    said = " ".join(capsys.readouterr().out.split())
    assert "2 policy versions" in said
    assert "2 consent events were not imported" in said
    versions = PolicyVersion.objects.filter(policy__owner=copy, published_at__isnull=False)
    assert sorted((v.number, v.change, v.sha256) for v in versions) == [
        (v["number"], v["change"], v["sha256"]) for v in first["policies"][0]["versions"]
    ]
    assert not ConsentEvent.objects.filter(client__owner=copy).exists()
    again = _export("copy", capsys, "--include-alias")
    assert again["clients"][0]["consent_events"] == []
    for policy in (*first["policies"], *again["policies"]):
        policy.pop("created_at")
        for v in policy["versions"]:
            v.pop("published_at")
    assert again["policies"] == first["policies"]


def test_a_version_whose_words_do_not_match_its_hash_is_refused_before_anything(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _practice()
    document = _export("pat", capsys)
    document["policies"][0]["versions"][1]["text"] = "Three days ahead."
    path = tmp_path / "pat.json"
    path.write_text(json.dumps(document))
    copy = make_user("copy")
    with pytest.raises(SystemExit) as exited:
        main(["import", str(path), "--user", "copy"])
    assert exited.value.code != 0
    assert "policies[0].versions[1].sha256" in " ".join(capsys.readouterr().err.split())
    assert not PolicyVersion.objects.filter(policy__owner=copy).exists()
    assert not copy.clients.exists()
