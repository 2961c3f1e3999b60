"""Attempts point at the item versions they used; editing an item never changes a score."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest

from fulcrum.accounts.models import Role
from fulcrum.core.course.content import Course, load_course
from fulcrum.core.errors import InvalidInput
from fulcrum.course.models import Attempt, StoredItem
from fulcrum.course.services import delete_attempt, store_items, submit_attempt
from fulcrum.testing import NOW, make_user

pytestmark = pytest.mark.django_db


def _all_right(course: Course, module_id: str) -> dict[str, frozenset[str]]:
    return {item.item_id: item.correct for item in course.module(module_id).items}


def _all_wrong(course: Course, module_id: str) -> dict[str, set[str]]:
    return {
        item.item_id: {next(c.key for c in item.choices if c.key not in item.correct)}
        for item in course.module(module_id).items
    }


def _with_edited_item(course: Course, module_id: str) -> Course:
    """The course as if the first item's right answer had been changed in the repository."""
    module = course.module(module_id)
    first = module.items[0]
    wrong = next(c.key for c in first.choices if c.key not in first.correct)
    edited = dataclasses.replace(first, correct=frozenset({wrong}))
    new_module = dataclasses.replace(module, items=(edited, *module.items[1:]))
    modules = tuple(new_module if m.id == module_id else m for m in course.modules)
    return dataclasses.replace(course, modules=modules)


def test_a_passed_attempt_points_at_the_versions_it_used() -> None:
    course = load_course()
    learner = make_user("dana", Role.PRACTITIONER)
    attempt, result = submit_attempt(
        learner, course, "role-power", _all_right(course, "role-power"), now=NOW
    )
    assert result.passed
    assert attempt.passed
    assert attempt.correct == attempt.total == len(course.module("role-power").items)
    assert sorted(i.item_id for i in attempt.items.all()) == sorted(
        i.item_id for i in course.module("role-power").items
    )
    assert {i.version for i in attempt.items.all()} == {1}


def test_editing_an_item_after_an_attempt_leaves_its_score_unchanged() -> None:
    course = load_course()
    learner = make_user("dana", Role.PRACTITIONER)
    first, _ = submit_attempt(learner, course, "tracking", _all_wrong(course, "tracking"), now=NOW)
    edited = _with_edited_item(course, "tracking")
    second, result = submit_attempt(
        learner, edited, "tracking", _all_right(edited, "tracking"), now=NOW + timedelta(days=1)
    )
    first.refresh_from_db()
    assert (first.correct, first.passed) == (0, False)
    assert result.passed
    changed = course.module("tracking").items[0].item_id
    assert sorted(StoredItem.objects.filter(item_id=changed).values_list("version", flat=True)) == [
        1,
        2,
    ]
    assert first.items.get(item_id=changed).version == 1
    assert second.items.get(item_id=changed).version == 2


def test_no_third_attempt_after_two_fails_and_none_after_a_pass() -> None:
    course = load_course()
    learner = make_user("dana", Role.PRACTITIONER)
    for day in range(2):
        submit_attempt(
            learner, course, "tracking", _all_wrong(course, "tracking"), now=NOW + timedelta(day)
        )
    with pytest.raises(InvalidInput, match="All 2 attempts have been used"):
        submit_attempt(learner, course, "tracking", _all_right(course, "tracking"), now=NOW)
    submit_attempt(learner, course, "critiques", _all_right(course, "critiques"), now=NOW)
    with pytest.raises(InvalidInput, match="Passed on attempt 1"):
        submit_attempt(learner, course, "critiques", _all_right(course, "critiques"), now=NOW)
    assert Attempt.objects.count() == 3


def test_unchanged_items_are_stored_once_and_versions_never_change() -> None:
    items = load_course().module("safe-harbour").items
    first = store_items(items, now=NOW)
    again = store_items(items, now=NOW + timedelta(days=3))
    assert [s.pk for s in first] == [s.pk for s in again]
    with pytest.raises(ValueError, match="never changed"):
        first[0].save()


def test_an_unknown_module_is_refused() -> None:
    learner = make_user("dana", Role.PRACTITIONER)
    with pytest.raises(InvalidInput, match="no such module"):
        submit_attempt(learner, load_course(), "nope", {}, now=NOW)


def test_an_attempt_is_kept_six_years_then_may_be_deleted() -> None:
    course = load_course()
    learner = make_user("dana", Role.PRACTITIONER)
    attempt, _ = submit_attempt(
        learner, course, "tracking", _all_wrong(course, "tracking"), now=NOW
    )
    a_day_early = NOW + timedelta(days=365 * 6)  # 2032-10-30: two leap days fall between
    with pytest.raises(InvalidInput, match="kept for 6 years"):
        delete_attempt(attempt, now=a_day_early)
    assert Attempt.objects.filter(pk=attempt.pk).exists()
    delete_attempt(attempt, now=a_day_early + timedelta(days=2))
    assert not Attempt.objects.filter(pk=attempt.pk).exists()
