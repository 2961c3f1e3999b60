from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fulcrum.core.catalogue import load_catalogue
from fulcrum.core.errors import InvalidInput
from fulcrum.core.voice import (
    ITEM_EVIDENCE,
    ITEM_IDS,
    VOICE_ITEMS,
    SessionAccount,
    VoiceAnswers,
    VoiceParams,
    compare_voice,
    voice_item,
)

INDICATORS = {i.id: i for i in load_catalogue().indicators}


def answers(choice: int = 8, voice: int = 8, safety: int = 8, respect: int = 8) -> VoiceAnswers:
    return VoiceAnswers(choice=choice, voice=voice, safety=safety, respect=respect)


def account(*observed: str, under_warnings: int = 0) -> SessionAccount:
    return SessionAccount(observed=frozenset(observed), under_warnings=under_warnings)


def test_it_asks_four_items_in_its_own_words() -> None:
    assert ITEM_IDS == ("choice", "voice", "safety", "respect")
    for item in VOICE_ITEMS:
        assert item.statement.endswith(".")
        assert item.contradiction_question.endswith("?")
        # Not the wording of a published session-rating scale.
        assert "heard, understood" not in item.statement
        assert "approach is a good fit" not in item.statement
    assert voice_item("safety").label == "Safety"
    with pytest.raises(InvalidInput):
        voice_item("comfort")


def test_it_only_names_indicators_the_catalogue_has() -> None:
    for item_id, evidence in ITEM_EVIDENCE.items():
        assert evidence.supports <= INDICATORS.keys(), item_id
        assert evidence.concerns <= INDICATORS.keys(), item_id
        assert not evidence.supports & evidence.concerns, item_id
        assert all(INDICATORS[i].mode == "skilful" for i in evidence.supports), item_id


def test_it_flags_low_choice_when_the_checkin_says_choices_were_offered() -> None:
    result = compare_voice(answers(choice=3), account("choices_offered", "clear_guidance"))
    assert result.flagged
    [gap] = result.gaps
    assert (gap.kind, gap.item, gap.client_score) == ("contradiction", "choice", 3)
    assert gap.evidence == ("choices_offered",)
    assert "3 out of 10" in gap.explanation
    assert "“Offered real choices”" in gap.explanation
    assert gap.question.endswith("?")


def test_it_calls_a_low_answer_shared_when_the_checkin_noted_the_concern() -> None:
    result = compare_voice(answers(choice=2), account("no_choices_offered", "consent_checked"))
    assert not result.flagged
    [finding] = result.findings
    assert (finding.kind, finding.flagged) == ("shared", False)
    assert finding.evidence == ("no_choices_offered",)


def test_it_flags_a_low_answer_the_checkin_is_silent_about() -> None:
    result = compare_voice(answers(safety=4), account("clear_guidance"))
    [gap] = result.gaps
    assert (gap.kind, gap.item, gap.evidence) == ("unseen", "safety", ())


def test_it_sets_each_item_beside_its_own_evidence() -> None:
    observed = account("signals_tracked", "late_start", "secure_draping")
    result = compare_voice(answers(choice=9, voice=1, safety=2, respect=3), observed)
    kinds = {f.item: f.kind for f in result.findings}
    assert kinds == {"voice": "contradiction", "safety": "contradiction", "respect": "shared"}
    assert [f.item for f in result.gaps] == ["voice", "safety"]


def test_it_leaves_answers_above_the_threshold_alone() -> None:
    result = compare_voice(answers(6, 6, 6, 6), account("choices_offered"))
    assert result.findings == ()
    lower = compare_voice(answers(6, 6, 6, 6), account(), params=VoiceParams(low_at_or_below=6))
    assert len(lower.gaps) == 4


def test_it_answers_perfect_scores_with_under_use_by_a_reflection() -> None:
    result = compare_voice(answers(10, 10, 10, 10), account("friendship_drift", "choices_offered"))
    assert not result.flagged
    reflection = result.reflection
    assert reflection is not None
    assert reflection.kind == "reflection"
    assert "hard to say otherwise" in reflection.question
    assert reflection.evidence == ("friendship_drift",)


def test_it_counts_open_under_use_warnings_as_under_use() -> None:
    result = compare_voice(answers(10, 10, 10, 10), account(under_warnings=2))
    assert result.reflection is not None
    assert "2 under-use warnings are open" in result.reflection.explanation


def test_it_does_not_question_perfect_scores_without_under_use() -> None:
    assert compare_voice(answers(10, 10, 10, 10), account("choices_offered")).findings == ()
    # Nine is not "uniformly perfect" with the default threshold.
    assert compare_voice(answers(10, 10, 9, 10), account("friendship_drift")).findings == ()


def test_it_rejects_answers_outside_the_scale() -> None:
    with pytest.raises(InvalidInput, match="between 0 and 10"):
        answers(choice=11)
    with pytest.raises(InvalidInput, match="whole number"):
        VoiceAnswers(choice=True, voice=1, safety=1, respect=1)
    with pytest.raises(InvalidInput):
        VoiceParams(low_at_or_below=10, perfect_at_or_above=10)
    with pytest.raises(InvalidInput):
        SessionAccount(under_warnings=-1)


scores = st.integers(min_value=0, max_value=10)


@settings(max_examples=60, deadline=None)
@given(
    st.tuples(scores, scores, scores, scores),
    st.frozensets(st.sampled_from(sorted(INDICATORS))),
    st.integers(0, 3),
)
def test_it_only_ever_flags_low_answers(
    values: tuple[int, int, int, int], observed: frozenset[str], warnings: int
) -> None:
    given_answers = VoiceAnswers(*values)
    result = compare_voice(given_answers, SessionAccount(observed, warnings))
    for finding in result.gaps:
        assert finding.item is not None
        assert given_answers.score(finding.item) <= 5
    low_items = [i for i, v in zip(ITEM_IDS, values, strict=True) if v <= 5]
    assert [f.item for f in result.findings if f.item] == low_items
    if result.reflection is not None:
        assert values == (10, 10, 10, 10)
