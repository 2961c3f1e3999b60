"""``fulcrum export --passphrase`` writes the export sealed: private, unreadable without
the passphrase, and the same JSON once opened."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from fulcrum.cli import main
from fulcrum.kernel.backup import EXPORT_FORMAT, BackupError, open_sealed, read_manifest
from fulcrum.testing import make_checkin, make_client, make_user

pytestmark = pytest.mark.django_db


def test_it_seals_the_export_and_opens_it_with_the_passphrase(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    make_checkin(make_client(make_user("alice"), "A-001"), note="a private session note")
    main(["export", "--user", "alice"])
    plain = capsys.readouterr().out
    monkeypatch.setenv("FULCRUM_BACKUP_PASSPHRASE", "a long export passphrase")
    target = tmp_path / "alice.json.sealed"
    main(["export", "--user", "alice", "--passphrase", "--output", str(target)])
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert b"a private session note" not in target.read_bytes()
    manifest, sealed = read_manifest(target, fmt=EXPORT_FORMAT)
    assert manifest["content"] == "json"
    opened = open_sealed(manifest, sealed, passphrase="a long export passphrase")
    assert json.loads(opened) == json.loads(plain)
    with pytest.raises(BackupError, match="passphrase is wrong"):
        open_sealed(manifest, sealed, passphrase="another")


def test_a_sealed_export_needs_a_file(capsys: pytest.CaptureFixture[str]) -> None:
    make_user("alice")
    with pytest.raises(SystemExit) as exit_info:
        main(["export", "--user", "alice", "--passphrase"])
    assert exit_info.value.code == 1
    assert "give --output with --passphrase" in " ".join(capsys.readouterr().err.split())


def test_a_sealed_export_imports_with_its_passphrase(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    make_checkin(make_client(make_user("alice"), "A-001"), note="a private session note")
    monkeypatch.setenv("FULCRUM_BACKUP_PASSPHRASE", "a long export passphrase")
    target = tmp_path / "alice.json.sealed"
    main(["export", "--user", "alice", "--include-alias", "--passphrase", "-o", str(target)])
    copy = make_user("copy")
    main(["import", str(target), "--user", "copy"])
    from fulcrum.checkins.models import CheckIn

    (checkin,) = CheckIn.objects.filter(client__owner=copy)
    assert checkin.note == "a private session note"
