"""An export holds clinical text in the clear, so its file is readable by its owner alone."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from fulcrum.cli import main
from fulcrum.testing import make_checkin, make_client, make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_it_writes_the_export_0600_even_over_a_readable_file(tmp_path: Path, fmt: str) -> None:
    make_checkin(make_client(make_user("alice")), note="a note")
    target = tmp_path / f"alice.{fmt}"
    target.write_text("old")
    target.chmod(0o644)
    main(["export", "--user", "alice", "--format", fmt, "--output", str(target)])
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text() != "old"
