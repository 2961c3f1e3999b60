"""`fulcrum analyze` reads Shift-JIS and unmarked UTF-16 files, and refuses noise in a sentence."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fulcrum.cli import _register, app, main
from fulcrum.core.transcripts.encoding import CANNOT_TELL

GOLDEN = Path(__file__).parents[2] / "core" / "transcripts" / "tests" / "golden"
runner = CliRunner()


@pytest.fixture(autouse=True)
def _no_cached_coder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _register()
    monkeypatch.setenv("FULCRUM_MODEL_DIR", str(tmp_path / "models"))


def _reading(path: Path) -> dict[str, object]:
    result = runner.invoke(app, ["analyze", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    (line,) = result.stdout.strip().splitlines()
    reading: dict[str, object] = json.loads(line)
    return reading


def _names(reading: dict[str, object]) -> list[object]:
    speakers = reading["speakers"]
    assert isinstance(speakers, list)
    return [s["name"] for s in speakers]


def test_it_reads_shift_jis_as_japanese() -> None:
    assert _names(_reading(GOLDEN / "shift_jis_session.txt")) == ["セラピスト", "クライアント"]


def test_it_reads_unmarked_utf16_like_utf8(tmp_path: Path) -> None:
    source = GOLDEN / "utf16be_no_mark.srt"
    as_utf8 = tmp_path / "same.srt"
    as_utf8.write_bytes(source.read_bytes().decode("utf-16-be").encode("utf-8"))
    assert _names(_reading(source)) == _names(_reading(as_utf8)) == ["Practitioner", "Client"]


def test_it_refuses_a_binary_blob_in_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rng = random.Random(11)
    blob = tmp_path / "s.txt"
    blob.write_bytes(bytes(rng.randrange(256) for _ in range(1024)))
    with pytest.raises(SystemExit) as exit_info:
        main(["analyze", str(blob)])
    assert exit_info.value.code not in (0, None)
    err = " ".join(capsys.readouterr().err.split())
    assert CANNOT_TELL in err
    assert "Traceback" not in err
