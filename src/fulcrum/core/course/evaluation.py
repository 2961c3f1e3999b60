"""The end-of-course evaluation: a few statements rated on a five-point scale and two
questions answered in the learner's own words, asked once every quiz is passed and
before a certificate is issued.

The statements are Fulcrum's own; they ask about the course, never about the learner's
clients. ``check_evaluation`` turns what was typed into an ``EvaluationAnswers`` value or
refuses it with a sentence naming the statement left out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from fulcrum.core.errors import InvalidInput

__all__ = [
    "COMMENT_MAX",
    "QUESTIONS",
    "SCALE",
    "STATEMENTS",
    "EvaluationAnswers",
    "Question",
    "Statement",
    "check_evaluation",
]

COMMENT_MAX = 4_000


@dataclass(frozen=True)
class Statement:
    """One statement the learner rates from 1 (disagree strongly) to 5 (agree strongly)."""

    id: str
    text: str


@dataclass(frozen=True)
class Question:
    """One question the learner may answer in their own words (optional)."""

    id: str
    text: str


SCALE: tuple[tuple[int, str], ...] = (
    (1, "Disagree strongly"),
    (2, "Disagree"),
    (3, "Neither agree nor disagree"),
    (4, "Agree"),
    (5, "Agree strongly"),
)

STATEMENTS: tuple[Statement, ...] = (
    Statement("objectives", "Each module did what its objectives said it would."),
    Statement("practice", "What I learned applies to my own work with clients."),
    Statement("clarity", "The lessons were clear and in a sensible order."),
    Statement("quizzes", "The quizzes asked about what the lessons taught."),
    Statement("both_views", "The course set the different views of power side by side fairly."),
    Statement("hours", "The time I spent was about what the CE hours say."),
)

QUESTIONS: tuple[Question, ...] = (
    Question("change", "What would you change about this course?"),
    Question("next", "What will you try differently in your practice after it?"),
)


@dataclass(frozen=True)
class EvaluationAnswers:
    """A complete evaluation: a rating for every statement, and the optional answers."""

    ratings: Mapping[str, int]
    comments: Mapping[str, str]


def _rating(statement: Statement, typed: object) -> int:
    text = (
        str(typed).strip() if isinstance(typed, str | int) and not isinstance(typed, bool) else ""
    )
    value = int(text) if text.isdigit() else 0
    if not 1 <= value <= len(SCALE):
        raise InvalidInput(f"Choose how far you agree with: {statement.text}")
    return value


def check_evaluation(
    ratings: Mapping[str, object], comments: Mapping[str, str]
) -> EvaluationAnswers:
    """Return the evaluation as values, or refuse it naming the first statement missed."""
    known = {s.id for s in STATEMENTS}
    unknown = sorted(set(ratings) - known)
    if unknown:
        raise InvalidInput(f"The evaluation has no statement called {unknown[0]!r}.")
    checked = {s.id: _rating(s, ratings.get(s.id)) for s in STATEMENTS}
    answers: dict[str, str] = {}
    for question in QUESTIONS:
        text = str(comments.get(question.id, "")).strip()
        if "\x00" in text:
            raise InvalidInput(f"{question.text} The answer holds a character Fulcrum cannot keep.")
        if len(text) > COMMENT_MAX:
            raise InvalidInput(f"{question.text} Keep the answer to {COMMENT_MAX:,} characters.")
        answers[question.id] = text
    return EvaluationAnswers(ratings=checked, comments=answers)
