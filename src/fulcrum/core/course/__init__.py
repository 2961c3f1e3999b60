"""The course's pure core: CE hours and what a course needs to be published, scoring
attempts against immutable item versions, attempt rules, and item analysis.

No Django, no clock: the course app stores courses, items and attempts and hands them
here as values.
"""

from fulcrum.core.course.analysis import ItemStatistics, analyse_items
from fulcrum.core.course.hours import CEHours, Refusal, ce_hours, check_publishable
from fulcrum.core.course.scoring import (
    ATTEMPTS_ALLOWED,
    PASS_PERCENT,
    AttemptResult,
    AttemptStanding,
    Choice,
    ItemKind,
    ItemResult,
    ItemVersion,
    attempt_standing,
    score_attempt,
)

__all__ = [
    "ATTEMPTS_ALLOWED",
    "PASS_PERCENT",
    "AttemptResult",
    "AttemptStanding",
    "CEHours",
    "Choice",
    "ItemKind",
    "ItemResult",
    "ItemStatistics",
    "ItemVersion",
    "Refusal",
    "analyse_items",
    "attempt_standing",
    "ce_hours",
    "check_publishable",
    "score_attempt",
]
