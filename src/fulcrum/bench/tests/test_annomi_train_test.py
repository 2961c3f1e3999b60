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


def test_it_reports_the_under_use_index_on_annomi_and_on_written_sessions(
    files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    train, test = files
    main(["bench", "annomi", "--train", str(train), "--test", str(test)])
    result = last_json(capsys.readouterr().out)
    for key in (
        "underuse_auc_high_over_low",
        "rules_underuse_auc_high_over_low",
        "gold_underuse_auc_high_over_low",
    ):
        value = result[key]
        assert isinstance(value, float)
        assert 0.0 <= value <= 1.0
    assert result["underuse_sessions"] == 44
    assert result["underuse_sessions_auc"] == 1.0
    assert result["underuse_sessions_clean_flagged"] == 0
    assert {"talk therapy", "counselling", "bodywork"} <= set(
        result["underuse_sessions_by_setting"]  # type: ignore[call-overload]
    )


WITH = "Jo: Hi, come in.\nSam: Can I pay you next month?\nJo: Sure, no problem.\n"
WITHOUT = "Jo: Hi, come in.\nSam: Can I pay you next month?\nJo: I take payment on the day.\n"


@pytest.mark.parametrize(("flip", "auc"), [(False, 1.0), (True, 0.0)])
def test_it_reads_another_folder_of_written_sessions(
    files: tuple[Path, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    flip: bool,
    auc: float,
) -> None:
    folder = tmp_path / "written"
    folder.mkdir()
    (folder / "a.txt").write_text(WITH, encoding="utf-8")
    (folder / "b.txt").write_text(WITHOUT, encoding="utf-8")
    (folder / "manifest.toml").write_text(
        f'[[session]]\nfile = "a.txt"\npractitioner = "Jo"\nunderuse = {str(not flip).lower()}\n'
        f'[[session]]\nfile = "b.txt"\npractitioner = "Jo"\nunderuse = {str(flip).lower()}\n',
        encoding="utf-8",
    )
    train, test = files
    main(
        [
            "bench",
            "annomi",
            "--train",
            str(train),
            "--test",
            str(test),
            "--underuse-sessions",
            str(folder),
        ]
    )
    result = last_json(capsys.readouterr().out)
    assert result["underuse_sessions"] == 2
    assert result["underuse_sessions_auc"] == auc


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        (None, "No manifest.toml"),
        ("[[session]\n", "line 1"),
        ('[[session]]\nfile = "nope.txt"\nunderuse = true\n', "no such file"),
        ('[[session]]\nfile = "a.txt"\n', "underuse = true or false"),
    ],
)
def test_it_refuses_a_bad_folder_of_written_sessions_in_one_sentence(
    files: tuple[Path, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    manifest: str | None,
    message: str,
) -> None:
    folder = tmp_path / "written"
    folder.mkdir()
    (folder / "a.txt").write_text(WITH, encoding="utf-8")
    if manifest is not None:
        (folder / "manifest.toml").write_text(manifest, encoding="utf-8")
    train, test = files
    with pytest.raises(SystemExit) as exc:
        main(
            [
                "bench",
                "annomi",
                "--train",
                str(train),
                "--test",
                str(test),
                "--underuse-sessions",
                str(folder),
            ]
        )
    assert exc.value.code != 0
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err
