"""Item analysis: how hard each question was and how well it told learners apart.

Difficulty is the share of learners who got the item right (1.0: everyone did).
Discrimination is the corrected point-biserial correlation: the item's score (1 or 0)
against the learner's score on the REST of the test, so an item is not correlated
with itself. It is worked from the textbook form
``(M1 - M0) / s * sqrt(p * (1 - p))``, where M1 and M0 are the mean rest scores of
those who got the item right and wrong, s the population standard deviation of the
rest scores and p the difficulty. It is undefined (``None``, with a note) when everyone
or no one got the item right, or when every rest score is the same.

These are prompts for an author revising a question, not verdicts on it: a low or
negative figure asks whether the item is ambiguous, keyed wrong, or testing something
the course does not teach. Pass each learner's attempt over the same item versions
(usually their first attempt, so retakes do not count twice).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from fulcrum.core.course.scoring import AttemptResult
from fulcrum.core.errors import InvalidInput


@dataclass(frozen=True)
class ItemStatistics:
    """One item version's difficulty and discrimination over a group of learners."""

    item_id: str
    version: int
    learners: int
    difficulty: float
    discrimination: float | None
    note: str


def _discrimination(item: Sequence[int], rest: Sequence[int]) -> tuple[float | None, str]:
    n = len(item)
    right = [r for i, r in zip(item, rest, strict=True) if i]
    wrong = [r for i, r in zip(item, rest, strict=True) if not i]
    if not right or not wrong:
        everyone = "everyone" if right else "no one"
        return None, f"Undefined: {everyone} got this item right."
    mean = sum(rest) / n
    spread = math.sqrt(sum((r - mean) ** 2 for r in rest) / n)
    if spread == 0:
        return None, "Undefined: every learner had the same score on the rest of the test."
    p = len(right) / n
    m1 = sum(right) / len(right)
    m0 = sum(wrong) / len(wrong)
    return (m1 - m0) / spread * math.sqrt(p * (1 - p)), ""


def analyse_items(attempts: Sequence[AttemptResult]) -> tuple[ItemStatistics, ...]:
    """Return each item's difficulty and corrected point-biserial discrimination."""
    if len(attempts) < 2:
        raise InvalidInput("Item analysis needs attempts from at least two learners.")
    refs = [(r.item_id, r.version) for r in attempts[0].items]
    rows: list[dict[tuple[str, int], int]] = []
    for attempt in attempts:
        row = {(r.item_id, r.version): int(r.correct) for r in attempt.items}
        if sorted(row) != sorted(refs):
            raise InvalidInput(
                "Item analysis compares attempts over the same item versions; "
                "these attempts were given different ones."
            )
        rows.append(row)
    totals = [sum(row.values()) for row in rows]
    found = []
    for ref in refs:
        item = [row[ref] for row in rows]
        rest = [total - score for total, score in zip(totals, item, strict=True)]
        discrimination, note = _discrimination(item, rest)
        difficulty = sum(item) / len(item)
        found.append(ItemStatistics(ref[0], ref[1], len(item), difficulty, discrimination, note))
    return tuple(found)
