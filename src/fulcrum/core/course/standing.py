"""Whether a certificate stands: valid, revoked or expired, read from its events.

A certificate is never changed after it is issued. What happens to it later is an
event, appended and never edited: a revocation (it should not have been issued, or no
longer stands) or an expiry (its credit lapses on a given day). The standing is derived
from those events at the moment asked, which comes in as an argument: a revocation wins
over an expiry and takes effect as soon as it is recorded, the earliest of each counts,
and an expiry set for a later day leaves the certificate valid until then.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from fulcrum.core.errors import InvalidInput

__all__ = ["EventKind", "Standing", "StandingEvent", "State", "certificate_standing"]


class EventKind(StrEnum):
    REVOKED = "revoked"
    EXPIRED = "expired"


class State(StrEnum):
    VALID = "valid"
    REVOKED = "revoked"
    EXPIRED = "expired"


@dataclass(frozen=True)
class StandingEvent:
    """One event in a certificate's life: what, and from when it takes effect."""

    kind: EventKind
    effective_at: datetime

    def __post_init__(self) -> None:
        if self.effective_at.tzinfo is None:
            raise InvalidInput("An event's time must carry its offset from UTC.")


@dataclass(frozen=True)
class Standing:
    """A certificate's standing at one moment: the state, since when, and a later expiry."""

    state: State
    since: datetime | None = None
    expires_at: datetime | None = None

    @property
    def valid(self) -> bool:
        return self.state is State.VALID


def certificate_standing(events: Sequence[StandingEvent], now: datetime) -> Standing:
    """The standing of a certificate with ``events`` at ``now``."""
    revoked = sorted(e.effective_at for e in events if e.kind is EventKind.REVOKED)
    expiries = sorted(e.effective_at for e in events if e.kind is EventKind.EXPIRED)
    if revoked:  # a revocation takes effect when it is recorded, whatever the clock says
        return Standing(State.REVOKED, since=revoked[0])
    if expiries and expiries[0] <= now:
        return Standing(State.EXPIRED, since=expiries[0])
    return Standing(State.VALID, expires_at=expiries[0] if expiries else None)
