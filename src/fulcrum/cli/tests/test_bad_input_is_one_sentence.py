"""Every command given bad input exits non-zero with one readable sentence, never a traceback.

The commands run in-process through ``fulcrum.cli.main``: an exception that escapes it
fails the test with that exception, which is what a person would have seen.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from fulcrum.cli import main
from fulcrum.testing import make_checkin, make_client, make_user

HEADER = "session_id,date,over,under,skilful,indicators\n"


def refused(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """Run ``args``; return the error sentence after checking the exit and the output."""
    with pytest.raises(SystemExit) as exit_info:
        main(args)
    assert exit_info.value.code not in (0, None)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    message = " ".join(captured.err.split())
    assert message.startswith("Error: ") or "Error: " in message
    return message


@pytest.fixture
def alice(db: None) -> None:
    owner = make_user("alice")
    make_checkin(make_client(owner, "A-001"))


def test_it_names_an_unknown_user(db: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert "no user called 'nobody'" in refused(["export", "--user", "nobody"], capsys)


def test_it_refuses_to_export_onto_a_folder(
    alice: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    message = refused(["export", "--user", "alice", "--output", str(tmp_path)], capsys)
    assert f"Cannot write {tmp_path}" in message


def test_it_names_a_missing_drift_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    message = refused(["drift", str(tmp_path / "missing.csv")], capsys)
    assert "Cannot open" in message
    assert "missing.csv" in message


def test_it_names_the_line_of_a_bad_drift_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + "s1,2026-01-01,1,1,1,\ns2,2026-01-02,lots,1,1,\n", encoding="utf-8")
    message = refused(["drift", str(path)], capsys)
    assert "Line 3" in message
    assert "'over' must be a number from 0 to 10" in message


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"\xff\xfe\x00not text at all", id="binary header"),
        pytest.param(HEADER.encode() + b"s1,2026-01-01,1,1,1,caf\xe9\n", id="latin-1 row"),
    ],
)
def test_it_says_a_drift_file_is_not_utf8(
    data: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "checkins.csv"
    path.write_bytes(data)
    assert "is not UTF-8 text" in refused(["drift", str(path)], capsys)


def test_it_names_a_missing_transcript(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    message = refused(["analyze", str(tmp_path / "missing.vtt")], capsys)
    assert "missing.vtt" in message


def test_it_names_the_line_of_an_unreadable_transcript(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "session.csv"
    path.write_text("who,what\n", encoding="utf-8")
    assert "Line 1" in refused(["analyze", str(path)], capsys)


def test_it_names_a_setting_that_is_not_a_number(tmp_path: Path) -> None:
    # Settings load once per process, so this runs the command in a fresh one.
    env = {**os.environ, "FULCRUM_DATA_DIR": str(tmp_path), "FULCRUM_SESSION_HOURS": "twelve"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run(
        [sys.executable, "-c", "from fulcrum.cli import main; main()", "export", "--user", "x"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    message = " ".join(done.stderr.split())
    assert message == "Error: FULCRUM_SESSION_HOURS must be a whole number, not 'twelve'."
