"""Settings read from FULCRUM_* variables refuse values they cannot use, by name."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from fulcrum.settings import env_bool, env_int


def test_yes_and_no_words_are_understood(monkeypatch: pytest.MonkeyPatch) -> None:
    for word, meaning in (("true", True), ("On", True), ("1", True), ("no", False), ("0", False)):
        monkeypatch.setenv("FULCRUM_FLAG", word)
        assert env_bool("FULCRUM_FLAG", not meaning) is meaning
    monkeypatch.setenv("FULCRUM_FLAG", " ")
    assert env_bool("FULCRUM_FLAG", True) is True


def test_a_misspelt_flag_is_named_not_taken_as_false(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FULCRUM_FLAG", "ture")
    with pytest.raises(ImproperlyConfigured, match="FULCRUM_FLAG must be true or false"):
        env_bool("FULCRUM_FLAG", False)


def test_numbers_below_their_minimum_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FULCRUM_HOURS", "0")
    with pytest.raises(ImproperlyConfigured, match="FULCRUM_HOURS must be at least 1, not 0"):
        env_int("FULCRUM_HOURS", 12, minimum=1)
    monkeypatch.setenv("FULCRUM_HOURS", "3")
    assert env_int("FULCRUM_HOURS", 12, minimum=1) == 3
    monkeypatch.delenv("FULCRUM_HOURS")
    assert env_int("FULCRUM_HOURS", 12, minimum=1) == 12
