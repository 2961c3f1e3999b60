import pytest

from fulcrum.core.transcripts.coding.base import Coder, Turn
from fulcrum.core.transcripts.coding.rules import (
    RulesCoder,
    choice_cue,
    code_client,
    code_practitioner,
    permission_cue,
    self_disclosure_cue,
)


@pytest.mark.parametrize(
    ("text", "label", "subtype"),
    [
        ("What would you like to work on today?", "question", "open"),
        ("Okay. How did the week go?", "question", "open"),
        ("Did you sleep well?", "question", "closed"),
        ("It sounds like you feel stuck between two jobs.", "reflection", "complex"),
        ("So you're walking most days.", "reflection", "simple"),
        ("You should stop drinking coffee after noon.", "input", "advice"),
        ("Some people find that stretching first helps.", "input", "options"),
        ("Research shows that regular sleep lifts mood.", "input", "information"),
        ("Mm-hmm.", "other", None),
        ("Okay, great.", "other", None),
        ("Hi, Sam. Nice to meet you.", "other", None),
        ("Thanks for coming in today.", "other", None),
        ("So you're tired of being told what to do?", "reflection", "complex"),
        ("I think you really need to quit.", "input", "advice"),
    ],
)
def test_it_codes_practitioner_turns_with_a_cue(text: str, label: str, subtype: str | None) -> None:
    code = code_practitioner(text)
    assert (code.label, code.subtype) == (label, subtype)
    assert code.cues, "every rules code names the cue behind it"
    assert all(c.matched for c in code.cues)


def test_it_names_the_words_that_fired() -> None:
    code = code_practitioner("It sounds like mornings are hard.")
    assert code.cues[0].rule == "complex reflection"
    assert code.cues[0].matched.lower() == "it sounds like"


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("I want to cut down on smoking.", "change"),
        ("I'm ready to try something new.", "change"),
        ("It's not a big deal, honestly.", "sustain"),
        ("I like drinking with my friends.", "sustain"),
        ("I drove here this morning.", "neutral"),
    ],
)
def test_it_codes_client_talk(text: str, label: str) -> None:
    assert code_client(text).label == label


def test_it_codes_a_session_in_order_and_is_a_coder() -> None:
    coder = RulesCoder()
    assert isinstance(coder, Coder)
    codes = coder.code([Turn("How are you?", "practitioner"), Turn("I want to stop.", "client")])
    assert [c.role for c in codes] == ["practitioner", "client"]
    assert [c.label for c in codes] == ["question", "change"]


@pytest.mark.parametrize(
    "text",
    [
        "Would you prefer to start face up or face down?",
        "You can choose whether we use oil today.",
        "Would you like the window open or closed?",
        "It's up to you how long we spend on your shoulders.",
    ],
)
def test_it_detects_choices_offered_including_bodywork(text: str) -> None:
    assert choice_cue(text) is not None


def test_it_does_not_see_a_choice_in_an_instruction() -> None:
    assert choice_cue("Lie face down, please.") is None


@pytest.mark.parametrize(
    "text",
    [
        "I also had trouble sleeping after my divorce.",
        "When I was your age I smoked too.",
        "My own mother was the same.",
    ],
)
def test_it_detects_self_disclosure(text: str) -> None:
    assert self_disclosure_cue(text) is not None


def test_it_ignores_ordinary_first_person_talk() -> None:
    assert self_disclosure_cue("I think we have ten minutes left.") is None


def test_it_detects_permission_asking() -> None:
    assert permission_cue("Would it be okay if I shared an idea?") is not None
    assert permission_cue("You need to sleep more.") is None
