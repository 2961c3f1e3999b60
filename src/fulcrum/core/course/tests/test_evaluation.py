import pytest

from fulcrum.core.course.evaluation import QUESTIONS, STATEMENTS, check_evaluation
from fulcrum.core.errors import InvalidInput

ALL_AGREE = {s.id: "4" for s in STATEMENTS}


def test_it_keeps_every_rating_as_a_number_and_trims_the_answers() -> None:
    answers = check_evaluation(ALL_AGREE, {"change": "  More bodywork cases. "})
    assert answers.ratings == {s.id: 4 for s in STATEMENTS}
    assert answers.comments == {"change": "More bodywork cases.", "next": ""}


@pytest.mark.parametrize("typed", ["", "0", "6", "x", "4.5", None, True])
def test_it_refuses_a_missing_or_out_of_scale_rating_naming_the_statement(typed: object) -> None:
    ratings: dict[str, object] = {**ALL_AGREE, "clarity": typed}
    with pytest.raises(InvalidInput, match="clear and in a sensible order"):
        check_evaluation(ratings, {})


def test_it_refuses_a_statement_it_does_not_ask() -> None:
    with pytest.raises(InvalidInput, match="no statement called 'mood'"):
        check_evaluation({**ALL_AGREE, "mood": "3"}, {})


def test_it_refuses_an_overlong_answer_or_a_nul() -> None:
    question = QUESTIONS[0]
    with pytest.raises(InvalidInput, match="4,000 characters"):
        check_evaluation(ALL_AGREE, {question.id: "a" * 4001})
    with pytest.raises(InvalidInput, match="cannot keep"):
        check_evaluation(ALL_AGREE, {question.id: "a\x00b"})
