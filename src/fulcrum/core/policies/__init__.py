"""The pure core of practice policies: canonical text and hash, word diff, readability,
and Fulcrum's starter texts. No Django; the policies app builds on these."""

from fulcrum.core.policies.readability import TextCounts, counts, flesch_kincaid_grade, syllables
from fulcrum.core.policies.text import DiffKind, DiffPart, canonical_text, text_hash, word_diff

__all__ = [
    "DiffKind",
    "DiffPart",
    "TextCounts",
    "canonical_text",
    "counts",
    "flesch_kincaid_grade",
    "syllables",
    "text_hash",
    "word_diff",
]
