"""The crash benchmark's machinery at a tiny scale: one kill of the real server and the
writer on SQLite, then the count of what survived."""

from __future__ import annotations

import json

import pytest

from fulcrum.cli import main


def test_it_kills_the_server_and_finds_every_acknowledged_save(
    capsys: pytest.CaptureFixture[str],
) -> None:
    main(["bench", "crash", "--rounds", "1", "--databases", "sqlite"])
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])["sqlite"]
    assert result["rounds"] == 1
    assert result["acknowledged"] > 0
    assert result["lost"] == 0, result["lost_examples"]
    assert result["ledger_ok"] is True
    assert result["integrity"] == ["ok"]
