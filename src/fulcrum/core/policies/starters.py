"""The kinds of practice policy, and Fulcrum's starter text for each.

The starter texts live in ``data/policies/starters.toml`` so they can be edited as text.
``load_starters()`` reads them and checks that every kind has exactly one, with a title
and some words, and nothing it does not know. A starter is only a beginning: the
practitioner makes it their own before publishing it.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fulcrum.core.errors import CatalogueError
from fulcrum.core.policies.text import canonical_text, text_hash

__all__ = ["DEFAULT_PATH", "KINDS", "KIND_LABELS", "Starter", "default_starters", "load_starters"]

DEFAULT_PATH = Path(__file__).parent.parent / "data" / "policies" / "starters.toml"

KIND_LABELS: dict[str, str] = {
    "cancellation": "Cancellation and missed sessions",
    "payment": "Payment and fees",
    "lateness": "Lateness (yours and mine)",
    "contact": "Contact between sessions",
    "touch": "Touch",
    "positioning": "Positioning and draping",
    "self_disclosure": "Self-disclosure",
    "confidentiality": "Confidentiality and its limits",
    "recording": "Recording of sessions",
    "your_part": "Your part",
    "other": "Other",
}
KINDS: tuple[str, ...] = tuple(KIND_LABELS)

_KEYS = frozenset({"kind", "title", "text"})


@dataclass(frozen=True)
class Starter:
    """One kind's starter text, held in canonical form with its hash."""

    kind: str
    title: str
    text: str

    @property
    def sha256(self) -> str:
        return text_hash(self.text)


def load_starters(path: Path | None = None) -> dict[str, Starter]:
    """Read and validate a starter file; return the starters by kind, in ``KINDS`` order."""
    return _validate(path or DEFAULT_PATH, _read(path or DEFAULT_PATH))


@functools.cache
def default_starters() -> dict[str, Starter]:
    """Return the packaged starter texts (read once)."""
    return load_starters(DEFAULT_PATH)


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise CatalogueError(f"{path}: the starter policy file is missing.") from None
    except tomllib.TOMLDecodeError as exc:
        raise CatalogueError(f"{path}: not valid TOML ({exc}).") from None


def _validate(path: Path, document: dict[str, Any]) -> dict[str, Starter]:
    unexpected = set(document) - {"starter"}
    if unexpected:
        raise CatalogueError(f"{path}: unexpected top-level key(s) {sorted(unexpected)}.")
    tables = document.get("starter", [])
    if not isinstance(tables, list):
        raise CatalogueError(f"{path}: 'starter' must be a list of [[starter]] tables.")
    found: dict[str, Starter] = {}
    for number, table in enumerate(tables, start=1):
        where = f"{path}: starter {number}"
        if not isinstance(table, dict):
            raise CatalogueError(f"{where} is not a table.")
        extra, missing = set(table) - _KEYS, _KEYS - set(table)
        if extra:
            raise CatalogueError(f"{where} has unknown key(s) {sorted(extra)}.")
        if missing:
            raise CatalogueError(f"{where} lacks {sorted(missing)}.")
        kind, title, text = table["kind"], table["title"], table["text"]
        if kind not in KIND_LABELS:
            raise CatalogueError(f"{where} has an unknown kind {kind!r}.")
        if kind in found:
            raise CatalogueError(f"{where} repeats the kind {kind!r}.")
        for name, value in (("title", title), ("text", text)):
            if not isinstance(value, str) or not value.strip():
                raise CatalogueError(f"{where} ({kind}) needs some words in {name!r}.")
        found[kind] = Starter(kind, title.strip(), canonical_text(text).strip("\n"))
    absent = [k for k in KINDS if k not in found]
    if absent:
        raise CatalogueError(f"{path}: no starter text for {', '.join(absent)}.")
    return {k: found[k] for k in KINDS}
