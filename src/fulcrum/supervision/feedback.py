"""Feedback on supervision: the supervisee's four answers after a session.

The client's voice asks a client how a session felt; this asks the supervisee how
supervision felt, because power runs through supervision too, in both directions: the
supervisor signs off hours and writes references, and the supervisee chooses what to
bring. The items are Fulcrum's own words. Answers belong to the supervisee; a
supervisor sees only the mean of each item over a link, and nothing at all until at
least ``MIN_ANSWERS`` sessions have been answered, so no single answer can be read off.
The summary is a prompt for a conversation in supervision, never a rating of anyone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from fulcrum.core.errors import InvalidInput

MIN_ANSWERS = 3
SCALE = (
    (0, "Not at all"),
    (1, "A little"),
    (2, "Partly"),
    (3, "Mostly"),
    (4, "Fully"),
)
SCALE_MAX = SCALE[-1][0]


@dataclass(frozen=True)
class FeedbackItem:
    id: str
    question: str
    # What the supervisor reads beside the mean: a question to bring, not a finding.
    prompt: str


ITEMS: tuple[FeedbackItem, ...] = (
    FeedbackItem(
        id="choice",
        question="I had a say in what we worked on; the agenda was not only my supervisor's.",
        prompt="Who sets the agenda in our sessions, and how would I know if it did not fit?",
    ),
    FeedbackItem(
        id="voice",
        question="I was heard, including when I saw things differently.",
        prompt="When my supervisee disagrees with me, what happens next in the room?",
    ),
    FeedbackItem(
        id="safety",
        question="I felt free to bring mistakes and doubts, not only work that went well.",
        prompt="What might my supervisee be keeping out of supervision, and what would make "
        "it safer to bring?",
    ),
    FeedbackItem(
        id="respect",
        question="My supervisor's power over me (sign-off, references, hours) was used "
        "with care and could be talked about.",
        prompt="How openly do we talk about the power I hold over my supervisee's path?",
    ),
)
ITEM_IDS = tuple(item.id for item in ITEMS)


def clean_answers(answers: Mapping[str, object]) -> dict[str, int]:
    """Exactly one whole number on the scale for every item, else InvalidInput."""
    if set(answers) != set(ITEM_IDS):
        raise InvalidInput("Answer each of the four questions.")
    out: dict[str, int] = {}
    for item_id in ITEM_IDS:
        value = answers[item_id]
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= SCALE_MAX:
            raise InvalidInput(f"Each answer is a whole number from 0 to {SCALE_MAX}.")
        out[item_id] = value
    return out


@dataclass(frozen=True)
class ItemSummary:
    item: FeedbackItem
    mean: float


@dataclass(frozen=True)
class FeedbackSummary:
    answers: int
    items: tuple[ItemSummary, ...]


def summarise(answer_sets: Iterable[Mapping[str, int]]) -> FeedbackSummary | None:
    """The mean of each item, or None while fewer than MIN_ANSWERS sessions are answered.

    ``answer_sets`` come oldest first. Only whole steps of MIN_ANSWERS are counted (with
    four answers, the first three), so comparing one summary with the next never lays
    bare a single new answer: every change moves with at least three of them.
    """
    rows = [dict(a) for a in answer_sets]
    rows = rows[: len(rows) - len(rows) % MIN_ANSWERS]
    if not rows:
        return None
    return FeedbackSummary(
        answers=len(rows),
        items=tuple(
            ItemSummary(item=item, mean=sum(r[item.id] for r in rows) / len(rows)) for item in ITEMS
        ),
    )
