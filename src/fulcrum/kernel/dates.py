"""The shared date rule as a Django form validator, so every page refuses the dates the
API refuses, with the same sentence kept beside what was typed."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError

from fulcrum.core.fieldrules import date_problem


def plausible_date(value: date) -> None:
    """Refuse a date or datetime outside the window Fulcrum keeps."""
    problem = date_problem(value)
    if problem:
        raise ValidationError(problem, code="implausible_date")
