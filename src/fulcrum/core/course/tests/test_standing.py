from datetime import UTC, datetime, timedelta

import pytest

from fulcrum.core.course.standing import (
    EventKind,
    StandingEvent,
    State,
    certificate_standing,
)
from fulcrum.core.errors import InvalidInput

NOW = datetime(2026, 11, 1, 12, tzinfo=UTC)
DAY = timedelta(days=1)


def test_a_certificate_without_events_is_valid() -> None:
    assert certificate_standing([], NOW).state is State.VALID
    assert certificate_standing([], NOW).valid


def test_an_expiry_to_come_leaves_it_valid_until_then() -> None:
    events = [StandingEvent(EventKind.EXPIRED, NOW + DAY)]
    assert certificate_standing(events, NOW).expires_at == NOW + DAY
    assert certificate_standing(events, NOW).state is State.VALID
    later = certificate_standing(events, NOW + 2 * DAY)
    assert later.state is State.EXPIRED
    assert later.since == NOW + DAY


def test_a_revocation_wins_and_the_earliest_of_each_counts() -> None:
    events = [
        StandingEvent(EventKind.EXPIRED, NOW - 5 * DAY),
        StandingEvent(EventKind.REVOKED, NOW - DAY),
        StandingEvent(EventKind.REVOKED, NOW - 2 * DAY),
    ]
    standing = certificate_standing(events, NOW)
    assert standing.state is State.REVOKED
    assert standing.since == NOW - 2 * DAY
    assert not standing.valid


def test_a_naive_time_is_refused() -> None:
    with pytest.raises(InvalidInput, match="offset"):
        StandingEvent(EventKind.REVOKED, datetime(2026, 1, 1))


def test_a_revocation_counts_as_soon_as_it_is_recorded() -> None:
    events = [StandingEvent(EventKind.REVOKED, NOW + DAY)]
    assert certificate_standing(events, NOW).state is State.REVOKED
