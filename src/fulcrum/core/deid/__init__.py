"""De-identification that runs where the text is written: no network, no model download.

``deidentify(text, known)`` runs four stages and returns every finding with its span
(character offsets, end exclusive), type, stage, reason and proposed treatment:

1. ``known`` — the workspace's own identifiers (aliases and every part of them, client
   codes, the practitioner's name, registered places and organisations);
2. ``pattern`` — dates, ages, phone numbers, e-mail, web addresses, handles, postcodes,
   street addresses, licence, insurance and case numbers;
3. ``name`` — people, places and organisations nobody listed (word lists, casing, context);
4. ``quasi`` — rare roles and named events, flagged for review and generalised.

Where findings overlap, the earlier stage wins. ``redact_known`` runs stage 1 alone, for
texts whose only identifiers are the workspace's own (the supervision report, exports).
See docs/deid.md.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from fulcrum.core.deid.known import find_known
from fulcrum.core.deid.lexicon import Lexicon, load_lexicon
from fulcrum.core.deid.model import (
    ENTITY_TYPES,
    STAGES,
    EntityType,
    Finding,
    KnownEntity,
    Stage,
    Treatment,
)
from fulcrum.core.deid.names import find_names
from fulcrum.core.deid.patterns import find_patterns, generalise_age
from fulcrum.core.deid.quasi import find_quasi
from fulcrum.core.deid.recur import recur
from fulcrum.core.deid.tagger import (
    Tagger,
    TokenKeys,
    load_tagger,
    tagged_spans,
    tagged_type,
    token_keys,
)
from fulcrum.core.deid.widen import GLUED_MARKS, widen

__all__ = [
    "ENTITY_TYPES",
    "STAGES",
    "Deidentified",
    "EntityType",
    "Finding",
    "KnownEntity",
    "Stage",
    "Surrogates",
    "Treatment",
    "deidentify",
    "load_lexicon",
    "load_tagger",
    "redact_known",
    "same_words",
]

_PRIORITY: dict[Stage, int] = {"known": 0, "pattern": 1, "name": 2, "quasi": 3}
_MASKS: dict[EntityType, str] = {
    "PERSON": "[person]",
    "PLACE": "[a place]",
    "ORGANIZATION": "[organisation]",
    "CODE": "[code]",
    "DATE": "[date]",
    "AGE": "[age]",
    "PHONE": "[phone]",
    "EMAIL": "[e-mail]",
    "URL": "[web address]",
    "HANDLE": "[handle]",
    "POSTCODE": "[postcode]",
    "ADDRESS": "[address]",
    "ID": "[number]",
    "ROLE": "[a senior role]",
    "EVENT": "[a local event]",
}
# Two findings of one type with only this between them are one ("Tuesday, 3 March").
_GAP = re.compile(r"[\s,]*|\s*(?:of|at|in|,)\s*")
_TRAILING = ".,;:!?)'\"’”"


@dataclass(frozen=True)
class Deidentified:
    """The text, what was found in it, and the text with every proposal applied."""

    text: str
    findings: tuple[Finding, ...]

    @property
    def redacted(self) -> str:
        return apply(self.text, self.findings)


def apply(text: str, findings: Iterable[Finding]) -> str:
    """``text`` with each (non-overlapping) finding replaced by its proposal."""
    out: list[str] = []
    at = 0
    for f in sorted(findings, key=lambda f: f.start):
        if f.start < at:
            continue
        out.append(text[at : f.start])
        out.append(f.replacement)
        at = f.end
    out.append(text[at:])
    return "".join(out)


def _letters(name: int) -> str:
    label = ""
    name += 1
    while name:
        name, rest = divmod(name - 1, 26)
        label = chr(ord("A") + rest) + label
    return label


_POSSESSIVE_END = re.compile(r"['’][sS]$")
_BETWEEN_WORDS = re.compile(r"[\s_\-\u2010-\u2015]+")


def same_words(surface: str) -> str:
    """What two mentions of the same words share: any case, without a possessive, a
    hyphen or underscore the same as a space ("Mary-Jane's" and "mary jane")."""
    return _BETWEEN_WORDS.sub(" ", _POSSESSIVE_END.sub("", surface)).strip().casefold()


# A stand-in label as Fulcrum writes them, to find those a text already holds.
_STAND_IN = re.compile(r"\b(?:Person|Client) [A-Z]{1,3}\b")


def _stand_in(kind: str, used: Iterable[str]) -> str:
    """The first "<kind> A", "<kind> B" … "<kind> AA" label not in ``used``."""
    taken = set(used)
    n = 0
    while f"{kind} {_letters(n)}" in taken:
        n += 1
    return f"{kind} {_letters(n)}"


class Surrogates:
    """Consistent stand-ins: the same person is "Client A" (or "Person B") throughout.

    ``deidentify`` makes one per text; a caller that de-identifies several texts for one
    reader (the supervision report) passes the same one to each, so a person keeps their
    stand-in across them. A label a text already holds (from an earlier review, or
    typed) is never given to anyone else, so a second pass cannot make two people one.
    """

    def __init__(self) -> None:
        self.known: dict[int, str] = {}
        self.people: dict[str, str] = {}
        self.taken: set[str] = set()

    def see(self, text: str) -> None:
        """Keep the stand-in labels ``text`` already holds out of what is given."""
        if "Person " in text or "Client " in text:
            self.taken.update(_STAND_IN.findall(text))

    def for_known(self, index: int) -> str:
        if index not in self.known:
            self.known[index] = _stand_in("Client", {*self.known.values(), *self.taken})
        return self.known[index]

    def for_person(self, surface: str, titles: frozenset[str] = frozenset()) -> str:
        key = same_words(surface)
        # "Tamsin Orrell" and a later "Tamsin" or "Orrell" share a stand-in; a title is no
        # part of who someone is ("Dr Falk" and "Dr Penhallow" are two people).
        parts = [p for p in key.split() if p not in titles] or [key]
        for part in parts:
            if part in self.people:
                self.people.setdefault(key, self.people[part])
        if key not in self.people:
            label = _stand_in("Person", {*self.people.values(), *self.taken})
            self.people[key] = label
            for part in parts:
                self.people.setdefault(part, label)
        return self.people[key]


def _known_findings(
    text: str, known: Sequence[KnownEntity], surrogates: Surrogates
) -> list[Finding]:
    found: list[Finding] = []
    for match in find_known(text, known):
        entity = known[match.index]
        if entity.replacement is not None:
            replacement, treatment = f"[{entity.replacement}]", "surrogate"
        elif entity.type == "PERSON":
            replacement, treatment = surrogates.for_known(match.index), "surrogate"
        else:
            replacement, treatment = _MASKS[entity.type], "mask"
        part = "" if match.whole else "a part of "
        found.append(
            Finding(
                match.start,
                match.end,
                entity.type,
                "known",
                f"{part}a name or code the workspace knows",
                treatment,  # type: ignore[arg-type]
                replacement,
            )
        )
    return found


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while (
        end > start
        and text[end - 1] in _TRAILING
        and not (text[end - 1] == "." and end - start > 1 and text[start:end].count(".") > 1)
    ):
        end -= 1
    return start, end


def _uncovered(text: str, f: Finding, covering: list[Finding]) -> Finding | None:
    """The longest part of ``f`` no other finding covers ("Harrogate" of "Harrogate TR13"
    when the postcode was found first), or None when nothing worth keeping is left."""
    free = bytearray(b"\x01") * (f.end - f.start)
    for k in covering:
        lo, hi = max(k.start, f.start) - f.start, min(k.end, f.end) - f.start
        free[lo:hi] = bytes(hi - lo)
    best: tuple[int, int] | None = None
    i = 0
    while i < len(free):
        if free[i]:
            j = i
            while j < len(free) and free[j]:
                j += 1
            start, end = f.start + i, f.start + j
            while start < end and not text[start].isalnum():
                start += 1
            while end > start and not text[end - 1].isalnum():
                end -= 1
            if end - start >= 2 and (best is None or end - start > best[1] - best[0]):
                best = (start, end)
            i = j
        else:
            i += 1
    if best is None:
        return None
    return Finding(best[0], best[1], f.type, f.stage, f.why, f.treatment, f.replacement)


def _settle(text: str, findings: list[Finding]) -> list[Finding]:
    """Keep the earliest stage's finding where two overlap; join neighbours of one type."""
    kept: list[Finding] = []
    for f in sorted(findings, key=lambda f: (_PRIORITY[f.stage], f.start, f.start - f.end)):
        overlapping = [k for k in kept if f.start < k.end and k.start < f.end]
        if not overlapping:
            kept.append(f)
        elif f.stage == "quasi" and all(f.start <= k.start and k.end <= f.end for k in overlapping):
            # "the 2019 floods": the event's generalisation covers the year inside it.
            kept = [k for k in kept if k not in overlapping] + [f]
        else:
            piece = _uncovered(text, f, overlapping)
            if piece is not None:
                kept.append(piece)
    kept.sort(key=lambda f: f.start)
    joined: list[Finding] = []
    for f in kept:
        gap = text[joined[-1].end : f.start] if joined else ""
        # "Tobias's Wilhelmina": a name that ends in a possessive is not joined to the next.
        owner = bool(joined) and bool(
            _POSSESSIVE_END.search(text[joined[-1].start : joined[-1].end])
        )
        if (
            joined
            and not owner
            and (
                (
                    joined[-1].type == f.type
                    and joined[-1].stage == f.stage
                    and f.stage in ("pattern", "name")
                    and _GAP.fullmatch(gap)
                )
                or (
                    # "Durham University, United Kingdom", "Exeter, Devon"
                    joined[-1].stage == f.stage == "name"
                    and f.type == "PLACE"
                    and joined[-1].type in ("PLACE", "ORGANIZATION")
                    and gap == ", "
                )
            )
        ):
            last = joined.pop()
            joined.append(
                Finding(
                    last.start, f.end, f.type, f.stage, last.why, last.treatment, last.replacement
                )
            )
        else:
            joined.append(f)
    return joined


