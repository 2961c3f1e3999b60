import json
from pathlib import Path

import pytest

from fulcrum.cli import main


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = 0
    try:
        main(list(argv))
    except SystemExit as exited:
        code = int(exited.code or 0)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_it_prints_one_json_object_per_file_with_offsets_into_the_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = tmp_path / "one.txt"
    first.write_text("Cash Jo came on Tuesday. Jo said C-014 was late.\n", encoding="utf-8")
    second = tmp_path / "two.txt"
    second.write_text("Nothing to see.\n", encoding="utf-8")
    code, out, _ = _run(
        capsys,
        "deid",
        str(first),
        str(second),
        "--known",
        "Cash Jo",
        "--known",
        "C-014",
        "--format",
        "json",
    )
    assert code == 0
    lines = out.strip().splitlines()
    assert len(lines) == 2
    one = json.loads(lines[0])
    assert one["file"] == str(first)
    text = first.read_text(encoding="utf-8")
    surfaces = [text[f["start"] : f["end"]] for f in one["findings"]]
    assert surfaces == ["Cash Jo", "on Tuesday", "Jo", "C-014"]
    assert {f["stage"] for f in one["findings"]} == {"known", "pattern"}
    assert set(one["findings"][0]) >= {"start", "end", "type", "stage", "treatment"}
    assert "Jo" not in one["text"]
    assert "C-014" not in one["text"]
    assert json.loads(lines[1])["findings"] == []


def test_it_reports_a_bad_file_in_one_sentence_and_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Saw Tamsin Orrell.", encoding="utf-8")
    binary = tmp_path / "bad.txt"
    binary.write_bytes(b"fine\n\xff\xfe")
    code, out, err = _run(
        capsys, "deid", str(tmp_path / "missing.txt"), str(binary), str(good), "--format", "json"
    )
    assert code == 1
    assert json.loads(out.strip())["file"] == str(good)
    assert "missing.txt" in err
    assert "line 2 is not UTF-8" in err
    assert "Traceback" not in err


def test_it_prints_text_by_default_with_the_practitioners_name_replaced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    note = tmp_path / "note.txt"
    note.write_text("Ann Hart felt tired; Hart noticed it.", encoding="utf-8")
    code, out, _ = _run(capsys, "deid", str(note), "--me", "Ann Hart")
    assert code == 0
    assert "[practitioner] felt tired; [practitioner] noticed it." in out
