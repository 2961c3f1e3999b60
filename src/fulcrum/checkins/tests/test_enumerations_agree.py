"""The core scores the values the check-in's model offers, and no others."""

from __future__ import annotations

from typing import get_args

from fulcrum.checkins.models import CheckIn
from fulcrum.core import checkin as core


def test_it_scores_every_state_the_form_offers() -> None:
    assert set(CheckIn.State.values) == set(core.PRACTITIONER_STATES)


def test_it_speaks_the_same_choices_and_needs() -> None:
    assert set(CheckIn.Choices.values) == set(get_args(core.ChoicesOffered))
    assert set(CheckIn.Served.values) == set(get_args(core.DisclosureServed))
