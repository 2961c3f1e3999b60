"""Checks of the key store: that its keys can be read, and are not kept where a copy of
the database would take them too."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning, register

from fulcrum.kernel.keys import KeyStoreError, key_dir, key_file, key_ring


@register()
def check_key_outside_data_folder(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if getattr(settings, "FULCRUM_DATA_KEY", ""):
        return []
    keys = key_dir().resolve()
    data = Path(settings.DATA_DIR).resolve()
    if keys == data or data in keys.parents:
        return [
            Warning(
                f"The data key folder {keys} is inside the data folder {data}, so a copy "
                "of the data folder carries the key that opens it.",
                hint="Set FULCRUM_KEY_DIR outside FULCRUM_DATA_DIR (docs/encryption.md).",
                id="fulcrum.W101",
            )
        ]
    return []


@register()
def check_data_key_readable(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """An unreadable key would fail the first page that opens a value; say so at start."""
    if not getattr(settings, "FULCRUM_DATA_KEY", "") and not key_file().exists():
        return []  # made on first use
    try:
        key_ring(refresh=True)
    except KeyStoreError as exc:
        return [Error(str(exc), hint="See docs/encryption.md.", id="fulcrum.E101")]
    return []
