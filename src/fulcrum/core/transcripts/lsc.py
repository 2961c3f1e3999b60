"""Linguistic style coordination: how far one speaker echoes the other's function words.

After Danescu-Niculescu-Mizil et al. (2012), for each function-word category ``m`` and a
reply ``b`` to an utterance ``a`` by the other speaker::

    C_m(B -> A) = P(b uses m | a used m) - P(b uses m)

Positive values mean B picks up A's style more than B's own base rate; in that work the
party with less power tends to coordinate more. The categories below are Fulcrum's own
lists of English closed-class words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

CATEGORIES: dict[str, frozenset[str]] = {
    "articles": frozenset({"a", "an", "the"}),
    "personal_pronouns": frozenset(
        [
            "i",
            "me",
            "my",
            "mine",
            "myself",
            "you",
            "your",
            "yours",
            "yourself",
            "he",
            "him",
            "his",
            "himself",
            "she",
            "her",
            "hers",
            "herself",
            "we",
            "us",
            "our",
            "ours",
            "ourselves",
            "they",
            "them",
            "their",
            "theirs",
            "themselves",
        ]
    ),
    "impersonal_pronouns": frozenset(
        [
            "it",
            "its",
            "itself",
            "this",
            "that",
            "these",
            "those",
            "something",
            "anything",
            "everything",
            "nothing",
            "someone",
            "anyone",
            "everyone",
            "somebody",
            "anybody",
            "nobody",
        ]
    ),
    "prepositions": frozenset(
        [
            "about",
            "above",
            "across",
            "after",
            "against",
            "along",
            "among",
            "around",
            "at",
            "before",
            "behind",
            "below",
            "beneath",
            "beside",
            "between",
            "beyond",
            "by",
            "down",
            "during",
            "except",
            "for",
            "from",
            "in",
            "inside",
            "into",
            "near",
            "of",
            "off",
            "on",
            "onto",
            "out",
            "outside",
            "over",
            "past",
            "since",
            "through",
            "throughout",
            "to",
            "toward",
            "towards",
            "under",
            "until",
            "up",
            "upon",
            "with",
            "within",
            "without",
        ]
    ),
    "auxiliary_verbs": frozenset(
        [
            "am",
            "is",
            "are",
            "was",
            "were",
            "be",
            "been",
            "being",
            "have",
            "has",
            "had",
            "having",
            "do",
            "does",
            "did",
            "will",
            "would",
            "shall",
            "should",
            "can",
            "could",
            "may",
            "might",
            "must",
        ]
    ),
    "conjunctions": frozenset(
        [
            "and",
            "but",
            "or",
            "nor",
            "so",
            "yet",
            "because",
            "although",
            "though",
            "while",
            "whereas",
            "if",
            "unless",
            "since",
            "whether",
        ]
    ),
    "quantifiers": frozenset(
        [
            "all",
            "some",
            "any",
            "many",
            "much",
            "more",
            "most",
            "few",
            "less",
            "least",
            "several",
            "each",
            "every",
            "both",
            "either",
            "neither",
            "enough",
            "lot",
            "lots",
        ]
    ),
    "adverbs": frozenset(
        [
            "very",
            "really",
            "just",
            "also",
            "too",
            "quite",
            "rather",
            "still",
            "already",
            "even",
            "only",
            "always",
            "never",
            "often",
            "sometimes",
            "maybe",
            "perhaps",
            "almost",
            "actually",
            "probably",
            "usually",
            "again",
        ]
    ),
    "negations": frozenset(
        ["no", "not", "never", "none", "nobody", "nothing", "nowhere", "neither", "nor", "cannot"]
    ),
}
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
_NEG_CLITIC = "n't"


def categories_used(text: str) -> frozenset[str]:
    """Return the function-word categories that ``text`` uses at least once."""
    raw = _WORD.findall(text.lower().replace("\u2019", "'"))
    words = set()
    negated = False
    for w in raw:
        if w.endswith(_NEG_CLITIC):
            negated = True
            stem = w[: -len(_NEG_CLITIC)]
            words.add({"ca": "can", "wo": "will", "sha": "shall"}.get(stem, stem))
        elif "'" in w:
            words.add(w.split("'")[0])
        else:
            words.add(w)
    used = {name for name, vocab in CATEGORIES.items() if words & vocab}
    if negated:
        used.add("negations")
    return frozenset(used)


@dataclass(frozen=True, slots=True)
class Coordination:
    """Coordination of ``speaker`` toward ``target``: per category and the mean.

    ``per_category`` holds only the categories where a value could be computed (the
    target used the category at least once before a reply); ``mean`` is ``None`` when
    none could. ``pairs`` counts the exchanges (target utterance, speaker's reply) used.
    """

    speaker: str
    target: str
    per_category: tuple[tuple[str, float], ...]
    mean: float | None
    pairs: int


def coordination(exchanges: Sequence[tuple[str, str]], speaker: str, target: str) -> Coordination:
    """Coordination from ``(target utterance, speaker's reply)`` text pairs."""
    used = [(categories_used(a), categories_used(b)) for a, b in exchanges]
    per: list[tuple[str, float]] = []
    for name in CATEGORIES:
        base = sum(1 for _, b in used if name in b)
        triggered = [b for a, b in used if name in a]
        if not used or not triggered:
            continue
        p_cond = sum(1 for b in triggered if name in b) / len(triggered)
        per.append((name, p_cond - base / len(used)))
    mean = sum(v for _, v in per) / len(per) if per else None
    return Coordination(speaker, target, tuple(per), mean, len(used))


def exchanges_between(
    speakers: Sequence[str], texts: Sequence[str], speaker: str, target: str
) -> list[tuple[str, str]]:
    """Adjacent pairs where ``speaker`` replies directly to ``target``."""
    return [
        (texts[i - 1], texts[i])
        for i in range(1, len(texts))
        if speakers[i] == speaker and speakers[i - 1] == target
    ]
