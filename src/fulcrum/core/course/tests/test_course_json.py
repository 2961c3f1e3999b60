"""A course kept as JSON (how a published version is stored) reads back equal, and a
kept version with a part missing is refused rather than half-read."""

from __future__ import annotations

import json

import pytest

from fulcrum.core.course.content import course_from_json, course_to_json, load_course
from fulcrum.core.errors import CatalogueError


def test_a_course_survives_json_unchanged() -> None:
    course = load_course()
    kept = json.loads(json.dumps(course_to_json(course)))
    again = course_from_json(kept)
    assert again == course
    assert again.hours == course.hours
    assert again.modules[0].items[0].correct == course.modules[0].items[0].correct


def test_a_kept_course_missing_a_part_is_refused() -> None:
    kept = course_to_json(load_course())
    del kept["modules"][0]["items"][0]["correct"]
    with pytest.raises(CatalogueError, match="incomplete"):
        course_from_json(kept)
