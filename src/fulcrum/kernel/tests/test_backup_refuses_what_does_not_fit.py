"""``fulcrum backup`` writes a sealed, private file; ``fulcrum restore`` checks its
manifest and refuses, in one sentence, a damaged file, a wrong passphrase or a database
that already holds records."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from fulcrum.cli import main
from fulcrum.kernel.backup import MAGIC, BackupError, make_backup, read_manifest, restore_backup
from fulcrum.testing import NOW, make_checkin, make_client, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def _backup(tmp_path: Path, **kwargs: str) -> Path:
    make_checkin(make_client(make_user("alice"), "C-1"), note="a note about the session")
    path = tmp_path / "practice.fbk"
    make_backup(path, now=NOW, **kwargs)
    return path


def test_it_writes_a_private_file_with_a_manifest_of_counts_and_a_hash(tmp_path: Path) -> None:
    path = _backup(tmp_path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    manifest, sealed = read_manifest(path)
    assert manifest["format"] == "fulcrum-backup"
    assert manifest["database"] in ("sqlite", "postgresql")
    assert manifest["counts"]["clients_client"] == 1
    assert manifest["counts"]["checkins_checkin"] == 1
    assert "django_session" not in manifest["counts"]
    assert len(manifest["payload_sha256"]) == 64
    assert b"a note about the session" not in path.read_bytes()
    assert b"C-1" not in sealed


def test_it_refuses_a_file_whose_payload_was_changed(tmp_path: Path) -> None:
    path = _backup(tmp_path)
    data = bytearray(path.read_bytes())
    data[-5] ^= 1
    path.write_bytes(bytes(data))
    with pytest.raises(BackupError, match="does not match the manifest's SHA-256"):
        read_manifest(path)


def test_it_refuses_a_manifest_that_was_changed(tmp_path: Path, db: None) -> None:
    path = _backup(tmp_path)
    head, _, rest = path.read_bytes()[len(MAGIC) :].partition(b"\n")
    manifest = json.loads(head)
    manifest["made_at"] = "2020-01-01T00:00:00+00:00"
    path.write_bytes(MAGIC + json.dumps(manifest).encode() + b"\n" + rest)
    from fulcrum.kernel.backup import open_payload

    manifest, sealed = read_manifest(path)
    with pytest.raises(BackupError, match="does not open"):
        open_payload(manifest, sealed, passphrase=None)


def test_it_refuses_what_is_not_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello")
    with pytest.raises(BackupError, match="is not a sealed Fulcrum file"):
        read_manifest(path)


def test_it_refuses_a_wrong_passphrase(tmp_path: Path) -> None:
    path = _backup(tmp_path, passphrase="correct horse battery")
    manifest, sealed = read_manifest(path)
    assert manifest["seal"]["kind"] == "passphrase"
    from fulcrum.kernel.backup import open_payload

    with pytest.raises(BackupError, match="passphrase is wrong"):
        open_payload(manifest, sealed, passphrase="wrong horse")
    with pytest.raises(BackupError, match="give it with --passphrase"):
        open_payload(manifest, sealed, passphrase=None)


def test_it_refuses_to_restore_over_records(tmp_path: Path) -> None:
    path = _backup(tmp_path)
    with pytest.raises(BackupError, match="The database is not empty"):
        restore_backup(path)


def test_the_command_says_one_sentence_and_exits_non_zero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _backup(tmp_path)
    with pytest.raises(SystemExit) as exit_info:
        main(["restore", str(path)])
    assert exit_info.value.code == 1
    err = " ".join(capsys.readouterr().err.split())
    assert "Error: The database is not empty" in err
    assert "Traceback" not in err
