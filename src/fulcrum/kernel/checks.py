"""A warning when the data key is kept where a copy of the database would take it too."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Warning, register

from fulcrum.kernel.keys import key_dir


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
