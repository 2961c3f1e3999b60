from datetime import timedelta
from decimal import Decimal

import pytest

from fulcrum.core.course.timeontask import credited_seconds, minutes_text, time_standing
from fulcrum.core.errors import InvalidInput


def test_a_gap_is_credited_up_to_the_break() -> None:
    assert credited_seconds(timedelta(minutes=12, seconds=5)) == 725
    assert credited_seconds(timedelta(hours=9)) == 30 * 60
    assert credited_seconds(timedelta(hours=9), break_minutes=10) == 600
    assert credited_seconds(timedelta(seconds=-3)) == 0


def test_the_standing_asks_for_the_share_of_the_hours_and_says_what_remains() -> None:
    standing = time_standing(Decimal("2.5"), 60 * 60, Decimal("0.5"))
    assert standing.required_seconds == 4500
    assert standing.remaining_seconds == 900
    assert not standing.met
    assert "75 minutes" in standing.explanation
    assert "15 minutes remain" in standing.explanation
    assert time_standing(Decimal("2.5"), 4500, Decimal("0.5")).met
    assert time_standing(Decimal("2.5"), 0, Decimal(0)).met


def test_it_refuses_a_share_outside_zero_to_one() -> None:
    with pytest.raises(InvalidInput, match="between 0 and 1"):
        time_standing(Decimal(1), 0, Decimal("1.5"))


def test_minutes_are_rounded_up() -> None:
    assert minutes_text(61) == "2 minutes"
    assert minutes_text(60) == "1 minute"
    assert minutes_text(0) == "0 minutes"
