"""After the name stage: widen a name's finding over the words that point to the same
person, place or organisation with it.

A name is rarely the only thing that identifies: "advice columnist Dan Savage", "the
leafy Melbourne suburb of Preston", "Nick Rhodes of Duran Duran". Masking the name and
leaving its descriptor ("advice columnist [person]") leaves a reader most of the way to
the person. So a finding of the name stage takes in, when they are written against it:

* the capitalised words before it and, for a place or an organisation, "the" ("the
  British Red Cross");
* for a person, the role written straight before the name and the words that qualify
  that role ("former Pennsylvania Senator", "fashion designer", "English captain", a
  nationality at the start of a sentence too), and a second role joined by "and"
  ("activist and philosopher");
* for a place, a compass word before it ("Southern Indiana", "Greater Manchester");
* for a place or an organisation, "<place or organisation word> of" before it ("the
  County of Maui", "the suburb of Preston");
* the "#" of a hashtag the name is written in ("#BigBen").

Then neighbouring findings that read as one name are joined: a person followed by "of"
and an organisation or place ("Jann Wenner of Rolling Stone"), and people listed with
"&" ("Reich, Marks & Thuma").

This is more protective than masking the name alone and it costs words of context; the
proposal keeps the possessive ("Person A's"). A widened finding keeps the stand-in of
the name inside it, so "Captain Orrell" and "Orrell" are the same person.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from fulcrum.core.deid.lexicon import Lexicon
from fulcrum.core.deid.model import Finding
from fulcrum.core.deid.names import _STARTERS, _STOP, _Token, _tokens, qualifies_noun

__all__ = ["widen"]

# Nouns that name what a person is or does, written before the name ("columnist Dan
# Savage"). Titles from cues.toml count as well; so do most words ending as roles do.
_ROLES = frozenset(
    [
        "actor",
        "actress",
        "activist",
        "artist",
        "author",
        "barrister",
        "bishop",
        "blogger",
        "campaigner",
        "candidate",
        "captain",
        "ceo",
        "chair",
        "chairman",
        "chairwoman",
        "chancellor",
        "chef",
        "coach",
        "colleague",
        "columnist",
        "comedian",
        "commander",
        "commissioner",
        "composer",
        "congressman",
        "congresswoman",
        "councillor",
        "councilor",
        "curator",
        "defender",
        "designer",
        "director",
        "doctor",
        "editor",
        "founder",
        "goalkeeper",
        "guitarist",
        "journalist",
        "judge",
        "lawyer",
        "leader",
        "magician",
        "manager",
        "mayor",
        "midfielder",
        "minister",
        "musician",
        "novelist",
        "owner",
        "painter",
        "philosopher",
        "photographer",
        "physician",
        "player",
        "poet",
        "politician",
        "premier",
        "presenter",
        "president",
        "priest",
        "producer",
        "professor",
        "publisher",
        "rapper",
        "reporter",
        "researcher",
        "scientist",
        "secretary",
        "senator",
        "singer",
        "spokesman",
        "spokesperson",
        "spokeswoman",
        "striker",
        "student",
        "teacher",
        "veteran",
        "writer",
    ]
)
_ROLE_ENDINGS = ("ist", "ian", "ician")
# Words that qualify a role before it ("former", "late").
_QUALIFIERS = frozenset(
    ["former", "late", "fellow", "then", "retired", "veteran", "acting", "deputy", "assistant"]
)
# Where in a place, written before its name ("Northern Ireland", "Greater Manchester").
_COMPASS = frozenset(
    [
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "greater",
        "upper",
        "lower",
        "inner",
        "outer",
    ]
)
# Capitalised words that qualify a name before it although Fulcrum keeps them alone.
_DEMONYM_ENDINGS = ("ish", "ese", "ian", "an", "ch", "ic", "i")
_JOIN_PERSON_ORG = re.compile(r" of ")
# "Alvin Yeung from the Civic Party": a person and the organisation they speak for.
_JOIN_PERSON_FROM = re.compile(r" from ")
_JOIN_PEOPLE = re.compile(r",? & ")
# "Chase and Chelsea McCombs": first names sharing the surname written after the last.
_JOIN_COUPLE = re.compile(r" (?:and|&) ")
# Marks written against a person's name with white space before them: a quote's
# attribution ("-Roald Dahl", "~Wayne Dyer"), an action ("*Gwen Stefani voice*"), an
# opening quote. The finding takes the mark in and its proposal writes it back.
GLUED_MARKS = "-~*–—'\"‘“"


# Titles that say how someone is related, not what they are: kept as words.
_KIN = frozenset(
    ["aunt", "auntie", "uncle", "grandma", "grandpa", "cousin", "father", "sister", "brother"]
)


def _is_role(t: _Token, lex: Lexicon) -> bool:
    lower = t.lower
    if lower in lex.keep or lower in lex.person_before or lower in _KIN:
        return False
    if lower in _ROLES or lower in lex.titles:
        return True
    # "historian", "pianist", but not the names that end so ("Caspian", "Julian")
    return len(lower) > 5 and lower.endswith(_ROLE_ENDINGS) and lower in lex.dictionary


def _is_demonym(t: _Token, lex: Lexicon) -> bool:
    """A capitalised word Fulcrum keeps alone that still qualifies a name ("British")."""
    return t.cap and t.lower in lex.keep and t.lower.endswith(_DEMONYM_ENDINGS) and len(t.lower) > 3


class _Widener:
    def __init__(self, text: str, findings: Sequence[Finding], lex: Lexicon) -> None:
        self.text = text
        self.lex = lex
        self.tokens = _tokens(text)
        # Where the tokens start and end, in order, to find them by bisection.
        self.starts = [t.start for t in self.tokens]
        self.ends = [t.end for t in self.tokens]
        self.taken = bytearray(len(text))
        for f in findings:
            self.taken[f.start : f.end] = b"\x01" * (f.end - f.start)

    def _before(self, start: int) -> int | None:
        """The index of the token that ends right before ``start`` with one space between."""
        i = bisect.bisect_right(self.ends, start) - 1
        if i < 0:
            return None
        t = self.tokens[i]
        gap = self.text[t.end : start]
        if gap in {" ", "-"} and not any(self.taken[t.start : t.end]):
            return i
        return None

    def _free(self, t: _Token) -> bool:
        return not any(self.taken[t.start : t.end]) and not any(map(str.isdigit, t.text))

    def start_of(self, f: Finding) -> int:
        lex = self.lex
        start = f.start
        # "Senator" inside "Wrenshire Senator Dariusz Penhallow" is a role to qualify too.
        inside = self.tokens[
            bisect.bisect_left(self.starts, f.start) : bisect.bisect_right(self.ends, f.end)
        ]
        roles = sum(1 for t in inside if _is_role(t, lex))
        while True:
            i = self._before(start)
            if i is None:
                break
            t = self.tokens[i]
            if not self._free(t) or "'" in t.text or "’" in t.text:
                break
            lower = t.lower
            if lower == "the":
                if f.type != "PERSON" and not qualifies_noun(self.text, f.end, lex):
                    start = t.start
                break
            if f.type == "PERSON" and _is_role(t, lex):
                roles += 1
                start = t.start
                continue
            if f.type == "PERSON" and roles and lower in _QUALIFIERS:
                start = t.start
                continue
            if f.type == "PERSON" and roles and lower == "and" and i > 0:
                # "activist and philosopher Noam Chomsky": two roles of one person
                j = self._before(t.start)
                if j is not None and _is_role(self.tokens[j], lex):
                    start = self.tokens[j].start
                    continue
            if f.type == "PERSON" and roles and t.cap and _is_demonym(t, lex):
                # "Swedish captain Andreas Granqvist", at a sentence start too
                start = t.start
                continue
            if f.type == "PLACE" and t.cap and lower in _COMPASS:
                # "Southern Indiana", "Eastern Europe"
                start = t.start
                continue
            if f.type == "PERSON" and roles and not t.cap and self._modifier(t):
                # "advice columnist", "fashion designer"
                start = t.start
                continue
            ordinary = lower in lex.keep or lower in lex.lookalike
            if (
                t.cap
                and not t.initial
                and lower not in _STARTERS
                and (not ordinary or _is_demonym(t, lex))
            ):
                start = t.start
                continue
            if f.type in ("PLACE", "ORGANIZATION") and lower == "of" and i > 0:
                j = self._before(t.start)
                if j is not None:
                    head = self.tokens[j]
                    if head.lower in lex.place_words or head.lower in lex.org_words:
                        start = head.start
                        continue
            break
        return start

    def _modifier(self, t: _Token) -> bool:
        lex = self.lex
        lower = t.lower
        return (
            len(lower) > 2
            and lower not in _STOP
            and lower not in _STARTERS
            and lower not in lex.person_before
            and lower not in lex.person_after
            and lower not in lex.keep
            and not lower.endswith(("ed", "ing", "ly", "s"))
        )


def widen(text: str, findings: Sequence[Finding], lex: Lexicon) -> list[Finding]:
    """``findings`` with the name stage's widened over the words that go with each name,
    and neighbouring names that read as one joined. Other stages' findings are kept."""
    w = _Widener(text, findings, lex)
    out: list[Finding] = []
    for f in sorted(findings, key=lambda f: f.start):
        if f.stage != "name" or f.type not in ("PERSON", "PLACE", "ORGANIZATION"):
            out.append(f)
            continue
        start, end = w.start_of(f), f.end
        glued = "#" + GLUED_MARKS if f.type == "PERSON" and start == f.start else "#"
        if start > 0 and text[start - 1] in glued and (start < 2 or text[start - 2].isspace()):
            start -= 1
        if out and start < out[-1].end:
            start = max(start, out[-1].end)
            while start < f.start and not text[start].isalnum():
                start += 1
        start = min(start, f.start)
        w.taken[start:end] = b"\x01" * (end - start)
        out.append(Finding(start, end, f.type, f.stage, f.why, f.treatment, f.replacement))
    return _join(text, out, lex)


