"""Stage 1: the workspace's own identifiers — aliases and every part of them, client codes,
the practitioner's name, registered places and organisations — in any case, possessive,
hyphenated, run together or inside quotes.

A part that is an ordinary English word and not a first name ("Cash" of "Cash Jo", each
word of "Table work, weekly") stands for the alias alone only when written with a
capital: "paid in cash" and "a few months of work" are ordinary words, and replacing
them with a client's code would mangle a shared note and point its reader at a client
it never named. A whole alias, and a name-like part ("Jo"), match in any case.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from fulcrum.core.deid.lexicon import Lexicon, load_lexicon
from fulcrum.core.deid.model import KnownEntity

__all__ = ["MIN_PART_LENGTH", "KnownMatch", "find_known", "is_ordinary_word"]

# A whole entity shorter than this would match too much ordinary text.
MIN_PART_LENGTH = 2
# One-letter parts ("K" of "Fen K") are matched, except letters that stand alone in
# ordinary English ("a", "I", the "s" of "it's", the "d" of "I'd").
_COMMON_LETTERS = frozenset("aiostdmlvx")
# Parts never matched alone: they carry no identity ("The" of "The executive").
_FILLER = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "and",
        "or",
        "de",
        "la",
        "le",
        "van",
        "von",
        "da",
        "di",
        "mr",
        "mrs",
        "ms",
        "mx",
        "dr",
        "prof",
        "sir",
        "st",
        # Linking words of a descriptive alias ("Arrived in crisis", "Drifting toward over-use").
        "in",
        "on",
        "at",
        "to",
        "for",
        "with",
        "by",
        "from",
        "into",
        "toward",
        "towards",
        "over",
        "under",
        "after",
        "before",
        "about",
    ]
)
_SPLIT = re.compile(r"[^\w]+|_+")
# Between the parts of a multi-word entity: spaces, hyphens, dots, quotes, underscores or
# nothing ("CashJo" in a handle).
_JOIN = r"[\s\-_.,'’]*"


@dataclass(frozen=True)
class KnownMatch:
    """Where one known entity (its index in the list) appears, and whether whole or in part."""

    start: int
    end: int
    index: int
    whole: bool


def _parts(text: str) -> list[str]:
    return [p for p in _SPLIT.split(text) if p]


def _variant_pattern(parts: Sequence[str], *, code: bool) -> str:
    if code:
        # "C-014", "c014", "C 014": letters and digits in order, separators optional.
        runs = [r for p in parts for r in re.findall(r"[^\W\d_]+|\d+", p)]
        return r"[\s\-_./]?".join(re.escape(r) for r in runs)
    return _JOIN.join(re.escape(p) for p in parts)


def _key(text: str) -> str:
    return "".join(_parts(text)).casefold()


def is_ordinary_word(word: str, lexicon: Lexicon) -> bool:
    """One of the most frequent English words, or a dictionary word (or a plain inflection
    of one) that is not also a first name."""
    key = word.casefold()
    if key in lexicon.frequent_words:
        return True
    if not key.isalpha() or key in lexicon.first_names:
        return False
    stems = {key, key.removesuffix("s"), key.removesuffix("ed"), key.removesuffix("d")}
    stems.add(key.removesuffix("ing"))
    return any(stem in lexicon.dictionary for stem in stems if len(stem) > 1)


@functools.lru_cache(maxsize=64)
def _compile(
    entities: tuple[KnownEntity, ...],
) -> tuple[re.Pattern[str] | None, dict[str, tuple[int, bool, bool]]]:
    """The one pattern for every variant, and for each variant's key: the entity's index,
    whether it is the whole entity, and whether it counts only when capitalised."""
    lexicon = load_lexicon()
    variants: dict[str, tuple[int, bool, str, bool]] = {}
    for index, entity in enumerate(entities):
        parts = _parts(entity.text)
        if not parts or len("".join(parts)) < MIN_PART_LENGTH:
            continue
        code = entity.type == "CODE" or any(ch.isdigit() for ch in entity.text)
        whole = _key(entity.text)
        # The whole entity outranks a part of another one with the same letters.
        if whole not in variants or not variants[whole][1]:
            variants[whole] = (index, True, _variant_pattern(parts, code=code), False)
        if code or len(parts) == 1:
            continue
        for part in parts:
            key = part.casefold()
            if key in _FILLER or key in variants:
                continue
            if len(part) < MIN_PART_LENGTH and (not part.isalpha() or key in _COMMON_LETTERS):
                continue
            variants[key] = (index, False, re.escape(part), is_ordinary_word(part, lexicon))
    if not variants:
        return None, {}
    ordered = sorted(variants.values(), key=lambda v: len(v[2]), reverse=True)
    pattern = re.compile(
        r"(?<![^\W_])(?:" + "|".join(v[2] for v in ordered) + r")(?![^\W_])",
        re.IGNORECASE,
    )
    return pattern, {key: (v[0], v[1], v[3]) for key, v in variants.items()}


def find_known(text: str, entities: Sequence[KnownEntity]) -> Iterator[KnownMatch]:
    """Every place one of ``entities`` (or a part of one) appears in ``text``."""
    pattern, lookup = _compile(tuple(entities))
    if pattern is None:
        return
    for match in pattern.finditer(text):
        hit = lookup.get(_key(match.group()))
        if hit is None:  # separators matched that the key drops differently; find by parts
            hit = lookup.get(match.group().casefold(), (0, False, False))
        index, whole, capitalised_only = hit
        if capitalised_only and not match.group()[0].isupper():
            continue  # an ordinary word in lower case: the text's own word, not the alias
        yield KnownMatch(match.start(), match.end(), index, whole)
