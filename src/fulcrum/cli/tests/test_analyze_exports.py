"""``fulcrum analyze`` over real exports: keeps going, picks a transcript, says what it read."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fulcrum.cli import _register, app, main
from fulcrum.core.transcripts.coding.tests.sample import sample_csv

runner = CliRunner()
GOLDEN = Path(__file__).resolve().parents[2] / "core" / "transcripts" / "tests" / "golden"


@pytest.fixture(autouse=True)
def model_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    _register()
    target = tmp_path / "models"
    monkeypatch.setenv("FULCRUM_MODEL_DIR", str(target))
    return target


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run the command as a person does, through ``main``: exit code, stdout, stderr."""
    code = 0
    try:
        main(args)
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, " ".join(captured.err.split())


def _json_lines(stdout: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in stdout.strip().splitlines()]


def test_it_keeps_going_past_a_bad_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "broken.vtt"
    bad.write_text("WEBVTT\n\n1\n00:00:01.000 -> 00:00:02.000\nDana: Hi.\n", encoding="utf-8")
    good = [GOLDEN / "otter_export.txt", GOLDEN / "role_column.csv"]
    code, out, err = _run(
        ["analyze", str(good[0]), str(bad), str(good[1]), "--format", "json"], capsys
    )
    assert code == 1
    assert [Path(str(d["file"])).name for d in _json_lines(out)] == [
        "otter_export.txt",
        "role_column.csv",
    ]
    assert "broken.vtt: Line 4: expected a cue timing" in err
    assert "1 of 3 files could not be analysed" in err
    assert "Traceback" not in err


def test_it_names_the_format_the_speakers_and_the_guess(tmp_path: Path) -> None:
    result = runner.invoke(app, ["analyze", str(GOLDEN / "otter_export.txt"), "--format", "json"])
    assert result.exit_code == 0, result.output
    (reading,) = _json_lines(result.stdout)
    assert reading["format"] == {"id": "otter", "name": "Otter text export"}
    speakers = reading["speakers"]
    assert isinstance(speakers, list)
    assert [s["name"] for s in speakers] == ["Dana Reyes", "Sam Okafor", "Lee Marsh"]
    assert sum(s["word_share"] for s in speakers) == pytest.approx(1.0, abs=0.001)
    assert {s["role"] for s in speakers if s["name"] == reading["practitioner"]} == {"practitioner"}
    assert reading["practitioner_basis"] == "heuristic"
    assert 0.5 <= float(str(reading["practitioner_confidence"])) < 0.95


def test_it_says_a_named_practitioner_was_named() -> None:
    path = str(GOLDEN / "otter_export.txt")
    result = runner.invoke(
        app, ["analyze", path, "--format", "json", "--practitioner", "sam okafor"]
    )
    (reading,) = _json_lines(result.stdout)
    assert (reading["practitioner"], reading["practitioner_basis"]) == ("Sam Okafor", "named")
    assert reading["practitioner_confidence"] == 1.0


def test_it_picks_one_transcript_out_of_a_multi_transcript_csv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "annomi.csv"
    path.write_text(sample_csv(sessions=2), encoding="utf-8")
    code, _, err = _run(["analyze", str(path)], capsys)
    assert code == 1
    assert "choose one with --transcript-id ID" in err
    ids = re.findall(r"\(([^)]*)\); choose", err)[0].split(", ")
    chosen = runner.invoke(
        app, ["analyze", str(path), "--transcript-id", ids[1], "--format", "json"]
    )
    assert chosen.exit_code == 0, chosen.output
    (reading,) = _json_lines(chosen.stdout)
    assert reading["format"] == {"id": "annomi-csv", "name": "AnnoMI CSV"}
    assert reading["practitioner_basis"] == "source"


def test_it_writes_the_web_report_as_one_self_contained_file() -> None:
    result = runner.invoke(app, ["analyze", str(GOLDEN / "otter_export.txt"), "--format", "html"])
    assert result.exit_code == 0, result.output
    page = result.stdout
    assert page.startswith("<!doctype html>")
    for section in ('id="speakers"', 'id="timeline"', 'id="indicators"', 'id="transcript"'):
        assert section in page
    assert "<svg" in page
    assert 'href="#u-0"' in page
    assert "Otter text export" in page
    assert "Thanks for joining." in page  # the transcript itself, with its codes
    assert "<link" not in page
    assert "<script" not in page
    assert not re.search(r"(?:src|href)=\"(?!#)", page)  # nothing outside the file
    assert str(Path.home()) not in page


def test_it_writes_one_html_file_per_transcript_into_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = [str(GOLDEN / "otter_export.txt"), str(GOLDEN / "whisper_pyannote.txt")]
    code, _, err = _run(["analyze", *paths, "--format", "html"], capsys)
    assert code == 1
    assert "--out-dir" in err
    out = tmp_path / "reports"
    result = runner.invoke(app, ["analyze", *paths, "--format", "html", "--out-dir", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "otter_export.txt.html",
        "whisper_pyannote.txt.html",
    ]


def test_it_keeps_reports_of_files_with_the_same_name_apart(tmp_path: Path) -> None:
    paths = []
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        target = tmp_path / folder / "session.txt"
        target.write_bytes((GOLDEN / "otter_export.txt").read_bytes())
        paths.append(str(target))
    out = tmp_path / "reports"
    result = runner.invoke(app, ["analyze", *paths, "--format", "html", "--out-dir", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["session.txt-2.html", "session.txt.html"]
