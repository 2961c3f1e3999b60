"""Stage 1: the workspace's own identifiers — aliases and every part of them, client codes,
the practitioner's name, registered places and organisations — in any case, possessive,
hyphenated, run together or inside quotes."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from fulcrum.core.deid.model import KnownEntity

__all__ = ["MIN_PART_LENGTH", "KnownMatch", "find_known"]

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
    ]
)
_SPLIT = re.compile(r"[^\w]+|_+")
# Between the parts of a multi-word entity: spaces, hyphens, dots, quotes, underscores or
# nothing ("CashJo" in a handle).
_JOIN = r"[\s\-_.'’]*"


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


@functools.lru_cache(maxsize=64)
def _compile(
    entities: tuple[KnownEntity, ...],
) -> tuple[re.Pattern[str] | None, dict[str, tuple[int, bool]]]:
    variants: dict[str, tuple[int, bool, str]] = {}
    for index, entity in enumerate(entities):
        parts = _parts(entity.text)
        if not parts or len("".join(parts)) < MIN_PART_LENGTH:
            continue
        code = entity.type == "CODE" or any(ch.isdigit() for ch in entity.text)
        whole = _key(entity.text)
        # The whole entity outranks a part of another one with the same letters.
        if whole not in variants or not variants[whole][1]:
            variants[whole] = (index, True, _variant_pattern(parts, code=code))
        if code or len(parts) == 1:
            continue
        for part in parts:
            key = part.casefold()
            if key in _FILLER or key in variants:
                continue
            if len(part) < MIN_PART_LENGTH and (not part.isalpha() or key in _COMMON_LETTERS):
                continue
            variants[key] = (index, False, re.escape(part))
    if not variants:
        return None, {}
    ordered = sorted(variants.values(), key=lambda v: len(v[2]), reverse=True)
    pattern = re.compile(
        r"(?<![^\W_])(?:" + "|".join(v[2] for v in ordered) + r")(?![^\W_])",
        re.IGNORECASE,
    )
    return pattern, {key: (v[0], v[1]) for key, v in variants.items()}


def find_known(text: str, entities: Sequence[KnownEntity]) -> Iterator[KnownMatch]:
    """Every place one of ``entities`` (or a part of one) appears in ``text``."""
    pattern, lookup = _compile(tuple(entities))
    if pattern is None:
        return
    for match in pattern.finditer(text):
        hit = lookup.get(_key(match.group()))
        if hit is None:  # separators matched that the key drops differently; find by parts
            hit = lookup.get(match.group().casefold(), (0, False))
        yield KnownMatch(match.start(), match.end(), hit[0], hit[1])
