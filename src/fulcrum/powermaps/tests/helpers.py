from __future__ import annotations

from typing import Any

from fulcrum.core.catalogue import load_catalogue


def map_post(
    practitioner: int = 2, client: int = 1, **overrides: str | list[str]
) -> dict[str, str | list[str]]:
    """A complete power map submission: every kind rated for both sides."""
    data: dict[str, str | list[str]] = {}
    for kind in load_catalogue().kinds:
        data[f"practitioner__{kind.id}"] = str(practitioner)
        data[f"client__{kind.id}"] = str(client)
    data.update(overrides)
    return data


def unchanged_post(form: Any) -> dict[str, str | list[str]]:
    """What the browser sends when the page's form is saved as it was shown."""
    data: dict[str, str | list[str]] = {}
    for field in form:
        value = field.value()
        if isinstance(value, list | tuple):
            data[field.html_name] = [str(v) for v in value]
        elif value not in (None, ""):
            data[field.html_name] = str(value)
    return data
