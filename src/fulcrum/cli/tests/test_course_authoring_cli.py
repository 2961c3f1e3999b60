"""``fulcrum course new`` and ``check``: an educator copies the bundled course, adapts it,
and sees the arithmetic and every refusal, each naming the file and the key."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fulcrum.cli import main
from fulcrum.core.course.content import DEFAULT_DIRECTORY, load_course


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        main(argv)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out = capsys.readouterr()
    return code, out.out, out.err


def _copy(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    target = tmp_path / "adapted"
    code, _, err = _run(["course", "new", str(target)], capsys)
    assert code == 0, err
    return target


def test_new_copies_every_file_of_the_bundled_course(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = _copy(tmp_path, capsys)
    bundled = sorted(p.relative_to(DEFAULT_DIRECTORY) for p in DEFAULT_DIRECTORY.rglob("*.*"))
    copied = sorted(p.relative_to(target) for p in target.rglob("*.*"))
    assert copied == bundled
    assert load_course(target) == load_course()


def test_new_refuses_a_folder_that_is_not_empty(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    code, out, err = _run(["course", "new", str(tmp_path)], capsys)
    assert code == 1
    assert "is not empty" in err
    assert "Traceback" not in out + err
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_check_prints_the_arithmetic_of_the_copied_course(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = _copy(tmp_path, capsys)
    course = load_course(target)
    code, out, err = _run(["course", "check", str(target)], capsys)
    assert code == 0, err
    assert f"Words: {course.words:,}" in out
    assert "Video minutes: 0" in out
    assert f"Computed CE hours: {course.hours.hours} ({course.hours.arithmetic})" in out
    assert f"Declared CE hours: {course.declared_hours}" in out
    assert re.search(rf"Questions: {course.questions} \(at least \d+ needed\)", out)
    assert "may be published" in out


def _set(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_check_names_every_refusal_with_its_file_and_key_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = _copy(tmp_path, capsys)
    _set(target / "course.toml", 'declared_hours = "1.2"', 'declared_hours = "30"')
    _set(target / "course.toml", "video_minutes = 0", "video_minutes = 1200")
    # 20 h of video and the reading need over 120 questions; there are 72, and 30 h declared.
    code, out, err = _run(["course", "check", str(target)], capsys)
    assert code == 1
    assert "Video minutes: 1,200" in out
    assert "Declared CE hours: 30" in out
    refusals = [line for line in err.splitlines() if line.startswith("Refused:")]
    assert len(refusals) == 2
    assert f"{(target / 'course.toml').resolve()}: 'declared_hours'" in refusals[0]
    assert "more than 10% over" in refusals[0]
    assert "[[items]]" in refusals[1]
    assert "fewer than 6 per computed hour" in refusals[1]
    assert "2 problems" in err
    assert "Traceback" not in out + err


def test_check_refuses_a_malformed_file_in_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = _copy(tmp_path, capsys)
    module = sorted((target / "modules").glob("*.toml"))[1]
    _set(module, "[reflection]", "[reflection]\nwrong_key = 'x'")
    code, out, err = _run(["course", "check", str(target)], capsys)
    assert code == 1
    assert f"Refused: {module}" in err
    assert "wrong_key" in err
    assert "Traceback" not in out + err


def test_check_refuses_a_folder_that_does_not_exist(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(["course", "check", str(tmp_path / "nowhere")], capsys)
    assert code == 1
    assert "does not exist" in " ".join(err.split())


@pytest.mark.parametrize("declared", ["abc", "NaN", "Infinity"])
def test_check_names_the_file_and_key_of_hours_that_are_not_a_number(
    declared: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = _copy(tmp_path, capsys)
    _set(target / "course.toml", 'declared_hours = "1.2"', f'declared_hours = "{declared}"')
    code, out, err = _run(["course", "check", str(target)], capsys)
    assert code == 1
    assert f"Refused: {target / 'course.toml'}: 'declared_hours' must be a number" in err
    assert "Traceback" not in out + err
