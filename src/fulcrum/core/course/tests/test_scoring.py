from __future__ import annotations

from dataclasses import FrozenInstanceError, replace

import pytest

from fulcrum.core.course.scoring import (
    AttemptResult,
    Choice,
    ItemKind,
    ItemVersion,
    attempt_standing,
    score_attempt,
)
from fulcrum.core.errors import InvalidInput


def single(item_id: str, correct: str, version: int = 1) -> ItemVersion:
    choices = tuple(Choice(k, f"choice {k}", f"about {k} (v{version})") for k in "abc")
    return ItemVersion(item_id, version, ItemKind.SINGLE, "Which?", choices, frozenset(correct))


def multiple(item_id: str, correct: str) -> ItemVersion:
    choices = tuple(Choice(k, f"choice {k}", f"about {k}") for k in "abcd")
    return ItemVersion(item_id, 1, ItemKind.MULTIPLE, "Which ones?", choices, frozenset(correct))


def quiz(n: int) -> list[ItemVersion]:
    return [single(f"q{i}", "a") for i in range(n)]


def test_it_scores_single_choice_and_gives_feedback_for_the_pick() -> None:
    result = score_attempt([single("q1", "a"), single("q2", "b")], {"q1": ["a"], "q2": ["c"]})
    assert (result.correct, result.total) == (1, 2)
    assert [r.correct for r in result.items] == [True, False]
    assert result.items[1].feedback == ("about c (v1)",)
    assert not result.passed


def test_it_scores_multiple_choice_all_or_nothing() -> None:
    items = [multiple("m1", "ab"), multiple("m2", "ab"), multiple("m3", "ab")]
    result = score_attempt(items, {"m1": ["a", "b"], "m2": ["a"], "m3": ["a", "b", "c"]})
    assert [r.correct for r in result.items] == [True, False, False]
    assert result.items[2].feedback == ("about a", "about b", "about c")


def test_it_counts_an_unanswered_item_as_not_correct() -> None:
    result = score_attempt(quiz(2), {"q0": ["a"]})
    assert [r.correct for r in result.items] == [True, False]
    assert result.items[1].feedback == ()


def test_it_passes_at_exactly_the_pass_mark_and_fails_just_below() -> None:
    items = quiz(8)
    six_right = {f"q{i}": ["a"] for i in range(6)}
    assert score_attempt(items, six_right).passed  # 6/8 = 75%
    five_right = {f"q{i}": ["a"] for i in range(5)}
    result = score_attempt(items, five_right)
    assert not result.passed
    assert result.percent_text == "62.5%"


def test_it_takes_a_pass_mark() -> None:
    items = quiz(10)
    eight = {f"q{i}": ["a"] for i in range(8)}
    assert score_attempt(items, eight, pass_percent=80).passed
    assert not score_attempt(items, eight, pass_percent=90).passed


def test_it_shows_a_score_just_under_the_mark_rounded_down() -> None:
    items = quiz(1000)
    answers = {f"q{i}": ["a"] for i in range(749)}
    result = score_attempt(items, answers)
    assert not result.passed
    assert result.percent_text == "74.9%"


def test_an_item_version_cannot_be_changed() -> None:
    item = single("q1", "a")
    with pytest.raises(FrozenInstanceError):
        item.correct = frozenset("b")  # type: ignore[misc]


def test_a_new_version_of_an_item_leaves_a_past_score_unchanged() -> None:
    first = single("q1", "a")
    answers = {"q1": ["a"]}
    past = score_attempt([first], answers)
    # The item is corrected: b is now the right answer, with new feedback.
    second = replace(first, version=2, correct=frozenset("b"))
    bank = {item.ref: item for item in (first, second)}
    rescored = score_attempt([bank[(r.item_id, r.version)] for r in past.items], answers)
    assert rescored == past
    assert past.passed
    assert past.items[0].version == 1
    # The same answers against the new version would score differently.
    assert not score_attempt([second], answers).passed


@pytest.mark.parametrize(
    ("item_id", "version", "kind", "correct", "message"),
    [
        ("q", 0, ItemKind.SINGLE, "a", "versions count from 1"),
        ("q", 1, ItemKind.SINGLE, "ab", "exactly one choice is correct"),
        ("q", 1, ItemKind.MULTIPLE, "z", "must be some of its choices"),
        ("q", 1, ItemKind.MULTIPLE, "", "must be some of its choices"),
    ],
)
def test_it_refuses_a_malformed_item(
    item_id: str, version: int, kind: ItemKind, correct: str, message: str
) -> None:
    choices = (Choice("a", "A", "fa"), Choice("b", "B", "fb"))
    with pytest.raises(InvalidInput, match=message):
        ItemVersion(item_id, version, kind, "?", choices, frozenset(correct))


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"q0": ["z"]}, "has no choice 'z'"),
        ({"q0": ["a", "b"]}, "takes one choice, not 2"),
        ({"elsewhere": ["a"]}, "not part of this attempt"),
    ],
)
def test_it_refuses_answers_that_do_not_fit(answers: dict[str, list[str]], message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        score_attempt(quiz(2), answers)


@pytest.mark.parametrize("mark", [0, 101, True])
def test_it_refuses_a_pass_mark_out_of_range(mark: int) -> None:
    with pytest.raises(InvalidInput, match="pass mark"):
        score_attempt(quiz(2), {}, pass_percent=mark)


def attempts(*passed: bool) -> list[AttemptResult]:
    items = quiz(4)
    return [score_attempt(items, {f"q{i}": ["a"] for i in range(4 if p else 1)}) for p in passed]


def test_it_allows_two_attempts_by_default() -> None:
    assert attempt_standing([]).may_attempt
    one = attempt_standing(attempts(False))
    assert (one.may_attempt, one.remaining) == (True, 1)
    two = attempt_standing(attempts(False, False))
    assert not two.may_attempt
    assert two.reason == "All 2 attempts have been used."


def test_passing_stops_further_attempts() -> None:
    standing = attempt_standing(attempts(True), allowed=3)
    assert not standing.may_attempt
    assert standing.reason == "Passed on attempt 1; no further attempts are needed."


def test_it_takes_the_number_of_attempts_allowed() -> None:
    assert attempt_standing(attempts(False, False), allowed=3).may_attempt
    with pytest.raises(InvalidInput):
        attempt_standing([], allowed=0)
