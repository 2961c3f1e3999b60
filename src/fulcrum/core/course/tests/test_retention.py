from datetime import UTC, date, datetime

from fulcrum.core.course.retention import deletion_refusal, kept_until


def test_records_are_kept_six_years_to_the_day() -> None:
    made = datetime(2026, 11, 1, 12, tzinfo=UTC)
    assert kept_until(made) == date(2032, 11, 1)
    refusal = deletion_refusal(made, datetime(2032, 10, 31, 23, tzinfo=UTC))
    assert refusal is not None
    assert "kept for 6 years" in refusal
    assert "2032-11-01" in refusal
    assert deletion_refusal(made, datetime(2032, 11, 1, tzinfo=UTC)) is None


def test_a_leap_day_record_is_kept_until_the_first_of_march() -> None:
    assert kept_until(datetime(2028, 2, 29, tzinfo=UTC)) == date(2034, 3, 1)
