"""``fulcrum bench annomi --train A.csv --test B.csv`` on small AnnoMI-shaped files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fulcrum.cli import main
from fulcrum.core.transcripts.coding.tests.sample import sample_csv


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    train = tmp_path / "a.csv"
    test = tmp_path / "b.csv"
    train.write_text(sample_csv(sessions=6), encoding="utf-8")
    test.write_text(sample_csv(sessions=3, first=6), encoding="utf-8")
    return train, test


def last_json(out: str) -> dict[str, object]:
    payload: dict[str, object] = json.loads(out.strip().splitlines()[-1])
    return payload


def test_it_trains_on_one_file_and_tests_on_another(
    files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    train, test = files
    main(["bench", "annomi", "--train", str(train), "--test", str(test)])
    result = last_json(capsys.readouterr().out)
    assert result["mode"] == "train-test"
    assert result["sessions"] == 3
    assert result["utterances"] == 3 * 24
    for key in ("behaviour_macro_f1", "client_macro_f1", "rules_behaviour_macro_f1"):
        value = result[key]
        assert isinstance(value, float)
        assert 0.0 <= value <= 1.0
    # The test file repeats the training file's sentences, so the coder must know them.
    assert result["behaviour_macro_f1"] == pytest.approx(1.0)
    assert result["overuse_auc"] == 1.0  # the low-quality session only advises
    assert "subset" not in result


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--data", "{a}", "--train", "{a}"], "Give either --data FILE"),
        (["--train", "{a}"], "Give either --data FILE"),
        (["--train", "{a}", "--test", "{missing}"], "No such file"),
        (["--data", "{a}", "--report-folds", "7"], "from 0 to 4"),
        (["--data", "{a}", "--report-folds", "x"], "fold numbers"),
        (["--train", "{a}", "--test", "{bad}"], "missing column(s)"),
    ],
)
def test_it_refuses_bad_arguments_in_one_sentence(
    files: tuple[Path, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    names = {"a": files[0], "missing": tmp_path / "none.csv", "bad": bad}
    with pytest.raises(SystemExit) as exc:
        main(["bench", "annomi", *[a.format(**names) for a in args]])
    assert exc.value.code != 0
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err
