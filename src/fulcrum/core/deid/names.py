"""Stage 3: people, places and organisations nobody listed, found from word lists, casing
and the words around them.

A capitalised word in the middle of a sentence is a name unless Fulcrum knows it as an
ordinary capitalised word (a weekday, a language, a therapy's initials, a kind of power)
or a look-alike used as a word (Grace, Will, Bath). At the start of a sentence, where
every word is capitalised, a word counts only with more evidence: a name list that does
not also know it as an ordinary word, a name right after it, or the same word used as a
name elsewhere in the text. In lower-case or shouted text, listed first names and large
places are found by the lists alone.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from fulcrum.core.deid.lexicon import Lexicon
from fulcrum.core.deid.model import EntityType

__all__ = ["NameMatch", "find_names"]

# Letters may carry combining accents ("Łódź" written decomposed).
_TOKEN = re.compile(r"[^\W\d_](?:[\w\u0300-\u036f'’.\-]*[^\W_])?[\u0300-\u036f]*|\d+")
_POSSESSIVE = re.compile(r"['’]s?$", re.IGNORECASE)
_BOUNDARY = frozenset(".!?:;…\n")
_OPENERS = frozenset("\"'“‘([{*-•–—#>")
# Words that start sentences and are never part of a name after them.
_STARTERS = frozenset(
    [
        "the",
        "a",
        "an",
        "in",
        "on",
        "at",
        "when",
        "while",
        "she",
        "he",
        "they",
        "we",
        "i",
        "it",
        "this",
        "that",
        "these",
        "those",
        "but",
        "and",
        "so",
        "if",
        "after",
        "before",
        "then",
        "there",
        "here",
        "his",
        "her",
        "their",
        "our",
        "my",
        "your",
        "its",
        "what",
        "who",
        "why",
        "how",
        "where",
        "which",
        "today",
        "yesterday",
        "tomorrow",
        "last",
        "next",
        "once",
        "as",
        "for",
        "from",
        "with",
        "without",
        "by",
        "to",
        "of",
        "or",
        "not",
        "no",
        "yes",
        "all",
        "some",
        "one",
        "two",
        "three",
        "every",
        "each",
        "both",
        "many",
        "most",
        "much",
        "more",
        "less",
        "few",
        "also",
        "just",
        "still",
        "even",
        "perhaps",
        "maybe",
        "sometimes",
        "often",
        "later",
        "earlier",
        "during",
        "since",
        "until",
        "because",
        "although",
        "though",
        "dear",
        "hi",
        "hello",
        "thanks",
        "thank",
        "please",
        # adverbs of time and sequence that open a sentence ("Afterwards Tamsin rang")
        "afterwards",
        "afterward",
        "meanwhile",
        "soon",
        "now",
        "again",
        "eventually",
        "instead",
        "anyway",
        "however",
        "therefore",
        "thus",
        "tonight",
        "nowadays",
        "otherwise",
        "besides",
    ]
)
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "mx",
        "dr",
        "prof",
        "st",
        "sr",
        "jr",
        "vs",
        "etc",
        "e.g",
        "i.e",
        "no",
        "inc",
        "ltd",
        "co",
        "gen",
        "col",
        "capt",
        "sgt",
        "rev",
    ]
)
# Abbreviations of places written in capitals.
_PLACE_ABBREVIATIONS = frozenset(
    ["us", "u.s", "usa", "u.s.a", "uk", "u.k", "eu", "uae", "nyc", "la", "dc", "d.c"]
)
# Verbs after a sentence's first word that make an unknown capitalised word a person.
_PERSON_VERBS = frozenset(
    [
        "looked",
        "sat",
        "lay",
        "spoke",
        "began",
        "started",
        "stopped",
        "booked",
        "agreed",
        "refused",
        "insisted",
        "admitted",
        "explained",
        "described",
        "mentioned",
        "noticed",
        "thinks",
        "thought",
        "knows",
        "knew",
        "needs",
        "needed",
        "likes",
        "liked",
        "loves",
        "loved",
        "returned",
        "owes",
        "runs",
        "ran",
        "teaches",
        "taught",
        "will",
        "would",
        "can",
        "could",
        "did",
        "does",
        "is",
        "was",
        "has",
        "had",
        "said",
        "says",
        "asked",
        "told",
        "came",
        "comes",
        "went",
        "keeps",
        "kept",
        "moved",
        "moves",
        "arrived",
        "wrote",
        "cried",
        "laughed",
        "smiled",
        "nodded",
        "wants",
        "wanted",
        "felt",
        "feels",
        "called",
        "phoned",
        "texted",
        "emailed",
        "brought",
        "brings",
        "lives",
        "lived",
        "works",
        "worked",
        "cancelled",
        "missed",
        "paid",
        "pays",
        "seems",
        "seemed",
    ]
)
_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "or",
        "but",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "from",
        "with",
        "by",
        "as",
        "is",
        "am",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "it",
        "its",
        "he",
        "she",
        "they",
        "we",
        "you",
        "i",
        "me",
        "my",
        "your",
        "his",
        "her",
        "our",
        "their",
        "them",
        "us",
        "him",
        "this",
        "that",
        "not",
        "no",
        "yes",
        "so",
        "if",
        "do",
        "did",
        "does",
        "done",
        "have",
        "has",
        "had",
        "can",
        "could",
        "would",
        "should",
        "will",
        "shall",
        "may",
        "might",
        "must",
        "just",
        "very",
        "too",
        "also",
        "only",
        "ever",
        "never",
        "all",
        "any",
        "some",
        "than",
        "then",
        "there",
        "here",
    ]
)


# Endings written after a doubled last letter: "cancel" + "l" + "ed", "stop" + "p" + "ing".
_DOUBLING = ("ed", "ing", "ers", "er")
# The endings of a noun's plural, a verb's forms and a doer ("fees", "charged", "banker").
_WORD_FORMS = (
    ("s", ""),
    ("es", ""),
    ("ies", "y"),
    ("ing", ""),
    ("ing", "e"),
    ("ed", ""),
    ("ed", "e"),
    ("ied", "y"),
    ("er", ""),
)
# Endings that make a dictionary word into another: "reader" + "s", "hope" - "e" + "ing".
_ENDINGS = (
    *_WORD_FORMS,
    ("ers", ""),
    ("ly", ""),
    ("al", ""),
    ("ic", ""),
    ("ism", ""),
    ("ist", ""),
    ("ists", ""),
    ("ity", ""),
    ("ness", ""),
    ("ment", ""),
    ("ments", ""),
)


@dataclass(frozen=True)
class NameMatch:
    start: int
    end: int
    type: EntityType
    why: str


@dataclass
class _Token:
    start: int
    end: int
    text: str
    base: str
    lower: str
    initial: bool
    cap: bool
    upper: bool
    candidate: bool = False
    why: str = ""


_NEXT_WORD = re.compile(r" ([a-z][a-z\-]{2,})\b(?!['’])")


def qualifies_noun(text: str, end: int, lexicon: Lexicon) -> bool:
    """Whether the name ending at ``end`` qualifies the lower-case noun written after it
    ("the Santorum cocktail", "the Stardust mission"): then "the" before the name belongs
    to the noun, not to the name. Frequent words, verbs' endings and plurals (which may
    be verbs: "the Council requests") and a possessive name leave "the" with the name."""
    match = _NEXT_WORD.match(text, end)
    if match is None or text[max(0, end - 2) : end] in {"'s", "’s"} or text[end - 1] in "'’":
        # "the UK's welfare system": the possessive makes "the UK" a phrase of its own
        return False
    word = match.group(1)
    return (
        word not in _STOP
        and word not in lexicon.frequent_words
        and word not in lexicon.connectors
        and word not in _PERSON_VERBS
        and not word.endswith(("ed", "ly", "s", "ing"))
    )


def _initial(text: str, start: int, previous: _Fields | None) -> bool:
    """Whether the word at ``start`` starts a sentence or a line; ``previous`` is the
    word before it."""
    i = start - 1
    saw_newline = False
    while i >= 0 and (text[i].isspace() or text[i] in _OPENERS):
        saw_newline = saw_newline or text[i] == "\n"
        i -= 1
    if i < 0 or saw_newline:
        return True
    if text[i] not in _BOUNDARY:
        return False
    if text[i] == "." and previous is not None:
        _, end, word, base, lower, _, _, upper = previous
        if end == i:
            # "Dr. Smith", "R. L. Petruck", "U.S. Army": a dot after an abbreviation or
            # an initial.
            if lower in _ABBREVIATIONS or (len(base) == 1 and upper):
                return False
            if "." in word:
                return False
    return True


def _tokens(text: str) -> list[_Token]:
    """The words of ``text``, each a fresh ``_Token`` its stage may mark."""
    return [_Token(*fields) for fields in _token_fields(text)]


# A word's fields, in the order ``_Token`` takes them (start, end, text, base, lower,
# initial, cap, upper). Plain tuples: the garbage collector stops following a tuple of
# strings and numbers, and a text's words are kept for the stages after the name stage.
_Fields = tuple[int, int, str, str, str, bool, bool, bool]


@functools.lru_cache(maxsize=4)
def _token_fields(text: str) -> tuple[_Fields, ...]:
    # The name stage, the widening and the tagger each split the same text: split once.
    found: list[_Fields] = []
    previous: _Fields | None = None
    for match in _TOKEN.finditer(text):
        word = match.group()
        base = word
        if "'" in word or "’" in word:  # only then can it end in a possessive
            base = _POSSESSIVE.sub("", word) or word
        previous = (
            match.start(),
            match.end(),
            word,
            base,
            base.lower(),
            _initial(text, match.start(), previous),
            base[0].isupper(),
            len(base) > 1 and base.isupper(),
        )
        found.append(previous)
    return tuple(found)


def _lines(tokens: list[_Token], text: str) -> list[list[_Token]]:
    """Tokens grouped by line, the unit in which headings and shouting are judged."""
    lines: list[list[_Token]] = [[]]
    for token in tokens:
        if lines[-1] and "\n" in text[lines[-1][-1].end : token.start]:
            lines.append([])
        lines[-1].append(token)
    return lines


def _is_heading(line: list[_Token], dictionary: frozenset[str]) -> bool:
    """A title-case line of ordinary words ("Working With Power In Bodywork")."""
    long = [t for t in line if len(t.base) >= 4 and t.base[0].isalpha()]
    if len(long) < 3:
        return False
    capitalised = [t for t in long if t.cap]
    if len(capitalised) / len(long) < 0.75:
        return False
    ordinary = sum(t.lower in dictionary for t in capitalised)
    return ordinary * 2 >= len(capitalised)


def _is_shouting(line: list[_Token]) -> bool:
    words = [t for t in line if t.base[0].isalpha() and len(t.base) > 1]
    if len(words) < 3:
        return False
    return sum(t.upper for t in words) / len(words) >= 0.5


class _Finder:
    def __init__(self, text: str, lexicon: Lexicon) -> None:
        self.text = text
        self.lex = lexicon
        self.tokens = _tokens(text)

    def listed(self, lower: str) -> bool:
        lex = self.lex
        return lower in lex.first_names or lower in lex.surnames or lower in lex.places

    def ordinary(self, lower: str) -> bool:
        """An ordinary English word as well as a name: judged strictly, for lower case."""
        lex = self.lex
        return lower in lex.common_words or lower in lex.keep or lower in _STOP

    def inflected(self, lower: str) -> bool:
        """Whether a word is a dictionary word or one with an ending ("Readers", "Hoping")."""
        words = self.lex.dictionary
        if lower in words:
            return True
        return any(
            lower.endswith(ending)
            and len(lower) - len(ending) >= 3
            and lower[: len(lower) - len(ending)] + back in words
            for ending, back in _ENDINGS
        ) or self._doubled(lower, words)

    @staticmethod
    def _doubled(lower: str, words: frozenset[str]) -> bool:
        """An ending after a doubled last letter: "cancelled", "stopping", "travellers"."""
        for ending in _DOUBLING:
            stem = lower[: -len(ending)]
            if lower.endswith(ending) and len(stem) >= 4 and stem[-1] == stem[-2]:
                return stem[:-1] in words
        return False

    def everyday_form(self, lower: str) -> bool:
        """An ending on an everyday word: "fees", "banks", "charged" (not the word itself)."""
        common = self.lex.common_words
        return lower not in common and any(
            lower.endswith(ending)
            and len(lower) - len(ending) >= 3
            and lower[: len(lower) - len(ending)] + back in common
            for ending, back in _WORD_FORMS
        )

    def frequent(self, lower: str) -> bool:
        """A frequent English word: what a capitalised word at a sentence start may be."""
        lex = self.lex
        return lower in lex.frequent_words or lower in lex.keep or lower in _STOP

    def run(self) -> Iterator[NameMatch]:
        lex = self.lex
        tokens = self.tokens
        # Mid-sentence capitals and shouted or headline lines are judged per line.
        weak: set[int] = set()
        lowercase_line: set[int] = set()
        for line in _lines(tokens, self.text):
            if _is_heading(line, lex.dictionary):
                weak.update(id(t) for t in line)
            if _is_shouting(line):
                lowercase_line.update(id(t) for t in line)
        # A word written in lower case elsewhere in well-cased text is an ordinary word.
        # A word no dictionary knows ("santorum", "scientology" in a link) stays a name.
        lower_forms = {
            t.lower
            for t in tokens
            if t.base.islower()
            and id(t) not in lowercase_line
            and not self._embedded(t)
            and (t.lower in lex.dictionary or self.frequent(t.lower))
        }
        terms, spelling = self._terms()
        strong_forms: set[str] = set()
        for i, t in enumerate(tokens):
            if id(t) in lowercase_line or t.lower in lex.keep or any(map(str.isdigit, t.base)):
                continue
            if t.base in terms:
                continue
            if t.upper and t.lower in _PLACE_ABBREVIATIONS:
                t.candidate, t.why = True, "a place's abbreviation"
                continue
            if t.upper and len(t.base) <= 6 and not self.frequent(t.lower):
                t.candidate, t.why = True, "a word in capitals"
                continue
            if not t.cap or t.initial or id(t) in weak or len(t.base) <= 1:
                continue
            if (t.lower in lex.lookalike or self.frequent(t.lower)) and not self._name_context(i):
                continue
            if t.lower in lower_forms and not self.listed(t.lower):
                continue
            t.candidate, t.why = True, "a capitalised word mid-sentence"
            if not t.upper and not self.ordinary(t.lower):
                strong_forms.add(t.lower)
        strong_forms -= lower_forms
        for i, t in enumerate(tokens):
            if t.candidate or t.lower in lex.keep or not t.base[0].isalpha():
                continue
            shouted = id(t) in lowercase_line
            if t.cap and not shouted and (t.initial or id(t) in weak):
                if t.lower in strong_forms:
                    t.candidate, t.why = True, "used as a name elsewhere in the text"
                elif (
                    self.listed(t.lower)
                    and not self.frequent(t.lower)
                    # a surname that is an everyday word's plural or verb form opens a
                    # sentence as that word ("Fees and paying", "Banks close at four")
                    and (
                        t.lower in lex.first_names
                        or t.lower in lex.places
                        or not self.everyday_form(t.lower)
                    )
                ):
                    t.candidate, t.why = True, "a listed name or place"
                elif (
                    t.lower not in _STARTERS
                    and not self.frequent(t.lower)
                    and not t.lower.endswith("ly")
                    # a sentence opened by a verb or a noun before a name: "Told Ash",
                    # "Asked Mara"; a word that could be a name itself still joins it
                    and (self.listed(t.lower) or not self.inflected(t.lower))
                    and i + 1 < len(tokens)
                    and tokens[i + 1].candidate
                    and tokens[i + 1].start - t.end == 1
                ):
                    t.candidate, t.why = True, "a capitalised word before a name"
            elif not t.cap or shouted:
                if len(t.lower) < 3 or self.frequent(t.lower) or t.lower in lex.connectors:
                    continue
                previous = tokens[i - 1] if i else None
                if self.ordinary(t.lower) or (
                    not shouted and t.lower not in lex.dictionary and self.inflected(t.lower)
                ):
                    # "sam's coming", "with joe": a name that is also a rare word, in context;
                    # a look-alike in lower case is the word ("and said her", "with will")
                    if (
                        t.lower in lex.first_names
                        and t.lower not in lex.lookalike
                        and self._person_context(i)
                    ):
                        t.candidate, t.why = True, "a listed first name where a person is named"
                    elif (
                        # "taylor swift", "emily blunt": a surname that is also a word, right
                        # after a first name found
                        previous is not None
                        and previous.candidate
                        and previous.lower in lex.first_names
                        and not previous.cap
                        and t.lower in lex.surnames
                        and t.end - t.start == len(t.text)
                        and self.text[previous.end : t.start] == " "
                    ):
                        t.candidate, t.why = True, "a listed surname after a first name"
                    continue
                if t.lower in lex.first_names:
                    t.candidate, t.why = True, "a listed first name"
                elif (
                    previous is not None
                    and previous.candidate
                    and t.lower in lex.surnames
                    and self._joined(previous, t)
                ):
                    t.candidate, t.why = True, "a listed surname after a first name"
                elif t.lower in lex.big_places:
                    t.candidate, t.why = True, "a listed country or large city"
                elif t.lower in lex.surnames and not shouted and self._person_context(i):
                    # "ellwood's sushi", "with okafor": a surname where a person is named
                    t.candidate, t.why = True, "a listed surname where a person is named"
                elif (
                    t.lower in lex.surnames
                    and previous is not None
                    and previous.lower in lex.titles
                    and self.text[previous.end : t.start] in {" ", ". "}
                ):
                    # "dr hartigan", "mrs. okafor": a surname after a title, in lower case
                    t.candidate, t.why = True, "a listed surname after a title"
        # A name found once is a name at the start of a sentence too.
        name_forms = {
            t.lower
            for t in tokens
            if t.candidate and not t.upper and t.cap and not self.frequent(t.lower)
        } - lower_forms
        for i, t in enumerate(tokens):
            if t.candidate or not t.cap or t.upper or t.lower in lex.keep:
                continue
            if t.lower in name_forms:
                t.candidate, t.why = True, "used as a name elsewhere in the text"
            elif (
                (t.initial or id(t) in weak)
                and t.lower not in lex.dictionary
                and not self.frequent(t.lower)
                and t.lower not in _STARTERS
                and (
                    (i + 1 < len(tokens) and tokens[i + 1].lower in _PERSON_VERBS)
                    or t.text.endswith(("'s", "’s"))
                )
            ):
                t.candidate, t.why = True, "an unknown capitalised word before a verb"
            elif (
                (t.initial or id(t) in weak)
                and len(t.base) >= 4
                and t.base.isalpha()
                and not self.inflected(t.lower)
                and not self.frequent(t.lower)
                and t.lower not in _STARTERS
                and t.lower not in lex.lookalike
            ):
                t.candidate, t.why = True, "a capitalised word no dictionary knows"
        # A look-alike, a frequent word or one written in lower case elsewhere is part of
        # a longer name beside it ("the Abbotsford Community Trust", "Rick Santorum").
        changed = True
        while changed:
            changed = False
            for i, t in enumerate(tokens):
                if t.candidate or not t.cap or t.initial or t.lower in lex.keep:
                    continue
                if id(t) in lowercase_line or not t.base[0].isalpha():
                    continue
                neighbours = [tokens[k] for k in (i - 1, i + 1) if 0 <= k < len(tokens)]
                if any(
                    n.candidate
                    and n.lower not in lex.lookalike
                    and self._joined(*sorted((n, t), key=lambda x: x.start))
                    for n in neighbours
                ) or (
                    # "the Cleveland Museum of Art"
                    i >= 2
                    and tokens[i - 1].lower in lex.connectors
                    and not tokens[i - 1].cap
                    and tokens[i - 2].candidate
                    and tokens[i - 2].lower in lex.org_words | lex.place_words
                ):
                    t.candidate, t.why = True, "part of a longer name"
                    changed = True
        # Capitalised words mid-sentence that end in an organisation's or a place's word
        # name one ("the Computing Research Association", "the Home Office").
        for run in self._capitalised_runs(weak, lowercase_line):
            last = run[-1].lower
            if len(run) >= 2 and (last in lex.org_words or last in lex.place_words):
                for t in run:
                    if not t.candidate:
                        t.candidate, t.why = True, "capitalised words before an organisation's word"
        # Initials before a name belong to it: "Miriam R. L. Petruck".
        for i in range(len(tokens) - 2, -1, -1):
            t, after = tokens[i], tokens[i + 1]
            if (
                not t.candidate
                and len(t.base) == 1
                and t.base.isupper()
                and after.candidate
                and self.text[t.end : after.start] in {". ", " "}
            ):
                t.candidate, t.why = True, "an initial of a name"
        # The capitalised words that spell out a term are no name either ("Reactive
        # Oxygen Species (ROS)").
        for k in spelling:
            tokens[k].candidate = False
        yield from self._spans()

    def _terms(self) -> tuple[set[str], set[int]]:
        """Initials the text spells out in ordinary words, in brackets after them or before
        them: "sea surface salinity (SSS)", "ROS [reactive oxygen species]", "(compact
        fluorescent light) CFL" make every "SSS", "ROS" and "CFL" of the text a term, not an
        organisation's name. Capitalised words spell one out too when each is a dictionary
        word no name list knows and none is an organisation's or a place's word or a title
        ("Reactive Oxygen Species (ROS)", but not "European Space Agency (ESA)" or "Tamsin
        Orrell (TO)"); their places are returned with the terms."""
        tokens = self.tokens
        text = self.text
        terms: set[str] = set()
        spelling: set[int] = set()
        for i, t in enumerate(tokens):
            # the brackets first: the cheapest test, and most words have none beside them
            inside = (
                t.start > 0 and text[t.start - 1] in "([" and text[t.end : t.end + 1] in (")", "]")
            )
            after = text[t.end : t.end + 2] in {" (", " ["}
            before = t.start > 1 and text[t.start - 2 : t.start] in {") ", "] "}
            if not (inside or after or before):
                continue
            if not (
                2 <= len(t.base) <= 8 and t.base.isalpha() and any(map(str.isupper, t.base[1:]))
            ):
                continue
            letters = t.base.lower()
            capitals = "".join(c for c in t.base if c.isupper()).lower()
            # longest first, so "ROS" is spelt by three words, not "RO" by two
            for wanted in dict.fromkeys((letters, capitals, letters.rstrip("s"))):
                words = None
                for skip_stop in (False, True):
                    if inside:
                        words = words or self._spelt_out(range(i - 1, -1, -1), wanted, skip_stop)
                    if before:
                        words = words or self._spelt_out(range(i - 1, -1, -1), wanted, skip_stop)
                    if after:
                        ahead = range(i + 1, len(tokens))
                        words = words or self._spelt_out(ahead, wanted, skip_stop, forward=True)
                if words is not None:
                    terms.add(t.base)
                    spelling.update(words)
                    break
        return terms, spelling

    def _spelt_out(
        self, order: range, wanted: str, skip_stop: bool, *, forward: bool = False
    ) -> list[int] | None:
        """The words, taken in ``order`` from beside a term, whose initials spell ``wanted``
        (read backwards unless ``forward``), or None."""
        if not wanted:
            return None
        lex = self.lex
        letters: list[str] = []
        used: list[int] = []
        for k in order:
            if len(letters) >= len(wanted):
                break
            word = self.tokens[k]
            if skip_stop and word.lower in _STOP:
                continue
            if word.cap and (
                word.upper
                or self.listed(word.lower)
                or not self.inflected(word.lower)
                or word.lower in lex.org_words
                or word.lower in lex.place_words
                or word.lower in lex.titles
            ):
                return None
            parts = [p[0].lower() for p in re.split(r"[-/]", word.base) if p]
            letters = letters + parts if forward else parts + letters
            used.append(k)
        return used if "".join(letters) == wanted else None

    def _capitalised_runs(self, weak: set[int], shouted: set[int]) -> Iterator[list[_Token]]:
        """Runs of capitalised words mid-sentence, written one after another."""
        run: list[_Token] = []
        for t in self.tokens:
            fits = (
                t.cap
                and not t.upper
                and not t.initial
                and id(t) not in weak
                and id(t) not in shouted
                and t.base[0].isalpha()
                and t.lower not in self.lex.keep
            )
            if fits and run and self._joined(run[-1], t):
                run.append(t)
                continue
            if run:
                yield run
            run = [t] if fits else []
        if run:
            yield run

    def _person_context(self, i: int) -> bool:
        """Whether the words around token ``i`` are those around a person's name."""
        tokens = self.tokens
        t = tokens[i]
        before = tokens[i - 1].lower if i else ""
        after = tokens[i + 1].lower if i + 1 < len(tokens) else ""
        if t.text.lower().endswith(("'s", "’s")) or self.text[t.end : t.end + 3] in {" 's", " ’s"}:
            return True
        return before in self.lex.person_before or after in _PERSON_VERBS

    def _embedded(self, t: _Token) -> bool:
        """Whether a word is part of an address, a handle or a link ("tamsin@…", "…/jo")."""
        before = self.text[t.start - 1] if t.start else " "
        after = self.text[t.end] if t.end < len(self.text) else " "
        if before in "@./_#" or after in "@/_":
            return True
        return after == "." and "@" in self.text[t.end : t.end + 60].split(" ")[0]

    def _name_context(self, i: int) -> bool:
        """Whether a look-alike word is being used as a name here."""
        tokens = self.tokens
        before = tokens[i - 1] if i else None
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        if before is not None and before.lower in self.lex.titles and before.cap:
            return True
        return bool(
            after is not None
            and after.cap
            and not after.initial
            and after.start - tokens[i].end == 1
            and after.lower in self.lex.surnames
            and not self.ordinary(after.lower)
        )

    def _spans(self) -> Iterator[NameMatch]:
        tokens = self.tokens
        lex = self.lex
        i = 0
        while i < len(tokens):
            t = tokens[i]
            if not t.candidate:
                i += 1
                continue
            j = i
            while True:
                k = j + 1
                if k < len(tokens) and tokens[k].candidate and self._joined(tokens[j], tokens[k]):
                    j = k
                    continue
                # two connectors: "Foundation for the Visual Arts"
                if (
                    k + 2 < len(tokens)
                    and tokens[k + 2].candidate
                    and tokens[j].lower in lex.org_words
                    and tokens[k].lower in {"for", "of", "on", "in"}
                    and tokens[k + 1].lower in {"the", "and"}
                    and self._joined(tokens[j], tokens[k])
                    and self._joined(tokens[k], tokens[k + 1])
                    and self._joined(tokens[k + 1], tokens[k + 2])
                ):
                    j = k + 2
                    continue
                # a connector or an initial between two candidates: "University of Leeds"
                if (
                    k + 1 < len(tokens)
                    and tokens[k + 1].candidate
                    and (
                        (tokens[k].lower in lex.connectors and not tokens[k].cap)
                        or (len(tokens[k].base) == 1 and tokens[k].upper)
                        or tokens[k].base in {"&", "and"}
                    )
                    and self._joined(tokens[j], tokens[k])
                    and self._joined(tokens[k], tokens[k + 1])
                    and tokens[k].lower != "and"
                ):
                    j = k + 1
                    continue
                break
            span = tokens[i : j + 1]
            first = i
            # A capitalised first word before the span, if it belongs to the name.
            if i > 0 and tokens[i - 1].cap and self._joined(tokens[i - 1], t):
                prev = tokens[i - 1]
                joined = f"{prev.base} {t.base}".lower()
                if prev.lower not in _STARTERS and (
                    joined in lex.places
                    or prev.lower in lex.org_words
                    or prev.lower in lex.place_words
                    or (prev.lower in lex.first_names and not self.ordinary(prev.lower))
                    or (prev.lower in lex.first_names and not prev.upper and self._surname(span))
                ):
                    span = [prev, *span]
                    first = i - 1
            match = self._typed(span, first)
            if match is not None:
                yield match
            i = j + 1

    def _joined(self, a: _Token, b: _Token) -> bool:
        gap = self.text[a.end : b.start]
        return gap in {" ", "-", " - "} or (gap == ". " and len(a.base) == 1)

    def _surname(self, span: list[_Token]) -> bool:
        """Whether ``span`` reads as a surname a first name may stand before, ordinary
        word or not ("Frank Rack", "Jan Koum"): one capitalised word, no place's or
        organisation's word, no listed place."""
        lex = self.lex
        if len(span) != 1:
            return False
        t = span[0]
        return (
            t.cap
            and not t.upper
            and t.lower not in lex.org_words
            and t.lower not in lex.place_words
            and t.lower not in lex.places
            and t.lower not in lex.keep
        )

    def _first_names(self, lower: str) -> bool:
        """Whether a hyphenated word is first names only ("mary-jane")."""
        parts = lower.split("-")
        return len(parts) > 1 and all(p in self.lex.first_names for p in parts)

    def _typed(self, span: list[_Token], first: int) -> NameMatch | None:
        lex = self.lex
        lowers = [t.lower for t in span]
        if len(span) == 1 and (
            lowers[0] in lex.org_words or lowers[0] in lex.place_words or lowers[0] in lex.titles
        ):
            return None  # "the Board", "Street", "Professor" alone name nobody
        whole = " ".join(t.base for t in span).lower()
        before = self.tokens[first - 1] if first > 0 else None
        before_lower = before.lower if before is not None else ""
        kind: EntityType
        if any(w in lex.org_words for w in lowers):
            kind, why = "ORGANIZATION", "a name with a word that marks an organisation"
        elif len(span) > 1 and any(w in lex.place_words for w in lowers):
            kind, why = "PLACE", "a name with a word that marks a place"
        elif before is not None and before.lower in lex.titles:
            kind, why = "PERSON", f"a name after the title {before.base!r}"
        elif whole in lex.places and not (
            lowers[0] in lex.first_names and len(span) > 1 and lowers[-1] in lex.surnames
        ):
            kind, why = "PLACE", "a listed place"
        elif any(t.why.endswith("where a person is named") for t in span):
            kind, why = "PERSON", "a listed name where a person is named"
        elif lowers[0] in lex.first_names or lowers[-1] in lex.surnames:
            kind, why = "PERSON", "a listed first name or surname"
        elif before_lower in lex.place_before and before_lower not in {"with", "by"}:
            kind, why = "PLACE", f"a name after {before_lower!r}"
        elif len(span) == 1 and span[0].upper and self._first_names(lowers[0]):
            kind, why = "PERSON", "first names in capitals"  # "MARY-JANE"
        elif len(span) == 1 and span[0].upper:
            kind, why = "ORGANIZATION", "a word in capitals"
        else:
            kind, why = "PERSON", "a name no list knows"
        if any(w in _PLACE_ABBREVIATIONS for w in lowers) and len(span) == 1:
            kind, why = "PLACE", "a place's abbreviation"
        start, end = span[0].start, span[-1].end
        if before is not None and before_lower == "the" and self._joined(before, span[0]):
            if kind == "PERSON" and why == "a name no list knows":
                kind, why = "ORGANIZATION", "a name after 'the'"
            if kind in ("PLACE", "ORGANIZATION") and not qualifies_noun(
                self.text, span[-1].end, lex
            ):
                start = before.start
        if end < len(self.text) and self.text[end] in "'’" and self.text[end - 1] in "sS":
            end += 1  # "Galois'"
        elif end < len(self.text) and self.text[end] == "." and "." in span[-1].base:
            end += 1  # "the U.S."
        if (
            before is not None
            and before.cap
            and (before.lower in lex.titles or before.lower in {"st", "ste", "mt"})
            and self.text[before.end : span[0].start] in {" ", ". "}
        ):
            start = before.start  # "Dr. Guruswamy", "St. Petersburg"
        reason = span[0].why or span[-1].why
        return NameMatch(start, end, kind, f"{why} ({reason})")


def find_names(text: str, lexicon: Lexicon) -> Iterator[NameMatch]:
    """Names of people, places and organisations in ``text`` that no list was given for."""
    yield from _Finder(text, lexicon).run()
