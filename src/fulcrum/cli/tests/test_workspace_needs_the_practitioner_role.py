"""A workspace is a practitioner's: ``fulcrum export`` refuses an account without the
role in one sentence, and ``fulcrum import`` gives the role to the account it loads a
workspace into (one made with ``createsuperuser`` holds none)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fulcrum.accounts.models import Role, User
from fulcrum.accounts.roles import holds
from fulcrum.cli import main
from fulcrum.clients.access import clients_for_user
from fulcrum.testing import make_client, make_user

pytestmark = pytest.mark.django_db


def test_it_refuses_to_export_an_account_without_the_role(
    capsys: pytest.CaptureFixture[str],
) -> None:
    make_user("dana", Role.SUPERVISOR)
    with pytest.raises(SystemExit) as exit_info:
        main(["export", "--user", "dana"])
    assert exit_info.value.code == 1
    err = " ".join(capsys.readouterr().err.split())
    assert "'dana' does not hold the practitioner role, so has no workspace." in err
    assert "Traceback" not in err


def test_it_gives_the_role_to_an_account_it_imports_a_workspace_into(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_client(make_user("alice"), "A-001")
    main(["export", "--user", "alice", "--include-alias"])
    document = json.loads(capsys.readouterr().out)
    path = tmp_path / "alice.json"
    path.write_text(json.dumps(document))
    fresh = User.objects.create_user(username="fresh", password="x" * 20)
    main(["import", str(path), "--user", "fresh"])
    assert "fresh now holds the practitioner role" in capsys.readouterr().out
    fresh = User.objects.get(pk=fresh.pk)
    assert holds(fresh, Role.PRACTITIONER)
    assert [c.code for c in clients_for_user(fresh)] == ["A-001"]
