import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fulcrum.cli import _register, app
from fulcrum.core.transcripts.coding.tests.sample import sample_csv

runner = CliRunner()


@pytest.fixture(autouse=True)
def model_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    _register()
    target = tmp_path / "models"
    monkeypatch.setenv("FULCRUM_MODEL_DIR", str(target))
    return target


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    path = tmp_path / "sample.csv"
    path.write_text(sample_csv(), encoding="utf-8")
    return path


def test_it_trains_and_caches_outside_the_repository(corpus: Path, model_dir: Path) -> None:
    result = runner.invoke(app, ["analyzer", "train", "--corpus", str(corpus)])
    assert result.exit_code == 0, result.output
    assert (model_dir / "learned-coder.pkl").is_file()


def test_it_evaluates_the_trained_coder(corpus: Path) -> None:
    runner.invoke(app, ["analyzer", "train", "--corpus", str(corpus)])
    result = runner.invoke(app, ["analyzer", "evaluate", "--corpus", str(corpus)])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["coder"].startswith("learned")
    assert figures["behaviour_macro_f1"] > 0.9


def test_it_evaluates_with_rules_and_says_so_without_a_model(corpus: Path) -> None:
    result = runner.invoke(app, ["analyzer", "evaluate", "--corpus", str(corpus)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout.strip().splitlines()[-1])["coder"] == "rules"
    assert "No trained coder" in result.stderr


def test_it_analyzes_files_as_json(tmp_path: Path) -> None:
    pytest.importorskip("fulcrum.core.transcripts.parsing")
    paths = []
    for k in range(2):
        p = tmp_path / f"s{k}.csv"
        p.write_text(sample_csv(sessions=1), encoding="utf-8")
        paths.append(str(p))
    result = runner.invoke(app, ["analyze", *paths, "--format", "json"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.strip().splitlines()]
    assert len(lines) == 2
    assert lines[0]["coder"]["kind"] == "rules"
    assert any("No trained coder" in n for n in lines[0]["notes"])
    assert {i["id"] for i in lines[0]["indicators"]} >= {"talk_share_words", "choices_offered"}


def test_it_renders_html(tmp_path: Path) -> None:
    pytest.importorskip("fulcrum.core.transcripts.parsing")
    p = tmp_path / "s.csv"
    p.write_text(sample_csv(sessions=1), encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(p), "--format", "html"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("<!doctype html>")


def test_it_runs_the_benchmark_on_a_tiny_corpus(corpus: Path) -> None:
    result = runner.invoke(app, ["bench", "annomi", "--data", str(corpus), "--folds", "3"])
    assert result.exit_code == 0, result.output
    last = json.loads(result.stdout.strip().splitlines()[-1])
    for key in (
        "behaviour_macro_f1",
        "client_macro_f1",
        "overuse_auc",
        "length_auc",
        "rules_behaviour_macro_f1",
        "utterances_per_s",
    ):
        assert key in last
