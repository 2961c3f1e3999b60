"""How long course records are kept: rosters, attempts, evaluations and certificates.

Continuing-education providers keep these records at least six years, so Fulcrum
refuses to delete one before six years have passed since it was made. Time is an
argument: the caller passes the moment it is now.
"""

from __future__ import annotations

from datetime import date, datetime

__all__ = ["RETENTION_YEARS", "deletion_refusal", "kept_until"]

RETENTION_YEARS = 6


def kept_until(made: datetime) -> date:
    """The first day a record made at ``made`` may be deleted."""
    day = made.date()
    try:
        return day.replace(year=day.year + RETENTION_YEARS)
    except ValueError:  # 29 February: the record is kept until 1 March.
        return date(day.year + RETENTION_YEARS, 3, 1)


def deletion_refusal(made: datetime, now: datetime) -> str | None:
    """Why a record made at ``made`` may not be deleted at ``now``; None when it may."""
    until = kept_until(made)
    if now.date() < until:
        return (
            f"Course records are kept for {RETENTION_YEARS} years; this one was made on "
            f"{made.date().isoformat()} and may be deleted from {until.isoformat()}."
        )
    return None