def _couple(text: str, first: Finding, second: Finding, lex: Lexicon) -> bool:
    """Whether ``first`` is one name alone and ``second`` a name and surname, so the
    surname may go with both ("Chase and Chelsea McCombs")."""
    # Split by white space, not by ``_tokens``: its cache holds the whole text's words.
    one = text[first.start : first.end].split()
    two = text[second.start : second.end].split()
    return (
        len(one) == 1
        and len(two) >= 2
        and one[0][:1].isupper()
        and two[0][:1].isupper()
        and two[0].lower() not in lex.titles
        and not one[0].endswith(("'s", "’s"))
    )


def _ends_from(text: str, f: Finding) -> bool:
    return text[f.start : f.end].endswith(" from") and f.end - f.start > 5


def _join(text: str, findings: list[Finding], lex: Lexicon) -> list[Finding]:
    joined: list[Finding] = []
    for f in findings:
        last = joined[-1] if joined else None
        if last is not None and last.stage == f.stage == "name":
            gap = text[last.end : f.start]
            kinds = (last.type, f.type)
            if (
                _JOIN_COUPLE.fullmatch(gap)
                and kinds == ("PERSON", "PERSON")
                and _couple(text, last, f, lex)
            ):
                # One finding, so the shared surname is never left beside a stand-in, and
                # two stand-ins in it: "Person A and Person B".
                replacement = f"{last.replacement}{gap}{f.replacement}"
                joined[-1] = Finding(
                    last.start, f.end, "PERSON", "name", last.why, last.treatment, replacement
                )
                continue
            if (
                (
                    _JOIN_PERSON_ORG.fullmatch(gap)
                    and last.type == "PERSON"
                    and f.type in ("PLACE", "ORGANIZATION")
                )
                or (
                    kinds == ("PERSON", "ORGANIZATION")
                    # the tagger may have taken the "from" into the person already
                    and (
                        _JOIN_PERSON_FROM.fullmatch(gap) or (gap == " " and _ends_from(text, last))
                    )
                )
                or (_JOIN_PEOPLE.fullmatch(gap) and kinds == ("PERSON", "PERSON"))
            ):
                joined[-1] = Finding(
                    last.start, f.end, last.type, "name", last.why, last.treatment, last.replacement
                )
                continue
        joined.append(f)
    return joined
