"""The workspace commands through ``fulcrum.cli.main``: export, demo, run's preparation."""

from __future__ import annotations

import csv
import importlib
import importlib.util
import io
import json
from pathlib import Path
from unittest import mock

import pytest

from fulcrum.accounts.models import User
from fulcrum.cli import main
from fulcrum.cli.workspace import prepare_database
from fulcrum.kernel.links import is_loopback
from fulcrum.testing import make_checkin, make_client, make_power_map, make_user

HAS_DEMO = importlib.util.find_spec("fulcrum.demo") is not None


@pytest.fixture
def workspaces(db: None) -> User:
    """alice with two clients (a map, check-ins, warnings); bob with a client of his own."""
    alice = make_user("alice")
    ash = make_client(alice, "A-001", alias="Ash")
    make_client(alice, "A-002", alias="=HYPERLINK()")
    make_power_map(ash, note="alice's map")
    for i in range(14):
        drifting = i >= 8
        make_checkin(
            ash,
            days_ago=14 - i,
            choices_offered="no" if drifting else "yes",
            started_on_time=not drifting,
            note="alice's note",
        )
    bob = make_user("bob")
    birch = make_client(bob, "B-SECRET", alias="Birch")
    make_power_map(birch, note="bob's map")
    make_checkin(birch, note="bob's note")
    return alice


def test_it_exports_one_workspace_as_json_without_aliases(
    workspaces: User, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["export", "--user", "alice", "--format", "json"])
    out = capsys.readouterr().out
    document = json.loads(out)
    clients = document["clients"]
    assert [c["code"] for c in clients] == ["A-001", "A-002"]
    assert all("alias" not in c for c in clients)
    ash = clients[0]
    assert len(ash["checkins"]) == 14
    assert ash["checkins"][0]["scores"].keys() == {"over", "under", "skilful"}
    assert [m["note"] for m in ash["power_maps"]] == ["alice's map"]
    assert ash["warnings"], "the drifting history should have raised warnings"
    assert "Ash" not in out
    for foreign in ("B-SECRET", "bob", "Birch"):
        assert foreign not in out


def test_it_includes_aliases_only_when_asked(
    workspaces: User, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["export", "--user", "alice", "--format", "json", "--include-alias"])
    clients = json.loads(capsys.readouterr().out)["clients"]
    assert [c["alias"] for c in clients] == ["Ash", "=HYPERLINK()"]


def test_it_exports_checkins_as_csv_to_a_file(
    workspaces: User, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "alice.csv"
    main(["export", "--user", "alice", "--format", "csv", "--output", str(target)])
    assert capsys.readouterr().out == ""
    rows = list(csv.DictReader(io.StringIO(target.read_text())))
    assert len(rows) == 14
    assert {r["client_code"] for r in rows} == {"A-001"}
    assert "client_alias" not in rows[0]
    assert rows[-1]["observed"].split(";") == ["late_start", "no_choices_offered"]
    assert float(rows[-1]["over_score"]) > 0
    assert "B-SECRET" not in target.read_text()


def test_it_guards_aliases_against_spreadsheet_formulas(
    workspaces: User, capsys: pytest.CaptureFixture[str]
) -> None:
    alice = User.objects.get(username="alice")
    make_checkin(alice.clients.get(code="A-002"))
    main(["export", "--user", "alice", "--format", "csv", "--include-alias"])
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {r["client_alias"] for r in rows} == {"Ash", "'=HYPERLINK()"}


def test_it_refuses_an_unknown_user(db: None, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["export", "--user", "nobody", "--format", "json"])
    assert exit_info.value.code == 1
    captured = capsys.readouterr()
    assert "There is no user called 'nobody'." in " ".join(captured.err.split())
    assert "Traceback" not in captured.err
    assert captured.out == ""


def test_it_refuses_an_unknown_format(workspaces: User, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["export", "--user", "alice", "--format", "xml"])
    assert exit_info.value.code == 1
    assert "Unknown format 'xml'; use json or csv." in " ".join(capsys.readouterr().err.split())


def test_it_refuses_an_output_folder_that_does_not_exist(
    workspaces: User, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        main(["export", "--user", "alice", "--output", str(tmp_path / "no" / "x.json")])
    assert "does not exist" in " ".join(capsys.readouterr().err.split())


def test_it_prepares_a_database_that_already_has_users_without_the_demo(
    workspaces: User,
) -> None:
    before = User.objects.count()
    prepared = prepare_database(load_demo=True)
    assert not prepared.demo_loaded
    assert User.objects.count() == before


def test_it_leaves_an_empty_database_empty_without_the_demo(db: None) -> None:
    prepared = prepare_database(load_demo=False)
    assert not prepared.demo_loaded
    assert not User.objects.exists()


@pytest.mark.skipif(not HAS_DEMO, reason="fulcrum.demo (the demo loader) is not written yet")
def test_it_loads_the_demo_into_an_empty_database(db: None) -> None:
    demo = importlib.import_module("fulcrum.demo")

    prepared = prepare_database(load_demo=True)
    assert prepared.demo_loaded
    assert prepared.demo_login is not None
    assert prepared.demo_login.username == demo.DEMO_USERNAME
    assert User.objects.get(username=demo.DEMO_USERNAME).clients.exists()


@pytest.mark.skipif(not HAS_DEMO, reason="fulcrum.demo (the demo loader) is not written yet")
def test_it_loads_and_resets_the_demo_workspace(
    db: None, capsys: pytest.CaptureFixture[str]
) -> None:
    demo = importlib.import_module("fulcrum.demo")

    main(["demo"])
    assert demo.DEMO_PASSWORD in capsys.readouterr().out
    first = User.objects.get(username=demo.DEMO_USERNAME).pk
    main(["demo"])
    assert "already loaded" in capsys.readouterr().out
    main(["demo", "--reset"])
    assert User.objects.get(username=demo.DEMO_USERNAME).pk != first


def test_it_refuses_to_serve_beyond_this_machine_without_allow_remote(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with (
        mock.patch("fulcrum.cli.workspace.prepare_database") as prepare,
        pytest.raises(SystemExit) as exit_info,
    ):
        main(["run", "--host", "0.0.0.0"])  # noqa: S104 - the refusal is the point
    assert exit_info.value.code == 1
    assert "--allow-remote" in " ".join(capsys.readouterr().err.split())
    prepare.assert_not_called()


def test_it_serves_with_runserver_on_loopback(db: None, capsys: pytest.CaptureFixture[str]) -> None:
    with mock.patch("django.core.management.call_command") as call_command:
        main(["run", "--port", "8123", "--no-demo"])
    runserver = call_command.call_args_list[-1]
    assert runserver.args == ("runserver", "127.0.0.1:8123")
    assert runserver.kwargs["use_reloader"] is False
    assert runserver.kwargs["insecure_serving"] is True
    assert "http://127.0.0.1:8123/" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("127.0.0.1", True),
        ("127.0.0.2", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("0.0.0.0", False),  # noqa: S104
        ("192.168.1.5", False),
        ("example.org", False),
    ],
)
def test_it_tells_loopback_from_reachable_addresses(host: str, expected: bool) -> None:
    assert is_loopback(host) is expected


def test_it_passes_commands_through_to_django(capsys: pytest.CaptureFixture[str]) -> None:
    main(["manage", "check", "--fail-level", "ERROR"])
    assert "System check identified" in capsys.readouterr().out
