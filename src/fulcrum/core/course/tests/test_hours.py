from __future__ import annotations

from decimal import Decimal

import pytest

from fulcrum.core.course.hours import (
    TIMES,
    Refusal,
    ce_hours,
    check_publishable,
    questions_needed,
)
from fulcrum.core.errors import InvalidInput


def codes(refusals: tuple[Refusal, ...]) -> list[str]:
    return [r.code for r in refusals]


def test_it_adds_reading_and_video_exactly() -> None:
    result = ce_hours(24_000, 30)
    assert result.hours == Decimal("2.5")
    assert result.arithmetic == (
        "24,000 words ÷ 12,000 = 2.0 h; 30 video minutes ÷ 60 = 0.5 h; total 2.5 CE hours"
    )


def test_it_rounds_the_total_down_to_a_tenth_and_says_so() -> None:
    result = ce_hours(24_500, 0)
    assert result.hours == Decimal("2.0")
    assert "24,500 words ÷ 12,000 ≈ 2.04 h" in result.arithmetic
    assert result.arithmetic.endswith("total 2.04 h, rounded down to 2.0 CE hours")


def test_it_counts_an_hour_of_video_as_an_hour() -> None:
    assert ce_hours(0, 60).hours == Decimal("1.0")


@pytest.mark.parametrize(("words", "minutes"), [(-1, 0), (0, -5)])
def test_it_refuses_negative_amounts(words: int, minutes: int) -> None:
    with pytest.raises(InvalidInput, match="cannot be negative"):
        ce_hours(words, minutes)


def test_it_publishes_a_course_that_keeps_the_rules() -> None:
    assert check_publishable(Decimal("2.5"), 24_000, 30, 15) == ()


def test_it_allows_declaring_up_to_ten_percent_over() -> None:
    assert check_publishable(Decimal("2.75"), 24_000, 30, 15) == ()


def test_it_refuses_declared_hours_overstated_by_more_than_ten_percent() -> None:
    refusals = check_publishable(Decimal("3.0"), 24_000, 30, 18)
    assert codes(refusals) == ["overstated"]
    message = refusals[0].message
    assert "3.0 h declared" in message
    assert "total 2.5 CE hours" in message
    assert f"2.5 {TIMES} 1.1 = 2.75 h at most" in message


def test_it_refuses_a_six_hour_course_with_35_questions_and_accepts_36() -> None:
    words = 6 * 12_000
    refusals = check_publishable(6, words, 0, 35)
    assert codes(refusals) == ["too_few_questions"]
    assert refusals[0].message == (
        f"35 questions is fewer than 6 per computed hour: 6.0 h {TIMES} 6 = 36 questions needed."
    )
    assert check_publishable(6, words, 0, 36) == ()


def test_it_rounds_the_questions_needed_up() -> None:
    assert questions_needed(Decimal("2.3")) == 14
    refusals = check_publishable("2.3", 27_600, 0, 13)
    assert codes(refusals) == ["too_few_questions"]
    assert f"2.3 h {TIMES} 6 = 13.8, rounded up to 14 questions needed." in refusals[0].message


def test_it_refuses_a_course_without_material_or_hours() -> None:
    assert codes(check_publishable(0, 0, 0, 0)) == ["no_material", "declared_not_positive"]


@pytest.mark.parametrize("declared", ["lots", "NaN", True, 2.5])
def test_it_refuses_declared_hours_that_are_not_a_number(declared: object) -> None:
    with pytest.raises(InvalidInput, match="Declared hours"):
        check_publishable(declared, 24_000, 30, 15)  # type: ignore[arg-type]
