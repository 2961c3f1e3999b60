"""``fulcrum bench speakers`` scores the guess on the corpora given and reads every format."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from fulcrum.bench.speakers import score_guess
from fulcrum.cli import _register, app
from fulcrum.core.transcripts.coding.tests.sample import sample_csv

runner = CliRunner()


def _esconv(path: Path) -> Path:
    conversation = {
        "conversation": 0,
        "turns": [
            {
                "speaker": "seeker",
                "strategy": None,
                "text": "Hi, I have had a rough week at my job.",
            },
            {
                "speaker": "supporter",
                "strategy": "Questions",
                "text": "What made it rough for you?",
            },
            {"speaker": "seeker", "strategy": None, "text": "My boss shouted at me and I froze."},
            {
                "speaker": "supporter",
                "strategy": "Reflection",
                "text": "You felt frozen. Do you want to talk it through?",
            },
        ],
    }
    path.write_text(json.dumps(conversation) + "\n", encoding="utf-8")
    return path


def test_it_prints_the_guess_and_the_reading_speed_as_one_json_line(tmp_path: Path) -> None:
    _register()
    annomi = tmp_path / "annomi.csv"
    annomi.write_text(sample_csv(sessions=2), encoding="utf-8")
    esconv = _esconv(tmp_path / "esconv.jsonl")
    result = runner.invoke(
        app,
        ["bench", "speakers", "--annomi", str(annomi), "--esconv", str(esconv), "--turns", "20"],
    )
    assert result.exit_code == 0, result.output
    last = json.loads(result.stdout.strip().splitlines()[-1])
    assert last["guess_annomi"]["sessions"] == 2
    assert last["guess_esconv"]["sessions"] == 1
    assert set(last["reading"]) >= {"vtt", "otter", "markdown", "chat", "xlsx", "deepgram-json"}
    assert all(f["utterances_per_s"] > 0 for f in last["reading"].values())


def test_it_counts_a_confident_wrong_guess() -> None:
    # The client asks every question and says "you": the guess goes the wrong way.
    dialogue = [
        (True, "I see. I think I know what I mean."),
        (False, "What do you think? Can you tell me what you would do?"),
    ] * 8
    scored = score_guess([dialogue])
    assert scored["right"] == 0
    assert scored["sure_but_wrong"] == scored["sure"]
