"""Time on task: how long a learner has spent with the course, counted by the server.

The server notes each module or quiz page a learner opens. The time between one page
and the next is credited to the module of the first page, up to ``BREAK_MINUTES``: a
longer gap counts as a break, and the time before it is credited only up to that cap.
Nothing the browser says is counted, so time cannot be claimed by a script that only
reports it, and a page left open overnight counts for no more than one sitting.

Before a certificate, a learner must have spent a share (``fraction``, a setting) of the
course's computed CE hours. Time comes in as an argument.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from fulcrum.core.errors import InvalidInput

__all__ = [
    "BREAK_MINUTES",
    "DEFAULT_FRACTION",
    "TimeStanding",
    "credited_seconds",
    "minutes_text",
    "time_standing",
]

BREAK_MINUTES = 30
# Half the computed hours: reading at about 400 words a minute covers the material in
# that time, so a careful reader meets it and a page skimmed in passing does not.
DEFAULT_FRACTION = Decimal("0.5")


def credited_seconds(gap: timedelta, *, break_minutes: int = BREAK_MINUTES) -> int:
    """The whole seconds a gap between two page visits credits: none for a negative gap,
    at most ``break_minutes`` for a long one."""
    if gap <= timedelta(0):
        return 0
    return int(min(gap, timedelta(minutes=break_minutes)).total_seconds())


@dataclass(frozen=True)
class TimeStanding:
    """The time a certificate asks for, the time spent, and what remains."""

    required_seconds: int
    spent_seconds: int
    fraction: Decimal

    @property
    def remaining_seconds(self) -> int:
        return max(self.required_seconds - self.spent_seconds, 0)

    @property
    def met(self) -> bool:
        return self.remaining_seconds == 0

    @property
    def explanation(self) -> str:
        """The rule in words, with the sums, for the learner's page and a refusal."""
        hours_share = f"{self.fraction.normalize():f}"
        return (
            f"a certificate asks for {minutes_text(self.required_seconds)} with the course "
            f"({hours_share} of its CE hours); you have spent {minutes_text(self.spent_seconds)}, "
            f"so {minutes_text(self.remaining_seconds)} remain"
        )


def minutes_text(seconds: int) -> str:
    """Seconds as whole minutes, rounded up, in words: 1 minute, 90 minutes."""
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minute{'' if minutes == 1 else 's'}"


def time_standing(hours: Decimal, spent_seconds: int, fraction: Decimal) -> TimeStanding:
    """How the learner stands against ``fraction`` of ``hours``, rounded up to a second."""
    if not Decimal(0) <= fraction <= Decimal(1):
        raise InvalidInput("The share of CE hours to spend must be between 0 and 1.")
    if spent_seconds < 0:
        raise InvalidInput("Time spent cannot be negative.")
    required = math.ceil(hours * 3600 * fraction)
    return TimeStanding(int(required), spent_seconds, fraction)
