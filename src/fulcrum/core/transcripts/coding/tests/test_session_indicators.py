from collections.abc import Sequence

import pytest

from fulcrum.core.errors import InvalidInput
from fulcrum.core.transcripts.analysis import analysis_as_dict, analyze
from fulcrum.core.transcripts.coding.rules import RulesCoder
from fulcrum.core.transcripts.coding.tests.scripted import Scripted
from fulcrum.core.transcripts.lsc import categories_used, coordination
from fulcrum.core.transcripts.model import Transcript, Utterance


def session(
    *turns: tuple[str, str], times: Sequence[tuple[float, float]] | None = None
) -> Transcript:
    utts = tuple(
        Utterance(i, who, text, *(times[i] if times else (None, None)))
        for i, (who, text) in enumerate(turns)
    )
    return Transcript(utts, ("P", "C"), "test", practitioner="P", practitioner_confidence=1.0)


T = session(
    ("P", "How are you today?"),  # 4 words
    ("C", "Tired and a bit low."),  # 5
    ("P", "You sound worn out."),  # 4
    ("P", "What has the week been like?"),  # 6
    ("C", "Long."),  # 1
    ("P", "What else?"),  # 2
)
CODES = [
    ("question", "open"),
    ("neutral", None),
    ("reflection", "simple"),
    ("question", "open"),
    ("neutral", None),
    ("question", "open"),
]


def test_it_measures_talk_share_and_turns() -> None:
    a = analyze(T, Scripted(CODES))
    assert a.indicator("talk_share_words").value == pytest.approx(16 / 22)
    assert a.indicator("practitioner_turns").value == 4
    assert a.indicator("client_turns").value == 2
    assert a.indicator("talk_share_time").value is None


def test_it_finds_the_longest_monologue() -> None:
    a = analyze(T, Scripted(CODES))
    mono = a.indicator("longest_monologue_words")
    assert mono.value == 10
    assert mono.utterances == (2, 3)


def test_it_counts_questions_per_reflection() -> None:
    a = analyze(T, Scripted(CODES))
    assert a.indicator("questions_per_reflection").value == 3
    assert a.indicator("reflection_share").value == pytest.approx(0.25)


def test_it_counts_choices_offered_in_bodywork() -> None:
    t = session(
        ("P", "Would you prefer to start face up or face down?"),
        ("C", "Face down."),
        ("P", "Lie down then."),
        ("C", "Okay."),
    )
    a = analyze(t, RulesCoder())
    assert a.indicator("choices_offered").value == 1
    assert a.indicator("choices_offered").utterances == (0,)
    assert a.indicator("directives").utterances == (2,)


def test_it_flags_self_disclosure() -> None:
    t = session(
        ("C", "I can't sleep."), ("P", "When I was going through my divorce I couldn't either.")
    )
    a = analyze(t, RulesCoder())
    assert a.indicator("self_disclosure").utterances == (1,)
    assert a.indicator("self_disclosure_rate").value == 1.0


def test_it_separates_advice_asked_for_from_unasked() -> None:
    t = session(
        ("P", "Would it be okay if I shared an idea?"),
        ("C", "Sure."),
        ("P", "You should try a walk after dinner."),
        ("C", "Hm."),
        ("P", "Okay."),
        ("C", "Right."),
        ("P", "Yeah."),
        ("C", "So."),
        ("P", "You need to stop the late coffee."),
    )
    a = analyze(t, RulesCoder())
    assert a.indicator("advice_without_permission").utterances == (8,)


def test_it_finds_interruptions_from_timestamps() -> None:
    t = session(
        ("P", "Tell me about the week"),
        ("C", "It was fine until Thursday when-"),
        ("P", "Thursday?"),
        ("C", "Yes."),
        times=[(0.0, 3.0), (2.0, 6.0), (5.8, 6.5), (7.0, 7.5)],
    )
    a = analyze(t, RulesCoder())
    assert a.indicator("overlaps").utterances == (1, 2)
    # client came in 1 s early: an interruption; practitioner cut in on a trailing "when-".
    assert a.indicator("interruptions_by_client").utterances == (1,)
    assert a.indicator("interruptions_by_practitioner").utterances == (2,)
    assert a.indicator("talk_share_time").value == pytest.approx(3.7 / 8.2)


def test_it_computes_style_coordination_on_a_tiny_dialogue() -> None:
    # B answers A; B uses articles only right after A did.
    pairs = [
        ("the cat sat", "a dog ran"),
        ("we ran off", "we slept"),
        ("the end came", "an end"),
        ("you slept", "we ate"),
    ]
    c = coordination(pairs, "B", "A")
    per = dict(c.per_category)
    # P(B uses article | A did) = 2/2; P(B uses article) = 2/4.
    assert per["articles"] == pytest.approx(0.5)
    # pronouns: A used them in pairs 2 and 4, B's replies use them both times; base 2/4.
    assert per["personal_pronouns"] == pytest.approx(0.5)
    assert c.pairs == 4


def test_it_reads_negation_clitics_as_negations() -> None:
    assert "negations" in categories_used("I don't know")
    assert "auxiliary_verbs" in categories_used("I don't know")


def test_it_keeps_session_length_out_of_the_over_use_index() -> None:
    doubled = session(*[(u.speaker, u.text) for u in T.utterances] * 2)
    a = analyze(T, Scripted(CODES))
    b = analyze(doubled, Scripted(CODES * 2))
    components = {c.indicator_id for c in a.over_use.components}
    assert not components & {"practitioner_turns", "client_turns", "choices_offered"}
    assert b.indicator("talk_share_words").value == a.indicator("talk_share_words").value
    assert b.over_use.components[0].value == a.over_use.components[0].value


def test_it_builds_a_timeline_and_json() -> None:
    a = analyze(T, Scripted(CODES))
    assert [p.cumulative_talk_share for p in a.timeline][:2] == [
        1.0,
        pytest.approx(4 / 9, abs=1e-4),
    ]
    data = analysis_as_dict(a)
    assert data["utterances"][0]["label"] == "question"
    assert {"over_use", "under_use"} == set(data["indices"])
    assert 0 <= data["indices"]["over_use"]["value"] <= 10


def test_it_says_when_rules_did_the_coding() -> None:
    assert any("rules" in n for n in analyze(T, RulesCoder()).notes)


def test_it_needs_to_know_the_practitioner() -> None:
    t = Transcript((Utterance(0, "P", "Hi"),), ("P",), "test")
    with pytest.raises(InvalidInput):
        analyze(t, RulesCoder())
