"""Every module has a facilitator's guide, and the loader refuses an incomplete one,
naming the file and the key."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from fulcrum.core.course.content import DEFAULT_DIRECTORY, ROLE_PLAY_SETTINGS, load_course
from fulcrum.core.errors import CatalogueError

GUIDE = "guides/04-over-under-skilful.toml"


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "course"
    shutil.copytree(DEFAULT_DIRECTORY, target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_it_gives_every_module_a_guide_whose_timings_fill_the_session() -> None:
    for module in load_course().modules:
        guide = module.guide
        assert guide is not None, module.id
        assert sum(part.minutes for part in guide.parts) == guide.session_minutes
        assert {play.setting for play in guide.role_plays} == set(ROLE_PLAY_SETTINGS)
        assert len(guide.objectives) >= 2
        assert len(guide.discussion) >= 3
        assert len(guide.debrief) >= 2
        for play in guide.role_plays:
            assert len(play.roles) >= 2
            assert play.brief
            assert play.observe


def test_it_refuses_a_module_without_a_guide(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    (directory / GUIDE).unlink()
    with pytest.raises(CatalogueError, match=r"04-over-under-skilful\.toml: the course file"):
        load_course(directory)


@pytest.mark.parametrize("key", ["debrief", "discussion", "objectives", "session_minutes"])
def test_it_refuses_a_guide_missing_a_part_and_names_the_key(tmp_path: Path, key: str) -> None:
    directory = _copy(tmp_path)
    path = directory / GUIDE
    text = path.read_text(encoding="utf-8")
    # Rename the key, which both removes it and leaves an unknown one behind.
    path.write_text(re.sub(rf"^{key} =", f"x_{key} =", text, count=1, flags=re.M))
    with pytest.raises(CatalogueError, match=rf"guides/04-over-under-skilful\.toml.*'{key}'"):
        load_course(directory)


def test_it_refuses_timings_that_do_not_add_up_and_shows_the_sum(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    guide = load_course().module("over-under-skilful").guide
    assert guide is not None
    _edit(directory / GUIDE, "minutes = 20\n", "minutes = 25\n")
    total = guide.session_minutes + 5
    with pytest.raises(CatalogueError, match=rf"add up to .* = {total}, but 'session_minutes'"):
        load_course(directory)


def test_it_refuses_a_guide_without_a_talk_role_play(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    _edit(directory / GUIDE, 'setting = "talk"', 'setting = "bodywork"')
    with pytest.raises(CatalogueError, match=r"04-over-under-skilful\.toml.*setting = 'talk'"):
        load_course(directory)


def test_it_refuses_an_unknown_role_play_setting(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    _edit(directory / GUIDE, 'setting = "talk"', 'setting = "yoga"')
    with pytest.raises(CatalogueError, match=r"role_play #2: 'setting' is 'yoga'"):
        load_course(directory)


def test_it_refuses_a_role_play_without_its_brief(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    _edit(directory / GUIDE, "\nbrief = ", "\nsummary = ")
    with pytest.raises(CatalogueError, match=r"role_play #1: 'brief' must be"):
        load_course(directory)


def test_it_refuses_a_timed_part_without_its_minutes(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    _edit(directory / GUIDE, "minutes = 20\n", "")
    with pytest.raises(CatalogueError, match=r"part #1: 'minutes' must be a whole number"):
        load_course(directory)


def test_it_refuses_two_role_plays_for_one_setting(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    path = directory / GUIDE
    text = path.read_text(encoding="utf-8")
    play = text[text.index('[[role_play]]\nsetting = "talk"') :]
    path.write_text(text + "\n" + play, encoding="utf-8")
    with pytest.raises(
        CatalogueError, match=r"only one \[\[role_play\]\] may have setting = 'talk'"
    ):
        load_course(directory)
