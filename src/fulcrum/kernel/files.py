"""Files that hold clinical records are readable by Fulcrum's user alone.

The data folder is 0700; the SQLite database (and its WAL and shared-memory files,
which SQLite creates with the database's mode) and exports are 0600.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.conf import settings

from fulcrum.kernel.keys import ensure_private_dir

SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


def write_private_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` as UTF-8, mode 0600 even if the file existed."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        if path.is_file():
            os.fchmod(handle.fileno(), 0o600)
        handle.write(text)


def sqlite_path(database: dict[str, Any]) -> Path | None:
    """The file an SQLite database setting names, or None for another engine or memory."""
    if database.get("ENGINE") != "django.db.backends.sqlite3":
        return None
    name = str(database.get("NAME") or "")
    if not name or name == ":memory:" or name.startswith("file:") or "mode=memory" in name:
        return None
    return Path(name)


def secure_sqlite_file(path: Path) -> None:
    """Make the database file 0600 before SQLite opens it, and tighten its companions."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    for candidate in (path, *(Path(f"{path}{suffix}") for suffix in SQLITE_COMPANIONS)):
        try:
            if candidate.stat().st_mode & 0o077:
                candidate.chmod(0o600)
        except FileNotFoundError:
            continue


def secure_data_folder(
    data_dir: Path | None = None, databases: Mapping[str, dict[str, Any]] | None = None
) -> None:
    """Make the data folder 0700 and the SQLite database files 0600 (settings by default)."""
    data_dir = Path(settings.DATA_DIR) if data_dir is None else data_dir
    ensure_private_dir(data_dir)
    for database in (settings.DATABASES if databases is None else databases).values():
        path = sqlite_path(database)
        if path is None:
            continue
        if path.resolve().parent == data_dir.resolve():
            ensure_private_dir(path.parent)
        secure_sqlite_file(path)
