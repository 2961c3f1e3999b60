"""The one text form of a ledger time: UTC, microseconds, a trailing Z."""

from __future__ import annotations

from datetime import UTC, datetime

from fulcrum.core.errors import IntegrityProblem

_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


def format_time(moment: datetime) -> str:
    """Render an aware ``moment`` as ``2026-01-31T09:30:00.000000Z``."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise IntegrityProblem("A ledger time must carry its time zone.")
    return moment.astimezone(UTC).strftime(_FORMAT)


def parse_time(text: str) -> datetime:
    """Read a time written by ``format_time``."""
    try:
        moment = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        raise IntegrityProblem(f"{text!r} is not a ledger time.") from None
    # ISO 8601 allows many spellings of one moment; a signed time has exactly one.
    if moment.tzinfo is None or format_time(moment) != text:
        raise IntegrityProblem(f"{text!r} is not written in the ledger's one time form.")
    return moment
