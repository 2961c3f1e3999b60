"""The packaged course loads and validates, and the loader refuses what is incomplete."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from fulcrum.core.course.content import (
    DEFAULT_DIRECTORY,
    MIN_MODULES,
    Course,
    load_course,
    word_count,
)
from fulcrum.core.course.hours import QUESTIONS_PER_HOUR, check_publishable
from fulcrum.core.course.scoring import ItemKind, score_attempt
from fulcrum.core.errors import CatalogueError

REQUIRED_TOPICS = (
    "what-power-is",
    "role-power",
    "client-power",
    "over-under-skilful",
    "tracking",
    "safe-harbour",
    "self-disclosure",
    "policies-consent",
    "critiques",
)


def test_the_packaged_course_loads_and_holds_every_topic() -> None:
    course = load_course()
    assert len(course.modules) >= MIN_MODULES
    assert tuple(m.id for m in course.modules) == REQUIRED_TOPICS
    for module in course.modules:
        assert len(module.objectives) >= 2
        assert module.lessons
        assert all(lesson.body for lesson in module.lessons)
        assert module.reflection
        assert module.vignette.text
        assert module.vignette.questions
        assert len(module.items) >= 3


def test_every_item_explains_every_choice_and_can_be_passed() -> None:
    course = load_course()
    kinds = set()
    for module in course.modules:
        for item in module.items:
            kinds.add(item.kind)
            assert all(choice.feedback for choice in item.choices)
        answers = {item.item_id: item.correct for item in module.items}
        assert score_attempt(module.items, answers, course.pass_percent).passed
    assert kinds == {ItemKind.SINGLE, ItemKind.MULTIPLE}


def test_the_declared_hours_are_supported_by_the_content() -> None:
    course = load_course()
    assert course.pass_percent >= 75
    assert course.attempts_allowed == 2
    assert course.declared_hours <= course.hours.hours * Decimal("1.1")
    assert course.questions >= course.hours.hours * QUESTIONS_PER_HOUR
    assert not check_publishable(
        course.declared_hours, course.words, course.video_minutes, course.questions
    )
    assert "12,000" in course.hours.arithmetic


def test_word_count_ignores_markdown_marks() -> None:
    assert word_count("## A heading\n\n*Some* words, don't - count.") == 6


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "course"
    shutil.copytree(DEFAULT_DIRECTORY, target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _declared_line(course: Course) -> str:
    return f'declared_hours = "{course.declared_hours}"'


def test_overstated_hours_are_refused_with_the_arithmetic(tmp_path: Path) -> None:
    course = load_course()
    directory = _copy(tmp_path)
    # Just past the 10% allowance over what the packaged content computes.
    over = course.hours.hours * Decimal("1.1") + Decimal("0.1")
    _edit(directory / "course.toml", _declared_line(course), f'declared_hours = "{over}"')
    with pytest.raises(CatalogueError, match=r"more than 10% over.*words ÷ 12,000"):
        load_course(directory)


def test_a_pass_mark_below_75_is_refused(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    _edit(directory / "course.toml", "pass_percent = 75", "pass_percent = 60")
    with pytest.raises(CatalogueError, match="pass_percent"):
        load_course(directory)


def test_too_few_modules_are_refused(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    for name in ("09-critiques", "08-policies-consent"):
        (directory / "modules" / f"{name}.toml").unlink()
        (directory / "modules" / f"{name}.md").unlink()
    with pytest.raises(CatalogueError, match="at least 8"):
        load_course(directory)


def test_a_module_without_its_lessons_is_refused(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    (directory / "modules" / "05-tracking.md").unlink()
    with pytest.raises(CatalogueError, match=r"05-tracking\.md: the course file is missing"):
        load_course(directory)


def test_a_module_without_a_reflection_is_refused(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    _edit(directory / "modules" / "02-role-power.toml", "[reflection]", "[reflexion]")
    with pytest.raises(CatalogueError, match=r"02-role-power.toml.*\[reflection\]"):
        load_course(directory)


def test_an_item_whose_answer_is_not_a_choice_is_refused(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    _edit(directory / "modules" / "01-what-power-is.toml", 'correct = ["b"]', 'correct = ["z"]')
    with pytest.raises(CatalogueError, match=r"item #1.*correct choices"):
        load_course(directory)


def test_an_item_id_used_twice_is_refused(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    _edit(directory / "modules" / "02-role-power.toml", 'id = "rp-1"', 'id = "wp-1"')
    with pytest.raises(CatalogueError, match="'wp-1' is used more than once"):
        load_course(directory)


def test_an_unknown_field_is_refused(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    _edit(directory / "modules" / "03-client-power.toml", 'title = "', 'subtitle = "x"\ntitle = "')
    with pytest.raises(CatalogueError, match="unknown field"):
        load_course(directory)


def test_the_reading_list_holds_records_that_modules_cite() -> None:
    course = load_course()
    stances = {r.stance for r in course.readings}
    assert {"critique", "role-power"} <= stances
    cited = {ident for m in course.modules for ident in m.readings}
    assert cited == {r.id for r in course.readings}
    assert all(r.annotation and r.authors for r in course.readings)


def test_citing_a_work_not_on_the_list_is_refused(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    _edit(directory / "modules" / "09-critiques.toml", '"lazarus-1994"', '"nobody-2001"')
    with pytest.raises(CatalogueError, match="'nobody-2001', which is not on the reading list"):
        load_course(directory)
