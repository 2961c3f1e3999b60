"""Stage 4: quasi-identifiers — a rare role, a named event, a combination of details that
together could point to one person. They are flagged for the contributor's review and
generalised in the proposal, never silently kept."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from fulcrum.core.deid.lexicon import Lexicon
from fulcrum.core.deid.model import EntityType

__all__ = ["QuasiMatch", "find_quasi"]


@dataclass(frozen=True)
class QuasiMatch:
    start: int
    end: int
    type: EntityType
    why: str
    replacement: str


@functools.cache
def _patterns(roles: tuple[str, ...], events: frozenset[str]) -> tuple[re.Pattern[str], ...]:
    role = re.compile(
        r"(?<![\w-])(?:" + "|".join(re.escape(r) for r in roles) + r")s?(?![\w-])", re.IGNORECASE
    )
    only = re.compile(
        r"\bthe only (?:[a-z\-]+ ){0,3}?[a-z\-]+ (?:in|on|at|for|of) "
        r"(?:(?:the|our|this|her|his|their) )?"
        r"(?:[A-Z][\w'’\-]*(?: [A-Z][\w'’\-]*)*(?: [a-z]+)?|town|village|island|valley|county|"
        r"area|region|district|community|school|street)\b"
    )
    event_words = "|".join(sorted((re.escape(e) for e in events), key=len, reverse=True))
    event = re.compile(
        r"\bthe (?:(?:1[5-9]\d\d|20\d\d) |(?:[A-Z][\w'’\-]+ ){1,3})(?:" + event_words + r")\b"
    )
    return role, only, event


def find_quasi(
    text: str, lexicon: Lexicon, *, places: int = 0, dates: int = 0
) -> Iterator[QuasiMatch]:
    """Rare roles, "the only … in the town", named events; ``places`` and ``dates`` found
    elsewhere in the text make the reason say they combine."""
    role, only, event = _patterns(lexicon.rare_roles, lexicon.events)
    combined = places > 0 or dates > 0
    extra = " — with the place or date also given, it could point to one person" if combined else ""
    for match in role.finditer(text):
        yield QuasiMatch(
            match.start(),
            match.end(),
            "ROLE",
            f"a rare role that few people hold{extra}",
            "[a senior role]",
        )
    for match in only.finditer(text):
        yield QuasiMatch(
            match.start(),
            match.end(),
            "ROLE",
            "the only one of a kind in a place is easy to recognise",
            "[a distinctive local role]",
        )
    for match in event.finditer(text):
        yield QuasiMatch(
            match.start(),
            match.end(),
            "EVENT",
            f"a named or dated event that locals would recognise{extra}",
            "[a local event]",
        )