def _keep_possessive(text: str, f: Finding) -> Finding:
    """ "Marisol's mother" -> "Person A's mother": the span keeps the "'s", so does the
    stand-in; and "-Roald Dahl" -> "-Person A": a mark the widening took in is written
    back."""
    surface = text[f.start : f.end]
    if f.stage != "name":
        return f
    if (
        f.type == "PERSON"
        and surface[:1] in GLUED_MARKS
        and not f.replacement.startswith(surface[0])
    ):
        f = Finding(f.start, f.end, f.type, f.stage, f.why, f.treatment, surface[0] + f.replacement)
    if not surface.endswith(("'s", "’s", "'S", "’S")):
        return f
    replacement = f.replacement + surface[-2:]
    return Finding(f.start, f.end, f.type, f.stage, f.why, f.treatment, replacement)


def deidentify(
    text: str,
    known: Sequence[KnownEntity] = (),
    *,
    stages: Iterable[Stage] = STAGES,
    lexicon: Lexicon | None = None,
    tagger: Tagger | bool = True,
    widen_names: bool = True,
    surrogates: Surrogates | None = None,
) -> Deidentified:
    """Find what could identify someone in ``text`` and propose what to put in its place.

    ``tagger`` is the name stage's learned second opinion: the bundled one (``True``),
    another trained one, or none (``False``: the rules alone). ``widen_names=False``
    leaves each name's finding on the name alone, as the tagger sees the rules' findings
    (``widen.py``; for training it). ``surrogates`` carries stand-ins over from texts
    de-identified before for the same reader; by default this text's are its own.
    """
    wanted = set(stages)
    lex = lexicon or (load_lexicon() if wanted & {"name", "quasi"} else None)
    surrogates = surrogates if surrogates is not None else Surrogates()
    surrogates.see(text)
    findings: list[Finding] = []
    if "known" in wanted:
        findings += _known_findings(text, known, surrogates)
    if "pattern" in wanted:
        for p in find_patterns(text):
            start, end = _trim(text, p.start, p.end)
            if start >= end:
                continue
            surface = text[start:end]
            if p.type == "AGE":
                replacement = generalise_age(surface)
            elif p.type == "PLACE":
                replacement = "[a road]"
            else:
                replacement = _MASKS[p.type]
            findings.append(Finding(start, end, p.type, "pattern", p.why, p.treatment, replacement))
    if "name" in wanted and lex is not None:
        for n in find_names(text, lex):
            if n.type == "PERSON":
                # The stand-in is chosen once overlaps are settled, so letters run in order.
                treatment: Treatment = "surrogate"
                replacement = ""
            elif n.type == "PLACE":
                treatment, replacement = "generalise", "[a place]"
            else:
                treatment, replacement = "mask", _MASKS[n.type]
            findings.append(Finding(n.start, n.end, n.type, "name", n.why, treatment, replacement))
    if "quasi" in wanted and lex is not None:
        places = sum(f.type in ("PLACE", "ADDRESS", "POSTCODE") for f in findings)
        dates = sum(f.type == "DATE" for f in findings)
        for q in find_quasi(text, lex, places=places, dates=dates):
            findings.append(
                Finding(q.start, q.end, q.type, "quasi", q.why, "generalise", q.replacement)
            )
    if "name" in wanted and lex is not None and tagger is not False:
        findings = _tagged(
            text, _settle(text, findings), lex, load_tagger() if tagger is True else tagger
        )
    if "name" in wanted and lex is not None:
        findings = recur(text, _settle(text, findings), lex)
    settled = [
        Finding(
            f.start,
            f.end,
            f.type,
            f.stage,
            f.why,
            f.treatment,
            surrogates.for_person(text[f.start : f.end], lex.titles if lex else frozenset())
            if f.type == "PERSON"
            else f.replacement,
        )
        if f.stage == "name"
        else f
        for f in _settle(text, findings)
    ]
    if "name" in wanted and lex is not None and widen_names:
        settled = widen(text, settled, lex)
    return Deidentified(text, tuple(_keep_possessive(text, f) for f in settled))


