"""``fulcrum drift FILE.csv``: check-ins in, warnings and charts out as JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fulcrum.cli import main

HEADER = "session_id,date,over,under,skilful,indicators\n"


def write(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "checkins.csv"
    path.write_text(HEADER + "".join(row + "\n" for row in rows), encoding="utf-8")
    return path


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    main(args)
    payload: dict[str, object] = json.loads(capsys.readouterr().out)
    return payload


def test_it_prints_warnings_and_charts_as_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [f"s{i},2025-02-{i + 1:02d},0,0,6,choices_offered" for i in range(8)]
    rows += [
        "s8,2025-02-10T09:00:00Z,5,0,3,no_choices_offered|late_start",
        "s9,2025-02-11,5.5,0,3,no_choices_offered;late_start",
        "s10,2025-02-12 10:30,6,0,2,no_choices_offered",
    ]
    payload = run(["drift", str(write(tmp_path, rows)), "--now", "2025-02-13"], capsys)
    assert payload["sessions"] == 11
    over_chart = payload["over_chart"]
    assert isinstance(over_chart, list)
    assert len(over_chart) == 11
    assert set(over_chart[0]) == {"session_id", "at", "value", "centre", "upper", "lower", "signal"}
    warnings = payload["warnings"]
    assert isinstance(warnings, list)
    kinds = {(w["rule"], w["direction"]) for w in warnings}
    assert ("pattern", "over") in kinds
    pattern = next(w for w in warnings if w["rule"] == "pattern")
    # Both signs came back together, so the warning names both and comes on the second.
    assert pattern["indicator_ids"] == ["no_choices_offered", "late_start"]
    assert pattern["session_ids"] == ["s8", "s9", "s10"]
    assert pattern["detected_at"] == "2025-02-11T00:00:00+00:00"


def test_it_drops_stale_warnings_relative_to_now(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [f"s{i},2024-01-0{i + 1},0,3,5,friendship_drift" for i in range(3)]
    path = str(write(tmp_path, rows))
    assert run(["drift", path, "--now", "2024-01-10"], capsys)["warnings"]
    assert run(["drift", path, "--now", "2025-01-10"], capsys)["warnings"] == []


def test_it_names_the_line_of_a_bad_row(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [f"s{i},2025-03-0{i + 1},0,0,5," for i in range(5)]
    rows.append("s5,2025-03-07,abc,0,5,")
    with pytest.raises(SystemExit) as exc:
        main(["drift", str(write(tmp_path, rows)), "--now", "2025-03-08"])
    assert exc.value.code == 1
    err = capsys.readouterr().err
    assert "Line 7: 'over' must be a number from 0 to 10, got 'abc'." in " ".join(err.split())
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("s1,yesterday,0,0,5,", "Line 3: 'date' must be an ISO date"),
        ("s1,2025-03-02,0,11,5,", "Line 3: 'under' must be a number from 0 to 10"),
        ("s0,2025-03-02,0,0,5,", "Line 3: session 's0' already appears on line 2"),
        ("s1,2025-02-01,0,0,5,", "Line 3: this check-in is dated before"),
    ],
)
def test_it_rejects_other_bad_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], row: str, message: str
) -> None:
    path = write(tmp_path, ["s0,2025-03-01,0,0,5,", row])
    with pytest.raises(SystemExit) as exc:
        main(["drift", str(path), "--now", "2025-03-08"])
    assert exc.value.code == 1
    assert message in " ".join(capsys.readouterr().err.split())


def test_it_rejects_a_wrong_header(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "c.csv"
    path.write_text("id,when,over\n1,2025-01-01,0\n", encoding="utf-8")
    with pytest.raises(SystemExit):
        main(["drift", str(path)])
    assert "Line 1: The header must name" in " ".join(capsys.readouterr().err.split())


def test_it_defaults_now_to_the_current_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, ["s0,2025-03-01,0,0,5,"])
    payload = run(["drift", str(path)], capsys)
    assert str(payload["now"]) > "2025-03-01"
