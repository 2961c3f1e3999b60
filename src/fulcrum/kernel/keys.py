"""Named secrets kept outside the database, created on first use.

Each secret is one file, readable by its owner alone (0600), in a folder only its
owner may enter (0700) beside the data folder: ``<DATA_DIR>-keys/<name>``. A copy of
the database alone therefore carries no key. The folder is read at call time, so
tests and deployments can point ``DATA_DIR`` elsewhere.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

from django.conf import settings

_NAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,99}")


def key_folder() -> Path:
    """The folder the secrets live in, beside ``settings.DATA_DIR``."""
    data_dir = Path(settings.DATA_DIR)
    return data_dir.with_name(data_dir.name + "-keys")


def secret(name: str, *, create: Callable[[], bytes]) -> bytes:
    """The secret called ``name``; on first use, ``create()`` makes it and it is kept."""
    if not _NAME.fullmatch(name):
        raise ValueError(f"{name!r} is not a secret's name (lower-case letters, digits, . _ -).")
    folder = key_folder()
    path = folder / name
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    value = create()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    folder.chmod(0o700)
    # Written aside and linked into place, so a reader never sees half a secret and
    # two first uses at once keep the one that landed first.
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".new-")
    try:
        os.fchmod(handle, 0o600)
        os.write(handle, value)
        os.fsync(handle)
        os.close(handle)
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
    finally:
        os.unlink(temporary)
    return path.read_bytes()