def _tagged(text: str, found: list[Finding], lex: Lexicon, tagger: Tagger) -> list[Finding]:
    """The findings so far, less the name stage's that the tagger is sure are no name,
    plus what the tagger scores as a name that nothing found yet covers."""
    keys = token_keys(text, found)
    probabilities = tagger.probabilities(keys, lex)
    if tagger.veto > 0:
        found = [
            f for f in found if f.stage != "name" or _most(keys, probabilities, f) >= tagger.veto
        ]
    ends = [end for _, end in keys.spans]
    found = [_retyped(f, keys, ends, probabilities) for f in found]
    covered = _masked_bytes(found, len(text))
    added = list(found)
    for start, end, kind, p in tagged_spans(
        text, keys, probabilities, tagger.threshold, tagger.extend, lex, covered
    ):
        start, end = _trim(text, start, end)
        if start >= end:
            continue
        why = f"reads like a name to the learned tagger ({p:.2f})"
        added.append(_name_finding(start, end, kind, why))
    return added


def _name_finding(start: int, end: int, kind: EntityType, why: str) -> Finding:
    if kind == "PERSON":
        treatment: Treatment = "surrogate"
        replacement = ""
    elif kind == "PLACE":
        treatment, replacement = "generalise", "[a place]"
    else:
        treatment, replacement = "mask", _MASKS[kind]
    return Finding(start, end, kind, "name", why, treatment, replacement)


