"""Scoring a quiz attempt against the exact item versions the learner was shown.

An item version never changes once made (a frozen value): correcting a question makes
a new version, and an attempt keeps the versions it was scored against, so a past score
stands whatever happens to the item later. Single-choice items have exactly one correct
choice. Multiple-choice items are scored all or nothing: the item counts as correct only
when the choices picked are exactly the correct set (no partial credit, no penalty
beyond losing the item). An unanswered item counts as not correct.

Feedback is given for the choices the learner picked, so feedback never hands out the
answers to a question they did not attempt.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from fulcrum.core.errors import InvalidInput

PASS_PERCENT = 75
ATTEMPTS_ALLOWED = 2


class ItemKind(StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"


@dataclass(frozen=True)
class Choice:
    """One choice of an item, and what a learner who picks it is told."""

    key: str
    text: str
    feedback: str


@dataclass(frozen=True)
class ItemVersion:
    """One immutable version of a question: its choices and the set that is correct."""

    item_id: str
    version: int
    kind: ItemKind
    prompt: str
    choices: tuple[Choice, ...]
    correct: frozenset[str]

    def __post_init__(self) -> None:
        label = f"Item {self.item_id} version {self.version}"
        if self.version < 1:
            raise InvalidInput(f"{label}: versions count from 1.")
        keys = [c.key for c in self.choices]
        if len(keys) < 2:
            raise InvalidInput(f"{label} needs at least two choices.")
        if len(set(keys)) != len(keys):
            raise InvalidInput(f"{label} names a choice twice.")
        if not self.correct or not self.correct <= set(keys):
            raise InvalidInput(f"{label}: the correct choices must be some of its choices.")
        if self.kind is ItemKind.SINGLE and len(self.correct) != 1:
            raise InvalidInput(f"{label} is single choice, so exactly one choice is correct.")

    @property
    def ref(self) -> tuple[str, int]:
        return (self.item_id, self.version)

    def feedback_for(self, key: str) -> str:
        return next(c.feedback for c in self.choices if c.key == key)


@dataclass(frozen=True)
class ItemResult:
    """How one item went: what was picked, whether it was right, and the feedback."""

    item_id: str
    version: int
    chosen: frozenset[str]
    correct: bool
    feedback: tuple[str, ...]


@dataclass(frozen=True)
class AttemptResult:
    """A scored attempt: items right out of items asked, and whether that passes."""

    items: tuple[ItemResult, ...]
    correct: int
    total: int
    pass_percent: int
    passed: bool

    @property
    def share(self) -> Fraction:
        return Fraction(self.correct, self.total)

    @property
    def percent_text(self) -> str:
        """The score as a percentage, rounded down to a tenth so a fail never shows as the
        pass mark, and without a tenth that says nothing: "100%", but "87.5%"."""
        tenths = int(self.share * 1000 // 1)
        whole, tenth = divmod(tenths, 10)
        return f"{whole}.{tenth}%" if tenth else f"{whole}%"


def _chosen(item: ItemVersion, picked: Collection[str]) -> frozenset[str]:
    chosen = frozenset(picked)
    unknown = chosen - {c.key for c in item.choices}
    if unknown:
        raise InvalidInput(f"Item {item.item_id} has no choice {sorted(unknown)[0]!r}.")
    if item.kind is ItemKind.SINGLE and len(chosen) > 1:
        raise InvalidInput(f"Item {item.item_id} takes one choice, not {len(chosen)}.")
    return chosen


def score_attempt(
    item_versions: Sequence[ItemVersion],
    answers: Mapping[str, Collection[str]],
    pass_percent: int = PASS_PERCENT,
) -> AttemptResult:
    """Score ``answers`` (item id to the keys picked) against ``item_versions``."""
    if isinstance(pass_percent, bool) or not 0 < pass_percent <= 100:
        raise InvalidInput("The pass mark must be a percentage above 0 and at most 100.")
    if not item_versions:
        raise InvalidInput("An attempt needs at least one item.")
    ids = [i.item_id for i in item_versions]
    if len(set(ids)) != len(ids):
        raise InvalidInput("An attempt holds each item once.")
    stray = set(answers) - set(ids)
    if stray:
        raise InvalidInput(f"Item {sorted(stray)[0]} is not part of this attempt.")
    results = []
    for item in item_versions:
        chosen = _chosen(item, answers.get(item.item_id, ()))
        feedback = tuple(item.feedback_for(c.key) for c in item.choices if c.key in chosen)
        results.append(
            ItemResult(item.item_id, item.version, chosen, chosen == item.correct, feedback)
        )
    correct = sum(r.correct for r in results)
    passed = Fraction(correct, len(results)) >= Fraction(pass_percent, 100)
    return AttemptResult(tuple(results), correct, len(results), pass_percent, passed)


@dataclass(frozen=True)
class AttemptStanding:
    """Whether a learner may start another attempt, and why."""

    may_attempt: bool
    used: int
    remaining: int
    reason: str


def attempt_standing(
    past: Sequence[AttemptResult], allowed: int = ATTEMPTS_ALLOWED
) -> AttemptStanding:
    """Say whether another attempt may start: none after a pass or once all are used."""
    if isinstance(allowed, bool) or allowed < 1:
        raise InvalidInput("A course allows at least one attempt.")
    used = len(past)
    for number, attempt in enumerate(past, start=1):
        if attempt.passed:
            return AttemptStanding(
                False, used, 0, f"Passed on attempt {number}; no further attempts are needed."
            )
    remaining = max(allowed - used, 0)
    if remaining == 0:
        return AttemptStanding(False, used, 0, f"All {allowed} attempts have been used.")
    return AttemptStanding(True, used, remaining, f"{remaining} of {allowed} attempts left.")
