"""The shared field rules: NUL refused, hidden or blank client codes refused."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from fulcrum.core.fieldrules import (
    EARLIEST_DATE,
    LATEST_DATE,
    code_problem,
    date_problem,
    nul_problem,
)


def test_it_accepts_ordinary_text() -> None:
    assert nul_problem("An ordinary note, with accents: é, ü and 日本.") is None


def test_it_refuses_a_nul_anywhere() -> None:
    assert nul_problem("before\x00after") is not None


@pytest.mark.parametrize("code", ["C-014", "A", "Ünal-3", "客户7", "C 14"])
def test_it_accepts_visible_codes(code: str) -> None:
    assert code_problem(code) is None


@pytest.mark.parametrize(
    "code",
    [
        "\u200b\u200b",  # zero-width spaces
        "\u200d",  # zero-width joiner
        "\ufeff",  # byte-order mark
        "C-\u202e410",  # right-to-left override inside a code
        "\u2066C-014\u2069",  # isolates around a code
        "\u3164\u3164",  # Hangul filler, a blank 'letter'
        "\u2800",  # blank braille pattern
        "C\x00",
        "C\x07",
        "\u00a0\u2003",  # only spaces
    ],
)
def test_it_refuses_hidden_or_blank_codes(code: str) -> None:
    problem = code_problem(code)
    assert problem is not None
    assert problem.endswith(".")


@pytest.mark.parametrize(
    "value",
    [
        EARLIEST_DATE,
        LATEST_DATE,
        date(2026, 12, 2),
        datetime(2026, 12, 2, 9, 30, tzinfo=timezone(timedelta(hours=-14))),
    ],
)
def test_it_accepts_dates_in_the_window(value: date) -> None:
    assert date_problem(value) is None


@pytest.mark.parametrize(
    "value",
    [
        date(1, 1, 1),
        EARLIEST_DATE - timedelta(days=1),
        LATEST_DATE + timedelta(days=1),
        date(9999, 12, 31),
        datetime(9999, 12, 31, 23, 59, 59, tzinfo=timezone(timedelta(hours=-14))),
        datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=14))),
    ],
)
def test_it_refuses_dates_outside_the_window(value: date) -> None:
    problem = date_problem(value)
    assert problem is not None
    day = value.date() if isinstance(value, datetime) else value
    assert day.isoformat() in problem
