"""Offering the client choices, in talk and in bodywork, on sessions written for Fulcrum."""

import json
from pathlib import Path

import pytest

from fulcrum.core.transcripts.analysis import analyze
from fulcrum.core.transcripts.coding.rules import RulesCoder, choice_cue, directive_cue
from fulcrum.core.transcripts.parsing import parse_transcript

SESSIONS = Path(__file__).parent / "sessions"
EXPECTED = json.loads((SESSIONS / "choices.expected.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_it_finds_exactly_the_choices_offered_in_a_session(name: str) -> None:
    expected = EXPECTED[name]
    transcript = parse_transcript(
        (SESSIONS / name).read_bytes(), name, practitioner=expected["practitioner"]
    )
    analysis = analyze(transcript, RulesCoder())
    choices = analysis.indicator("choices_offered")
    assert list(choices.utterances) == expected["choices"]
    assert choices.value == len(expected["choices"])
    practitioner_turns = analysis.indicator("practitioner_turns").value
    assert practitioner_turns
    assert analysis.indicator("choices_offered_rate").value == pytest.approx(
        len(expected["choices"]) / practitioner_turns
    )
    assert list(analysis.indicator("directives").utterances) == expected["directives"]


@pytest.mark.parametrize(
    "text",
    [
        "Would you prefer to start face up or face down?",
        "We can work on your shoulders first or your lower back. Which would you like?",
        "It's up to you whether we talk about work or home today.",
        "Would you rather sit or lie down for this part?",
        "Which would you like to start with, the neck or the feet?",
        "Is the face cradle at a good height, or would you like it raised a little?",
        "Do you want the music on or off?",
        "Shall we start with breathing, or go straight to the stretch?",
        "Where would you like me to start?",
        "You can stop me at any point.",
        "Whatever feels right for you.",
        "That's entirely your decision.",
    ],
)
def test_it_sees_a_choice_and_names_the_words(text: str) -> None:
    cue = choice_cue(text)
    assert cue is not None
    assert cue.rule == "offers a choice"
    assert cue.matched
    assert cue.matched.lower() in text.lower()


@pytest.mark.parametrize(
    "text",
    [
        "Lie face down, please.",
        "Turn over onto your back now.",
        "Was it your shoulder or your neck that hurt?",
        "Are you feeling better or worse this week?",
        "Do you drink beer or wine?",
        "You need to stretch every morning or the pain will come back.",
        "Either way, you have to do the exercises.",
        "What made you decide to quit?",
        "Would you like to tell me more about that?",
        "I'd prefer it if you came on time.",
        "Up to now you've done well.",
        "What brings you in today?",
    ],
)
def test_it_does_not_see_a_choice_in_other_questions_or_directives(text: str) -> None:
    assert choice_cue(text) is None


def test_it_finds_an_instruction_after_a_first_sentence() -> None:
    cue = directive_cue("Yes. Arms by your side. Don't move.")
    assert cue is not None
    assert cue.matched == "Don't"
