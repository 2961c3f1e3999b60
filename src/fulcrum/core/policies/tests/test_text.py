"""The canonical text, its hash, and the word diff between two versions of a policy."""

from __future__ import annotations

import hashlib
import itertools
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from fulcrum.core.policies.text import DiffPart, canonical_text, text_hash, word_diff

# Letters include precomposed accents, so NFC/NFD edits have something to change.
LETTERS = "abcdefghijklmnopqrstuvwxyzéüñçå"
WORD = st.text(alphabet=LETTERS, min_size=1, max_size=8)
LINE = st.lists(WORD, min_size=1, max_size=6).map(" ".join)
TEXT = st.lists(LINE, min_size=1, max_size=5).map("\n".join)

SAME_MEANING = ("crlf", "cr", "trailing_spaces", "trailing_blank_lines", "nfd")
REAL = ("replace_letter", "delete_letter", "insert_letter", "inner_space", "leading_space")


def test_the_canonical_rule_step_by_step() -> None:
    assert canonical_text("caf\u0065\u0301") == "caf\u00e9"
    assert canonical_text("one\r\ntwo\rthree\n") == "one\ntwo\nthree"
    assert canonical_text("one  \t\ntwo ") == "one\ntwo"
    assert canonical_text("one\n\n  \n\n") == "one"
    assert canonical_text("\n  indented  text") == "\n  indented  text"


def test_the_hash_is_sha256_of_the_canonical_utf8() -> None:
    expected = hashlib.sha256("café\nzwei".encode()).hexdigest()
    assert text_hash("cafe\u0301  \r\nzwei\r\n\r\n") == expected


def _same_meaning(text: str, kind: str, line: int) -> str:
    lines = text.split("\n")
    line %= len(lines)
    if kind == "crlf":
        return text.replace("\n", "\r\n")
    if kind == "cr":
        return text.replace("\n", "\r")
    if kind == "trailing_spaces":
        lines[line] += " \t "
        return "\n".join(lines)
    if kind == "trailing_blank_lines":
        return text + "\n  \n\n"
    return unicodedata.normalize("NFD", text)


def _real(text: str, kind: str, at: int, letter: str) -> str:
    visible = [i for i, c in enumerate(text) if not c.isspace()]
    i = visible[at % len(visible)]
    if kind == "replace_letter":
        other = letter if letter != text[i] else ("a" if text[i] != "a" else "b")
        return text[:i] + other + text[i + 1 :]
    if kind == "delete_letter":
        return text[:i] + text[i + 1 :]
    if kind == "insert_letter":
        return text[:i] + letter + text[i:]
    inner = [j for j in visible if j > 0 and text[j - 1] != "\n"]
    if kind == "inner_space" and inner:
        j = inner[at % len(inner)]  # before a visible character, so inside its line
        return text[:j] + " " + text[j:]
    return " " + text


@settings(max_examples=1000, deadline=None)
@given(
    text=TEXT,
    real=st.booleans(),
    same_kind=st.sampled_from(SAME_MEANING),
    real_kind=st.sampled_from(REAL),
    at=st.integers(min_value=0, max_value=1000),
    letter=st.sampled_from(LETTERS),
)
def test_equal_canonical_texts_share_a_hash_and_real_edits_change_it(
    text: str, real: bool, same_kind: str, real_kind: str, at: int, letter: str
) -> None:
    if real:
        edited = _real(text, real_kind, at, letter)
        assert canonical_text(edited) != canonical_text(text)
        assert text_hash(edited) != text_hash(text)
    else:
        edited = _same_meaning(text, same_kind, at)
        assert canonical_text(edited) == canonical_text(text)
        assert text_hash(edited) == text_hash(text)


def test_word_diff_marks_added_and_removed_words_and_keeps_whitespace() -> None:
    old = "We ask for 24 hours' notice.\nThe fee is due."
    new = "We ask for 48 hours' notice.\nThe full fee is due."
    assert word_diff(old, new) == [
        DiffPart("same", "We ask for "),
        DiffPart("removed", "24"),
        DiffPart("added", "48"),
        DiffPart("same", " hours' notice.\nThe "),
        DiffPart("added", "full "),
        DiffPart("same", "fee is due."),
    ]


def test_word_diff_of_equal_texts_is_one_same_part() -> None:
    assert word_diff("Same words.\r\n", "Same words.") == [DiffPart("same", "Same words.")]
    assert word_diff("", "") == []


@settings(max_examples=200, deadline=None)
@given(old=TEXT, new=TEXT)
def test_word_diff_gives_both_texts_back(old: str, new: str) -> None:
    parts = word_diff(old, new)
    assert "".join(p.text for p in parts if p.kind != "added") == canonical_text(old)
    assert "".join(p.text for p in parts if p.kind != "removed") == canonical_text(new)
    assert all(a.kind != b.kind for a, b in itertools.pairwise(parts))
