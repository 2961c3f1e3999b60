import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fulcrum.cli import _register, app, main
from fulcrum.core.transcripts.coding.tests.sample import sample_csv
from fulcrum.transcripts.coders import MODEL_FILE, OLD_MODEL_FILE

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
    assert (model_dir / MODEL_FILE).is_file()
    assert "Trained on 6 sessions" in result.stdout


def test_it_evaluates_the_trained_coder(corpus: Path) -> None:
    runner.invoke(app, ["analyzer", "train", "--corpus", str(corpus)])
    result = runner.invoke(app, ["analyzer", "evaluate", "--corpus", str(corpus)])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["coder"].startswith("learned")
    assert figures["behaviour_macro_f1"] > 0.9
    assert "optimistic" in result.stderr  # it is the file the coder learned from


def test_it_evaluates_with_rules_and_says_so_without_a_model(corpus: Path) -> None:
    result = runner.invoke(app, ["analyzer", "evaluate", "--corpus", str(corpus)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout.strip().splitlines()[-1])["coder"] == "rules"
    assert "No trained coder" in result.stderr


def test_it_uses_the_rules_and_says_why_when_the_saved_coder_is_unreadable(
    corpus: Path, model_dir: Path
) -> None:
    model_dir.mkdir(parents=True)
    (model_dir / MODEL_FILE).write_bytes(b"not a coder")
    result = runner.invoke(app, ["analyzer", "evaluate", "--corpus", str(corpus)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout.strip().splitlines()[-1])["coder"] == "rules"
    assert "was not used" in result.stderr
    assert "train it again" in result.stderr


def test_it_ignores_a_coder_saved_in_the_old_format(corpus: Path, model_dir: Path) -> None:
    model_dir.mkdir(parents=True)
    (model_dir / OLD_MODEL_FILE).write_bytes(b"an old pickle")
    result = runner.invoke(app, ["analyzer", "evaluate", "--corpus", str(corpus)])
    assert json.loads(result.stdout.strip().splitlines()[-1])["coder"] == "rules"
    assert "older Fulcrum" in result.stderr
    runner.invoke(app, ["analyzer", "train", "--corpus", str(corpus)])
    assert not (model_dir / OLD_MODEL_FILE).exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("a,b\n1,2\n", "missing column(s)"),
        (None, "No such file"),
    ],
)
def test_it_fails_training_with_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | None, message: str
) -> None:
    path = tmp_path / "corpus.csv"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(SystemExit) as exc:
        main(["analyzer", "train", "--corpus", str(path)])
    assert exc.value.code == 1
    err = " ".join(capsys.readouterr().err.split())  # the console wraps long lines
    assert err.startswith("Error: ")
    assert message in err
    assert "Traceback" not in err


