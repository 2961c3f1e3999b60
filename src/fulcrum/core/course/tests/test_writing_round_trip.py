"""A course written out as its folder reads back equal: the bundled course, and one whose
texts hold everything TOML must escape (quotes, backslashes, triple quotes, control
characters, blank lines in a scenario)."""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from fulcrum.core.course.content import Course, inspect_course, load_course
from fulcrum.core.course.writing import course_files


def written_and_read(course: Course, folder: Path) -> Course:
    for name, text in course_files(course).items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    read, _ = inspect_course(folder)
    return read


def test_the_bundled_course_reads_back_equal(tmp_path: Path) -> None:
    bundled = load_course()
    assert written_and_read(bundled, tmp_path) == bundled


def _with_text(course: Course, text: str) -> Course:
    module = course.modules[0]
    scenario_id = module.scenario_items[0]
    items = tuple(
        dataclasses.replace(i, prompt=f"{text}\n\nWhat now, given “{text}”?")
        if i.item_id == scenario_id
        else i
        for i in module.items
    )
    vignette = dataclasses.replace(module.vignette, text=f"{module.vignette.text} {text}")
    module = dataclasses.replace(
        module, items=items, vignette=vignette, reflection=f"{text} {module.reflection}"
    )
    return dataclasses.replace(course, modules=(module, *course.modules[1:]))


# Texts as the loader leaves them: stripped, never empty, no lone surrogates.
awkward = st.text(
    alphabet=st.characters(exclude_categories=["Cs"]), min_size=1, max_size=60
).filter(lambda t: t.strip() == t and t != "")


@settings(max_examples=40, deadline=None)
@given(awkward)
def test_awkward_text_reads_back_equal(text: str) -> None:
    course = _with_text(load_course(), text)
    with tempfile.TemporaryDirectory() as folder:
        assert written_and_read(course, Path(folder)) == course


def test_a_scenario_with_blank_lines_and_triple_quotes_reads_back_equal(tmp_path: Path) -> None:
    course = _with_text(load_course(), 'She said """enough""" \\ and left.\n\nThen\tthe room\x7f.')
    assert written_and_read(course, tmp_path) == course
