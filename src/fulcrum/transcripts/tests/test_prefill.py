"""The pure mapping from an analysis to suggested check-in answers."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fulcrum.checkins.forms import CheckInForm
from fulcrum.checkins.services import MAX_CHOICES as FORM_MAX_CHOICES
from fulcrum.transcripts.prefill import (
    DISCLOSURE_NOTE_MAX,
    MAX_CHOICES,
    CheckInPrefill,
    Moment,
    checkin_prefill,
)

AT = datetime(2026, 10, 20, 9, 30, tzinfo=UTC)


def analysis(choices: float | None, disclosures: list[int]) -> dict[str, Any]:
    return {
        "indicators": [
            {"id": "talk_share_words", "value": 0.6, "unit": "share", "utterances": [0, 2]},
            {"id": "choices_offered", "value": choices, "unit": "count", "utterances": []},
            {
                "id": "self_disclosure",
                "value": float(len(disclosures)),
                "unit": "count",
                "utterances": disclosures,
            },
        ]
    }


def test_it_says_choices_were_offered_and_how_many() -> None:
    p = checkin_prefill(analysis(3.0, []), [], session_at=AT)
    assert (p.choices_offered, p.choices_count) == ("yes", 3)
    assert p.initial()["choices_offered"] == "yes"
    assert p.initial()["choices_count"] == 3
    assert any("3 moments where you offered a choice" in r for r in p.reasons)


def test_it_says_no_choices_when_none_were_found_and_mentions_not_applicable() -> None:
    p = checkin_prefill(analysis(0.0, []), [], session_at=AT)
    assert (p.choices_offered, p.choices_count) == ("no", None)
    assert "choices_count" not in p.initial()
    assert any("Not applicable" in r for r in p.reasons)


def test_it_leaves_questions_open_when_the_analysis_cannot_answer() -> None:
    p = checkin_prefill({"indicators": []}, [], session_at=None)
    assert p == CheckInPrefill(None, None, None, None, "", ())
    assert p.initial() == {}
    q = checkin_prefill(analysis(None, []), [], session_at=None)
    assert q.choices_offered is None
    assert "choices_offered" not in q.initial()


def test_it_drafts_a_disclosure_note_from_the_utterances_with_their_times() -> None:
    moments = [
        Moment(3, "Not this one.", 10.0),
        Moment(6, "When I was your age my own  shifts changed.", 31.5),
        Moment(9, "My own mother did the same.", None),
    ]
    p = checkin_prefill(analysis(1.0, [6, 9]), moments, session_at=AT)
    assert p.disclosure == "yes"
    assert p.disclosure_note == (
        "“When I was your age my own shifts changed.” (0:31) / “My own mother did the same.”"
    )
    assert p.initial()["disclosure"] == "yes"
    assert "Whose need did it serve?" in " ".join(p.reasons)
    assert "disclosure_served" not in p.initial()  # only the practitioner can say


def test_it_says_no_disclosure_when_none_was_found() -> None:
    p = checkin_prefill(analysis(1.0, []), [], session_at=AT)
    assert (p.disclosure, p.disclosure_note) == ("no", "")
    assert "disclosure_note" not in p.initial()


def test_it_keeps_within_the_check_in_forms_limits() -> None:
    long = "I also had this. " * 40
    moments = [Moment(i, long, float(i)) for i in range(30)]
    p = checkin_prefill(analysis(250.0, list(range(30))), moments, session_at=AT)
    assert p.choices_count == MAX_CHOICES
    assert 0 < len(p.disclosure_note) <= DISCLOSURE_NOTE_MAX
    assert p.disclosure_note.count("“") < 30


def test_its_limits_are_the_forms() -> None:
    field = CheckInForm.base_fields["disclosure_note"]
    assert getattr(field, "max_length", None) == DISCLOSURE_NOTE_MAX
    assert FORM_MAX_CHOICES == MAX_CHOICES


def test_it_carries_the_session_date() -> None:
    p = checkin_prefill(analysis(1.0, []), [], session_at=AT)
    assert p.initial()["session_at"] == AT
    assert p.reasons[0] == "The session date is the transcript's."


def with_episodes(*episodes: dict[str, Any]) -> dict[str, Any]:
    return {**analysis(None, []), "underuse_episodes": list(episodes)}


def test_it_ticks_the_form_signs_of_under_use_episodes_with_their_words() -> None:
    p = checkin_prefill(
        with_episodes(
            {"cue": "policy_accepted", "utterances": [3, 4], "matched": ["pay you later", "Sure"]},
            {"cue": "not_redirected", "utterances": [7, 8, 9], "matched": ["did i tell you"]},
        ),
        [],
        session_at=None,
    )
    assert p.indicators == ("policy_not_enforced", "session_not_redirected")
    assert p.initial()["indicators"] == ["policy_not_enforced", "session_not_redirected"]
    assert any("“pay you later” / “Sure” (turns #3, #4)" in r for r in p.reasons)


def test_it_leaves_cues_without_a_form_sign_unticked() -> None:
    p = checkin_prefill(
        with_episodes({"cue": "no_structure", "utterances": [0], "matched": ["Hi"]}),
        [],
        session_at=None,
    )
    assert p.indicators == ()
    assert "indicators" not in p.initial()


def test_it_suggests_only_signs_the_check_in_form_offers() -> None:
    from fulcrum.checkins.forms import form_indicators
    from fulcrum.core.catalogue import load_catalogue
    from fulcrum.transcripts.prefill import UNDERUSE_SIGNS

    offered = {i.id for i in form_indicators(load_catalogue())}
    assert set(UNDERUSE_SIGNS.values()) <= offered
    assert {i.mode for i in load_catalogue().indicators if i.id in UNDERUSE_SIGNS.values()} == {
        "under"
    }
