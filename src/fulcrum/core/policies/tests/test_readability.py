"""The Flesch-Kincaid grade, checked against sentences whose counts were made by hand."""

from __future__ import annotations

import pytest

from fulcrum.core.policies.readability import TextCounts, counts, flesch_kincaid_grade, syllables


def _grade(words: int, sentences: int, syllable_count: int) -> float:
    return 0.39 * words / sentences + 11.8 * syllable_count / words - 15.59


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("cat", 1),
        ("the", 1),
        ("make", 1),
        ("due", 1),
        ("free", 1),
        ("table", 2),
        ("people", 2),
        ("payment", 2),
        ("before", 2),
        ("session", 2),
        ("beautiful", 3),
        ("policy", 3),
        ("cancellation", 4),
        ("you're", 1),
    ],
)
def test_syllables_of_hand_counted_words(word: str, expected: int) -> None:
    assert syllables(word) == expected


@pytest.mark.parametrize(
    ("text", "hand_counts"),
    [
        # The(1) cat(1) sat(1) on(1) the(1) mat(1). It(1) was(1) warm(1).
        ("The cat sat on the mat. It was warm.", TextCounts(9, 2, 9)),
        # Payment(2) is(1) due(1) before(2) the(1) session(2) begins(2).
        ("Payment is due before the session begins.", TextCounts(7, 1, 11)),
        # A heading without a full stop is a sentence of its own.
        # Your(1) part(1) / You(1) choose(1) what(1) to(1) share(1)!
        ("Your part\n\nYou choose what to share!", TextCounts(7, 2, 7)),
    ],
)
def test_grade_from_hand_counted_sentences(text: str, hand_counts: TextCounts) -> None:
    assert counts(text) == hand_counts
    assert flesch_kincaid_grade(text) == pytest.approx(_grade(*hand_counts))


def test_longer_words_and_sentences_raise_the_grade() -> None:
    plain = "We meet each week. You can stop when you like."
    dense = (
        "Confidentiality considerations necessitate comprehensive documentation "
        "procedures regarding communications between appointments."
    )
    assert flesch_kincaid_grade(plain) < 4 < 12 < flesch_kincaid_grade(dense)


def test_a_text_without_words_is_grade_zero() -> None:
    assert flesch_kincaid_grade("  12 — 3 ") == 0.0
