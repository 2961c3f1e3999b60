"""The pure core of practice policies: canonical text and hash, word diff, readability,
and Fulcrum's starter texts. No Django; the policies app builds on these."""

from fulcrum.core.policies.readability import TextCounts, counts, flesch_kincaid_grade, syllables
from fulcrum.core.policies.starters import (
    KIND_LABELS,
    KINDS,
    Starter,
    default_starters,
    load_starters,
)
from fulcrum.core.policies.text import DiffKind, DiffPart, canonical_text, text_hash, word_diff

__all__ = [
    "KINDS",
    "KIND_LABELS",
    "DiffKind",
    "DiffPart",
    "Starter",
    "TextCounts",
    "canonical_text",
    "counts",
    "default_starters",
    "flesch_kincaid_grade",
    "load_starters",
    "syllables",
    "text_hash",
    "word_diff",
]
