"""The de-identifier's word lists and cues, loaded once from the files bundled beside it.

``data/*.txt`` are built from packages whose licences allow it by
``scripts/build_deid_lexicon.py`` (sources in docs/decisions/0012-deid-word-lists.md and
NOTICE); ``data/cues.toml`` is Fulcrum's own. ``load_lexicon()`` reads them the way
``load_catalogue()`` reads the catalogue: once, validated, as frozen sets.
"""

from __future__ import annotations

import functools
import gzip
import tomllib
from dataclasses import dataclass
from pathlib import Path

from fulcrum.core.catalogue import load_catalogue
from fulcrum.core.errors import CatalogueError

__all__ = ["DATA_DIRECTORY", "Lexicon", "load_lexicon"]

DATA_DIRECTORY = Path(__file__).parent / "data"
_CUE_LISTS = (
    "keep",
    "lookalike",
    "titles",
    "person_after",
    "person_before",
    "place_before",
    "org_words",
    "place_words",
    "connectors",
    "rare_roles",
    "events",
)


@dataclass(frozen=True)
class Lexicon:
    """Everything the name stage looks words up in; every entry in lower case."""

    first_names: frozenset[str]
    surnames: frozenset[str]
    places: frozenset[str]
    big_places: frozenset[str]
    common_words: frozenset[str]
    frequent_words: frozenset[str]
    # Every lower-case word of a large dictionary: what a capitalised word could also be.
    dictionary: frozenset[str]
    keep: frozenset[str]
    lookalike: frozenset[str]
    titles: frozenset[str]
    person_after: frozenset[str]
    person_before: frozenset[str]
    place_before: frozenset[str]
    org_words: frozenset[str]
    place_words: frozenset[str]
    connectors: frozenset[str]
    rare_roles: tuple[str, ...]
    events: frozenset[str]
    power_kinds: frozenset[str]
    # The longest place name, in words, so multi-word lookups stay bounded.
    place_words_max: int


def _words(path: Path) -> frozenset[str]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CatalogueError(f"{path.name}: cannot be read ({exc.strerror}).") from None
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and line[0] != "#"
    )


def _gzip_words(path: Path) -> frozenset[str]:
    try:
        text = gzip.decompress(path.read_bytes()).decode("utf-8")
    except (OSError, EOFError) as exc:
        raise CatalogueError(f"{path.name}: cannot be read ({exc}).") from None
    return frozenset(line for line in text.splitlines() if line and line[0] != "#")


@functools.cache
def load_lexicon(directory: Path = DATA_DIRECTORY) -> Lexicon:
    """Read and check the bundled lists; raise ``CatalogueError`` naming the file."""
    try:
        cues = tomllib.loads((directory / "cues.toml").read_text(encoding="utf-8"))
    except OSError as exc:
        raise CatalogueError(f"cues.toml: cannot be read ({exc.strerror}).") from None
    except tomllib.TOMLDecodeError as exc:
        raise CatalogueError(f"cues.toml: {exc}.") from None
    lists: dict[str, frozenset[str]] = {}
    for name in _CUE_LISTS:
        value = cues.get(name)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise CatalogueError(f"cues.toml: {name!r} must be a list of strings.")
        lists[name] = frozenset(v.lower() for v in value)
    files = {
        name: _words(directory / f"{name}.txt")
        for name in (
            "first_names",
            "surnames",
            "places",
            "big_places",
            "common_words",
            "frequent_words",
        )
    }
    for name, words in files.items():
        if not words:
            raise CatalogueError(f"{name}.txt is empty.")
    catalogue = load_catalogue()
    kinds = frozenset(
        word for kind in catalogue.kinds for word in (kind.id.lower(), kind.label.lower())
    )
    return Lexicon(
        first_names=files["first_names"],
        surnames=files["surnames"],
        places=files["places"],
        big_places=files["big_places"],
        common_words=files["common_words"] | lists["lookalike"],
        frequent_words=files["frequent_words"] | lists["lookalike"],
        dictionary=_gzip_words(directory / "dictionary.txt.gz"),
        keep=lists["keep"],
        lookalike=lists["lookalike"] | kinds,
        titles=lists["titles"],
        person_after=lists["person_after"],
        person_before=lists["person_before"],
        place_before=lists["place_before"],
        org_words=lists["org_words"],
        place_words=lists["place_words"],
        connectors=lists["connectors"],
        rare_roles=tuple(sorted(lists["rare_roles"], key=len, reverse=True)),
        events=lists["events"],
        power_kinds=kinds,
        place_words_max=max(len(p.split()) for p in files["places"]),
    )
