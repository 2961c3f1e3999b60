"""The data folder is 0700, the SQLite database and its side files 0600, and SQLite
overwrites what it deletes."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from django.db import connection

from fulcrum.kernel.files import secure_data_folder, write_private_text


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_it_makes_the_data_folder_and_database_private_before_sqlite_opens_it(
    tmp_path: Path,
) -> None:
    data = tmp_path / "var"
    database = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(data / "fulcrum.sqlite3")}
    secure_data_folder(data, {"default": database})
    assert _mode(data) == 0o700
    assert _mode(data / "fulcrum.sqlite3") == 0o600


def test_it_tightens_files_made_readable_before(tmp_path: Path) -> None:
    data = tmp_path / "var"
    data.mkdir(mode=0o755)
    data.chmod(0o755)
    for name in ("fulcrum.sqlite3", "fulcrum.sqlite3-wal", "fulcrum.sqlite3-shm"):
        (data / name).write_bytes(b"")
        (data / name).chmod(0o644)
    database = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(data / "fulcrum.sqlite3")}
    secure_data_folder(data, {"default": database})
    assert _mode(data) == 0o700
    for name in ("fulcrum.sqlite3", "fulcrum.sqlite3-wal", "fulcrum.sqlite3-shm"):
        assert _mode(data / name) == 0o600, name


def test_it_writes_private_text_over_a_readable_file(tmp_path: Path) -> None:
    target = tmp_path / "export.json"
    target.write_text("old")
    target.chmod(0o644)
    write_private_text(target, "new")
    assert _mode(target) == 0o600
    assert target.read_text() == "new"


@pytest.mark.django_db
def test_it_has_sqlite_overwrite_what_it_deletes() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("secure_delete is an SQLite setting; PostgreSQL needs VACUUM instead.")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA secure_delete")
        assert cursor.fetchone()[0] == 1
