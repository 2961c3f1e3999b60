"""A Flesch-Kincaid grade for a policy's text, so a practitioner can see how plain it is.

The grade is ``0.39 * words per sentence + 11.8 * syllables per word - 15.59``. Words are
runs of letters (an apostrophe inside one, as in "you're", keeps it whole); digits and
punctuation are not words. A sentence ends at ``.``, ``!`` or ``?`` (a run of them counts
once) and at a blank line, so a heading or a list item without a full stop is a sentence
of its own. Syllables come from a heuristic, not a dictionary: each run of vowels
(``a e i o u y``) is one, a silent final ``e`` is not (but "-le" after a consonant is, as
in "table"), and every word has at least one. The figure is a guide to plainness, not a
measure of whether a client will understand.
"""

from __future__ import annotations

import re
from typing import NamedTuple

__all__ = ["TextCounts", "counts", "flesch_kincaid_grade", "syllables"]

_WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*")
_SENTENCE_END = re.compile(r"[.!?]+|\n\s*\n")
_VOWEL_RUN = re.compile(r"[aeiouy]+")


class TextCounts(NamedTuple):
    words: int
    sentences: int
    syllables: int


def syllables(word: str) -> int:
    """Estimate the syllables in one word (at least one)."""
    letters = "".join(c for c in word.lower() if c.isalpha())
    if not letters:
        return 0
    count = len(_VOWEL_RUN.findall(letters))
    if (
        count > 1
        and letters.endswith("e")
        and not letters.endswith(("ee", "ye"))
        and not (letters.endswith("le") and len(letters) > 2 and letters[-3] not in "aeiouy")
    ):
        count -= 1
    return max(count, 1)


def counts(text: str) -> TextCounts:
    """Count the words, sentences and (estimated) syllables in ``text``."""
    words = _WORD.findall(text)
    if not words:
        return TextCounts(0, 0, 0)
    pieces = [p for p in _SENTENCE_END.split(text) if _WORD.search(p)]
    return TextCounts(len(words), max(len(pieces), 1), sum(syllables(w) for w in words))


def flesch_kincaid_grade(text: str) -> float:
    """Return the Flesch-Kincaid grade of ``text``; a text with no words is grade 0."""
    found = counts(text)
    if found.words == 0:
        return 0.0
    return 0.39 * found.words / found.sentences + 11.8 * found.syllables / found.words - 15.59
