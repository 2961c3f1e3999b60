"""Passwords made of spaces, or easy to guess, are refused with a hint at what helps."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from fulcrum.accounts.validators import PasswordStrengthValidator


@pytest.mark.parametrize(
    "password", [" " * 10, "\t \u00a0" * 4, "password123", "qwertyuiop", "aaaaaaaaaaaa"]
)
def test_it_refuses_what_is_easy_to_guess(password: str) -> None:
    with pytest.raises(ValidationError) as info:
        PasswordStrengthValidator().validate(password)
    assert "guess" in " ".join(info.value.messages)


@pytest.mark.parametrize("password", ["a long walk by the river", "correct horse battery staple"])
def test_it_takes_a_few_uncommon_words(password: str) -> None:
    PasswordStrengthValidator().validate(password)


def test_it_counts_the_username_as_easy_to_guess() -> None:
    class Someone:
        username = "riverwalker1987"
        email = ""

    validator = PasswordStrengthValidator()
    validator.validate("riverwalker1987x")  # strong enough for a stranger
    with pytest.raises(ValidationError):
        validator.validate("riverwalker1987x", Someone())


def test_it_runs_among_the_configured_validators() -> None:
    with pytest.raises(ValidationError):
        validate_password(" " * 12)