def test_it_fails_training_on_a_corpus_with_one_label(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = sample_csv(sessions=1).splitlines()
    path = tmp_path / "one.csv"
    path.write_text("\n".join(lines[:3]) + "\n", encoding="utf-8")
    with pytest.raises(SystemExit):
        main(["analyzer", "train", "--corpus", str(path)])
    assert "at least two different" in capsys.readouterr().err


def test_its_json_names_no_folder_and_stderr_says_where_coders_are_kept(
    tmp_path: Path, model_dir: Path
) -> None:
    path = tmp_path / "s.csv"
    path.write_text(sample_csv(sessions=1), encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert str(model_dir) not in result.stdout
    assert "models" not in json.loads(result.stdout)["notes"][0]
    assert str(model_dir) in result.stderr.replace("\n", "")


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


FIGURES = (
    "behaviour_macro_f1",
    "client_macro_f1",
    "overuse_auc",
    "length_auc",
    "rules_behaviour_macro_f1",
    "utterances_per_s",
    "utterances_per_cpu_s",
    "session_600_s",
    "behaviour_classes",
    "client_classes",
)


def test_it_runs_the_benchmark_on_a_tiny_corpus(corpus: Path) -> None:
    result = runner.invoke(
        app, ["bench", "annomi", "--data", str(corpus), "--folds", "3", "--report-folds", "0"]
    )
    assert result.exit_code == 0, result.output
    last = json.loads(result.stdout.strip().splitlines()[-1])
    assert set(FIGURES) <= set(last)
    assert last["mode"] == "cv"
    assert [f["fold"] for f in last["by_fold"]] == [0, 1, 2]
    assert sum(f["sessions"] for f in last["by_fold"]) == 6
    assert last["subset_folds"] == [0]
    assert last["subset"]["sessions"] == last["by_fold"][0]["sessions"]
    assert set(last["behaviour_classes"]) == {"reflection", "question", "input", "other"}


@pytest.mark.parametrize(
    ("kind", "message"),
    [("folder", "is a folder; name the transcripts in it"), ("missing", "No such file")],
)
def test_it_fails_analysis_of_something_not_a_file_with_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str, message: str
) -> None:
    target = tmp_path if kind == "folder" else tmp_path / "missing.vtt"
    with pytest.raises(SystemExit) as exc:
        main(["analyze", str(target)])
    assert exc.value.code == 1
    err = " ".join(capsys.readouterr().err.split())
    assert message in err
    assert "Traceback" not in err


def _strategy_file(tmp_path: Path) -> Path:
    """Conversations in the ESConv format, written for Fulcrum: a helper labels each turn."""
    turns = [
        ("seeker", None, "I can't sleep since the move."),
        ("supporter", "Questions", "How long has it been going on?"),
        ("seeker", None, "About a month."),
        ("supporter", "Reflection of feelings", "It sounds like you're exhausted."),
        ("supporter", "Self-disclosure", "I had the same thing when I changed cities."),
        ("supporter", "Providing Suggestions", "Maybe you could keep the phone out of the room."),
        ("supporter", "Affirmation and Reassurance", "You're doing well to look at it."),
    ]
    line = {
        "conversation": 0,
        "turns": [{"speaker": a, "strategy": b, "text": c} for a, b, c in turns],
    }
    path = tmp_path / "chat.jsonl"
    path.write_text(
        "\n".join(json.dumps({**line, "conversation": k}) for k in range(4)) + "\n",
        encoding="utf-8",
    )
    return path


def test_it_trains_on_annomi_and_a_strategy_corpus_together(
    corpus: Path, model_dir: Path, tmp_path: Path
) -> None:
    chat = _strategy_file(tmp_path)
    result = runner.invoke(
        app, ["analyzer", "train", "--corpus", str(corpus), "--external", str(chat)]
    )
    assert result.exit_code == 0, result.output
    assert "Trained on 6 sessions and 4 conversations" in result.stdout
    from fulcrum.transcripts.coders import load_coder

    coder, _ = load_coder()
    assert coder.kind == "learned"
    assert "chat.jsonl" in coder.name


def test_it_refuses_a_malformed_strategy_file_with_one_sentence(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"turns": []}\nnot json\n', encoding="utf-8")
    with pytest.raises(SystemExit) as exc:
        main(["analyzer", "train", "--corpus", str(corpus), "--external", str(bad)])
    assert exc.value.code != 0
    err = capsys.readouterr().err
    assert "bad.jsonl" in err
    assert "Line 2" in err
    assert "Traceback" not in err


ALONE = "Therapist: Breathe in. Notice the chair.\nTherapist: And out again, slowly.\n"


def test_it_computes_no_index_when_no_client_speaks(tmp_path: Path) -> None:
    p = tmp_path / "alone.txt"
    p.write_text(ALONE, encoding="utf-8")
    text = runner.invoke(app, ["analyze", str(p)])
    assert text.exit_code == 0, text.output
    assert "No client speaks in this transcript" in text.stdout
    assert "Over-use index" not in text.stdout
    as_json = runner.invoke(app, ["analyze", str(p), "--format", "json"])
    assert json.loads(as_json.stdout)["indices"] == {}
    html = runner.invoke(app, ["analyze", str(p), "--format", "html"])
    assert "No client speaks in this transcript" in html.stdout
    assert "<meter" not in html.stdout
    assert "1 turn · 1 speaker<" in html.stdout
    assert "Everyone else counts as the client" not in html.stdout


def test_the_html_says_where_the_practitioner_came_from(tmp_path: Path) -> None:
    p = tmp_path / "labelled.txt"
    p.write_text("Therapist: How was the week?\nClient: Hard, to be honest.\n", encoding="utf-8")
    html = runner.invoke(app, ["analyze", str(p), "--format", "html"])
    assert html.exit_code == 0, html.output
    assert "from a role the file gives" in html.stdout
    assert "Fulcrum guessed" not in html.stdout
