from __future__ import annotations

import statistics

import pytest

from fulcrum.core.course.analysis import analyse_items
from fulcrum.core.course.scoring import (
    AttemptResult,
    Choice,
    ItemKind,
    ItemVersion,
    score_attempt,
)
from fulcrum.core.errors import InvalidInput

ITEMS = [
    ItemVersion(
        f"q{i}",
        1,
        ItemKind.SINGLE,
        "Which?",
        (Choice("a", "A", "fa"), Choice("b", "B", "fb")),
        frozenset("a"),
    )
    for i in range(6)
]

# Twenty learners' first attempts, one row each: 1 means the item was answered right.
# q4 is answered right more often by the weaker learners; q5 by everyone.
GRID = [
    "111101",
    "111101",
    "111011",
    "110101",
    "111011",
    "101101",
    "110011",
    "011101",
    "110011",
    "100101",
    "011011",
    "101011",
    "010101",
    "100011",
    "001011",
    "010011",
    "100011",
    "000011",
    "001011",
    "000011",
]


def attempts(grid: list[str]) -> list[AttemptResult]:
    found = []
    for row in grid:
        answers = {
            item.item_id: ["a" if mark == "1" else "b"]
            for item, mark in zip(ITEMS, row, strict=True)
        }
        found.append(score_attempt(ITEMS, answers))
    return found


def test_it_gives_the_share_of_learners_who_got_each_item_right() -> None:
    stats = analyse_items(attempts(GRID))
    for column, found in enumerate(stats):
        expected = sum(row[column] == "1" for row in GRID) / len(GRID)
        assert found.difficulty == pytest.approx(expected)
        assert found.learners == 20
    assert stats[5].difficulty == 1.0


def test_it_correlates_each_item_with_the_rest_of_the_test() -> None:
    stats = analyse_items(attempts(GRID))
    for column in range(5):
        item = [int(row[column]) for row in GRID]
        rest = [sum(int(c) for c in row) - int(row[column]) for row in GRID]
        assert stats[column].discrimination == pytest.approx(statistics.correlation(item, rest))
    # q0 is right mostly among the stronger learners; q4, right mostly among the weaker
    # ones, points the other way.
    first = stats[0].discrimination
    assert first is not None
    assert first > 0
    reversed_item = stats[4].discrimination
    assert reversed_item is not None
    assert reversed_item < -0.5


def test_it_corrects_for_the_item_itself() -> None:
    # Correlating with the total (item included) would flatter every item.
    stats = analyse_items(attempts(GRID))
    item = [int(row[1]) for row in GRID]
    total = [sum(int(c) for c in row) for row in GRID]
    assert stats[1].discrimination is not None
    assert stats[1].discrimination < statistics.correlation(item, total)


def test_it_leaves_discrimination_undefined_when_everyone_is_right() -> None:
    found = analyse_items(attempts(GRID))[5]
    assert found.discrimination is None
    assert found.note == "Undefined: everyone got this item right."


def test_it_leaves_discrimination_undefined_when_the_rest_scores_are_all_equal() -> None:
    found = analyse_items(attempts(["100000", "000000"]))[0]
    assert found.discrimination is None
    assert "same score on the rest" in found.note


def test_it_needs_two_learners_over_the_same_items() -> None:
    with pytest.raises(InvalidInput, match="at least two learners"):
        analyse_items(attempts(GRID[:1]))
    other = score_attempt(ITEMS[:3], {})
    with pytest.raises(InvalidInput, match="same item versions"):
        analyse_items([*attempts(GRID[:2]), other])
