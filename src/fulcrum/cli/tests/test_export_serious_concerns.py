"""``fulcrum export`` carries each serious concern and what was done about it, with the
client's alias kept out of what was written unless asked."""

from __future__ import annotations

import json

import pytest

from fulcrum.accounts.models import User
from fulcrum.checkins.models import SeriousConcern
from fulcrum.checkins.services import ConcernClosing, close_concern
from fulcrum.cli import main
from fulcrum.testing import NOW, make_checkin, make_client, make_user


@pytest.fixture
def alice(db: None) -> User:
    alice = make_user("alice")
    ash = make_client(alice, "A-001", alias="Ashby")
    make_checkin(ash, days_ago=2, indicators=frozenset({"scope_creep"}))
    close_concern(
        SeriousConcern.objects.get(client=ash),
        ConcernClosing("Told Ashby it was outside my scope.", "My supervisor"),
        now=NOW,
    )
    make_checkin(ash, days_ago=1, indicators=frozenset({"consent_not_obtained"}))
    bob = make_user("bob")
    make_checkin(make_client(bob, "B-001"), days_ago=1, indicators=frozenset({"scope_creep"}))
    return alice


def test_it_exports_each_concern_closed_or_open(
    alice: User, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["export", "--user", "alice", "--format", "json"])
    document = json.loads(capsys.readouterr().out)
    [client] = document["clients"]
    closed, still_open = client["serious_concerns"]
    assert closed["indicator_ids"] == ["scope_creep"]
    assert closed["closed_at"] is not None
    assert closed["what_i_did"] == "Told [A-001] it was outside my scope."
    assert closed["who_i_consulted"] == "My supervisor"
    assert still_open["indicator_ids"] == ["consent_not_obtained"]
    assert still_open["closed_at"] is None
    assert still_open["what_i_did"] == ""