# The name stage's reasons that say a name is there but not what kind: a surname list
# that knows "England" and "Nations" is no evidence of a person.
_WEAK_TYPES = (
    "a listed first name or surname",
    "a name no list knows",
    "a name after 'the'",
    "a word in capitals",
)
_KIND_WORDS = {"PERSON": "a person", "PLACE": "a place", "ORGANIZATION": "an organisation"}


def _retyped(f: Finding, keys: TokenKeys, ends: list[int], probabilities: Any) -> Finding:
    """``f`` with the tagger's kind of name where the rules' kind rested on weak evidence.

    ``ends`` are the ends of the words of ``keys``, in order."""
    if f.stage != "name" or not f.why.startswith(_WEAK_TYPES):
        return f
    first = bisect.bisect_right(ends, f.start)
    last = first
    while last < len(ends) and keys.spans[last][0] < f.end:
        last += 1
    if first == last:
        return f
    kind = tagged_type(probabilities[first:last])
    if kind == f.type:
        return f
    why = f"{f.why}; {_KIND_WORDS[kind]} to the learned tagger"
    return _name_finding(f.start, f.end, kind, why)


def _most(keys: TokenKeys, probabilities: Any, f: Finding) -> float:
    """The tagger's highest probability of a name over the words of ``f``."""
    inside = [i for i, (start, end) in enumerate(keys.spans) if start < f.end and f.start < end]
    return float(1.0 - probabilities[inside, 0].min()) if inside else 1.0


def _masked_bytes(findings: Iterable[Finding], size: int) -> bytearray:
    mask = bytearray(size)
    for f in findings:
        mask[f.start : f.end] = b"\x01" * (f.end - f.start)
    return mask


def redact_known(text: str, known: Sequence[KnownEntity]) -> str:
    """``text`` with the workspace's own identifiers (stage 1 alone) replaced."""
    return deidentify(text, known, stages=("known",)).redacted
