"""The canonical form of a policy's text, its hash, and a word-level diff between versions.

The canonical rule, applied in this order:

1. Unicode NFC, so an accent typed as one character or as two hashes the same.
2. Line endings: CRLF and a lone CR become LF.
3. Trailing spaces and tabs at the end of each line are dropped.
4. Trailing blank lines are dropped, and so is the final newline: ``"a\\n"`` and ``"a"``
   are one text. Leading blank lines, indentation and spaces inside a line are kept,
   because a reader can see them.

``text_hash`` is the SHA-256 (hex) of the canonical text's UTF-8 bytes; a published
version stores both, so anyone can recompute the hash from the words they were shown.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import unicodedata
from typing import Literal, NamedTuple, TypeAlias

__all__ = ["DiffKind", "DiffPart", "canonical_text", "text_hash", "word_diff"]

DiffKind: TypeAlias = Literal["same", "added", "removed"]

_TRAILING = " \t"
_TOKENS = re.compile(r"\s+|\S+")


def canonical_text(text: str) -> str:
    """Return ``text`` in the canonical form described in the module's docstring."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.rstrip(_TRAILING) for line in text.split("\n")]
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines)


def text_hash(text: str) -> str:
    """Return the SHA-256 hex digest of the canonical UTF-8 form of ``text``."""
    return hashlib.sha256(canonical_text(text).encode("utf-8")).hexdigest()


class DiffPart(NamedTuple):
    """One run of a word diff: ``same``, ``added`` (only in the new text) or ``removed``."""

    kind: DiffKind
    text: str


def word_diff(old: str, new: str) -> list[DiffPart]:
    """Compare two texts word by word, whitespace kept, on their canonical forms.

    Joining the ``same`` and ``removed`` parts gives the old canonical text back; joining
    the ``same`` and ``added`` parts gives the new one. Neighbouring parts of one kind are
    merged, and where a run is replaced the removed words come before the added ones.
    """
    a = _TOKENS.findall(canonical_text(old))
    b = _TOKENS.findall(canonical_text(new))
    parts: list[DiffPart] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            _append(parts, "same", a[i1:i2])
            continue
        if op in ("delete", "replace"):
            _append(parts, "removed", a[i1:i2])
        if op in ("insert", "replace"):
            _append(parts, "added", b[j1:j2])
    return parts


def _append(parts: list[DiffPart], kind: DiffKind, tokens: list[str]) -> None:
    if not tokens:
        return
    joined = "".join(tokens)
    if parts and parts[-1].kind == kind:
        parts[-1] = DiffPart(kind, parts[-1].text + joined)
    else:
        parts.append(DiffPart(kind, joined))
