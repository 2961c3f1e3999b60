"""``fulcrum bench annomi --external FILE``: the coders and cue detectors on ESConv-format talk."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from fulcrum.bench.annomi import detection, score_detectors, score_external, score_halves
from fulcrum.cli import main
from fulcrum.conftest import shared_data_dir
from fulcrum.core.errors import ParseError
from fulcrum.core.transcripts.coding.base import Code
from fulcrum.core.transcripts.coding.rules import RulesCoder
from fulcrum.core.transcripts.coding.tests.sample import sample_csv
from fulcrum.core.transcripts.esconv import read_esconv

# Conversations written for Fulcrum in the ESConv format; the last turn marks a choice.
TURNS = [
    ("seeker", None, "I can't sleep since the move.", None),
    ("supporter", "Questions", "How long has it been going on?", None),
    ("seeker", None, "About a month now.", None),
    ("supporter", "Reflection of feelings", "It sounds like you're exhausted.", None),
    ("supporter", "Self-disclosure", "I had the same thing when I changed cities.", None),
    (
        "supporter",
        "Providing Suggestions",
        "Have you tried keeping the phone out of the room?",
        None,
    ),
    ("supporter", "Affirmation and Reassurance", "You're doing really well to look at it.", None),
    ("supporter", "Other", "Would it help if you choose what we look at next?", True),
    ("supporter", "Questions", "What helps you wind down?", False),
]


def _file(tmp_path: Path, conversations: int = 4) -> Path:
    lines = [
        json.dumps(
            {
                "conversation": k,
                "turns": [
                    {"speaker": a, "strategy": b, "text": c, **({} if d is None else {"choice": d})}
                    for a, b, c, d in TURNS
                ],
            }
        )
        for k in range(conversations)
    ]
    path = tmp_path / "chat.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_it_maps_the_helpers_strategies_to_fulcrums_codes(tmp_path: Path) -> None:
    (conv, *_) = read_esconv(_file(tmp_path).read_text(encoding="utf-8"))
    mapped = [(t.role, t.label, t.subtype) for t in conv.turns]
    assert mapped[:6] == [
        ("client", None, None),
        ("practitioner", "question", None),
        ("client", None, None),
        ("practitioner", "reflection", "complex"),
        ("practitioner", None, None),
        ("practitioner", "input", "advice"),
    ]
    assert conv.turns[4].self_disclosure
    assert conv.turns[5].advice
    assert conv.turns[7].choice is True
    assert conv.turns[1].choice is None


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('{"turns": []}\n{"turns": [', 2, "not a JSON object"),
        ('{"conversation": 1}\n', 1, '"turns" list'),
        ('{"turns": [{"speaker": "supporter", "strategy": "Hugging", "text": "x"}]}', 1, "Hugging"),
        ('{"turns": [{"speaker": "seeker"}]}', 1, '"text" string'),
    ],
)
def test_it_names_the_line_of_a_malformed_file(text: str, line: int, words: str) -> None:
    with pytest.raises(ParseError) as exc:
        read_esconv(text)
    assert exc.value.line == line
    assert words in str(exc.value)


def test_it_counts_a_detectors_hits_and_misses() -> None:
    figures = detection([True, True, False, False], [True, False, True, False])
    assert figures == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "support": 2, "found": 2}
    assert detection([False], [False])["f1"] == 0.0


def test_it_scores_the_rules_and_detectors_on_written_conversations(tmp_path: Path) -> None:
    conversations = read_esconv(_file(tmp_path, 1).read_text(encoding="utf-8"))
    codes = [RulesCoder().code(c.coder_turns) for c in conversations]
    scored = score_external(conversations, codes)
    # Self-disclosure has no behaviour code, so six of the seven helper turns are scored.
    assert sum(f["support"] for f in scored["behaviour_classes"].values()) == 6
    assert scored["advice"]["support"] == 1
    assert scored["advice"]["recall"] == 1.0
    detectors = score_detectors(conversations)
    assert detectors["self_disclosure"]["recall"] == 1.0
    assert detectors["choice"] == {
        "precision": 1.0,
        "recall": 1.0,
        "f1": 1.0,
        "support": 1,
        "found": 1,
    }


def test_it_prints_the_external_figures_last_as_one_json_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    annomi = tmp_path / "sample.csv"
    annomi.write_text(sample_csv(), encoding="utf-8")
    chat = _file(tmp_path)
    main(["bench", "annomi", "--data", str(annomi), "--external", str(chat), "--folds", "2"])
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert result["mode"] == "external-cv"
    assert result["conversations"] == 4
    assert result["folds"] == 2
    assert result["trained_on"] == {"annomi_sessions": 6, "external_conversations": 4}
    for key in ("external_self_disclosure", "external_advice", "external_choice"):
        assert set(result[key]) == {"precision", "recall", "f1", "support", "found"}
    for key in ("external_behaviour_macro_f1", "external_rules_behaviour_macro_f1"):
        assert 0.0 <= result[key] <= 1.0
    assert result["utterances_per_s"] > 0
    assert result["rules_utterances_per_cpu_s"] > 0
    assert result["utterances_per_cpu_s"] > 0
    assert result["halves"]["even"]["conversations"] == 2
    assert result["halves"]["odd"]["conversations"] == 2


def test_it_scores_the_even_and_odd_conversations_apart(tmp_path: Path) -> None:
    conversations = read_esconv(_file(tmp_path, 3).read_text(encoding="utf-8"))
    rules = [RulesCoder().code(c.coder_turns) for c in conversations]
    # Codes that call every helper turn "other" score no advice.
    other = [tuple(Code(c.role, "other") for c in codes) for codes in rules]
    halves = score_halves(conversations, [other[0], rules[1], other[2]], rules)
    assert halves["even"]["conversations"] == 2
    assert halves["odd"]["conversations"] == 1
    assert halves["even"]["advice_f1"] == 0.0
    assert halves["odd"]["advice_f1"] == halves["odd"]["rules_advice_f1"] == 1.0
    assert halves["even"]["self_disclosure_f1"] == 1.0
    assert "advice_f1" not in score_halves(conversations, None, rules)["odd"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--external-train", "{chat}"], "goes with --external"),
        (["--external", "{chat}", "--test", "{chat}"], "--data FILE"),
        (["--external", "{missing}"], "No such file"),
    ],
)
def test_it_refuses_bad_external_arguments_in_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    chat = _file(tmp_path)
    filled = [a.format(chat=chat, missing=tmp_path / "nope.jsonl") for a in args]
    with pytest.raises(SystemExit) as exc:
        main(["bench", "annomi", *filled])
    assert exc.value.code != 0
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


@pytest.fixture(scope="session")
def esconv_dev() -> Path:
    path = shared_data_dir() / "esconv" / "esconv-dev.jsonl"
    if not path.is_file():
        reason = f"The ESConv development file is not at {path}."
        if os.environ.get("CI"):
            pytest.fail(reason + " CI is set, so this is a failure, not a skip.")
        pytest.skip(reason)
    return path


@pytest.mark.corpus
def test_it_keeps_the_rules_and_detectors_useful_on_peer_support(esconv_dev: Path) -> None:
    """Floors a little below the figures in BENCHMARKS.md, so a regression shows."""
    conversations = read_esconv(esconv_dev.read_text(encoding="utf-8"))
    scored = score_external(
        conversations, [RulesCoder().code(c.coder_turns) for c in conversations]
    )
    detectors = score_detectors(conversations)
    assert detectors["self_disclosure"]["f1"] >= 0.65
    assert scored["advice"]["f1"] >= 0.50
    assert scored["behaviour_macro_f1"] >= 0.52


def test_it_scores_a_file_that_only_marks_choices(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    turns = [
        {"speaker": "supporter", "strategy": None, "text": text, "choice": choice}
        for text, choice in (
            ("Would you prefer to start face up or face down?", True),
            ("Breathe out slowly as I lean in.", False),
            ("Let me know if you want more or less pressure.", True),
            ("Was it the left shoulder or the right?", False),
        )
    ]
    path = tmp_path / "choices.jsonl"
    path.write_text(json.dumps({"conversation": 0, "turns": turns}) + "\n", encoding="utf-8")
    main(["bench", "annomi", "--external", str(path), "--folds", "2"])
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert result["external_choice"]["support"] == 2
    assert result["choice_f1"] == 1.0
    assert result["external_behaviour_macro_f1"] is None
    assert result["external_self_disclosure"] is None
