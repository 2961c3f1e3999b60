"""Score a quick session check-in: signs of over-, under- and skilful use of power.

The scores are prompts for reflection and supervision. They count what the practitioner
ticked or described; they do not judge the session.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from fulcrum.core.catalogue import Catalogue, IndicatorMode, load_catalogue
from fulcrum.core.errors import CatalogueError, InvalidInput

__all__ = [
    "DERIVED_INDICATORS",
    "PRACTITIONER_STATES",
    "SCORE_MAX",
    "STATE_EFFECTS",
    "CheckInInput",
    "CheckInScores",
    "derive_indicators",
    "score_checkin",
]

SCORE_MAX = 10.0
# How much each reported practitioner state raises the points of a mode's signs. A tired
# practitioner lets things slide; a stressed one grips harder; one with pressing personal
# needs is pulled both ways (disclosing, befriending). States alone add nothing: they only
# make the signs actually observed count for more.
STATE_EFFECTS: Mapping[str, Mapping[IndicatorMode, float]] = {
    "tired": {"under": 0.15},
    "stressed": {"over": 0.15},
    "personal_needs": {"over": 0.15, "under": 0.15},
}
PRACTITIONER_STATES = frozenset(STATE_EFFECTS)
# Indicator ids the structured fields of the form can produce; they must be in the catalogue.
DERIVED_INDICATORS = frozenset(
    {
        "no_choices_offered",
        "choices_offered",
        "self_disclosure_practitioner_need",
        "late_start",
        "overran_end",
        "signals_tracked",
    }
)

ChoicesOffered = Literal["yes", "no", "not_applicable"]
DisclosureServed = Literal["client", "practitioner", "both", "unsure"]
_CHOICES: tuple[str, ...] = ("yes", "no", "not_applicable")
_SERVED: tuple[str, ...] = ("client", "practitioner", "both", "unsure")


@dataclass(frozen=True)
class CheckInInput:
    """What the practitioner recorded after a session."""

    indicators: frozenset[str] = field(default_factory=frozenset)
    choices_offered: ChoicesOffered = "not_applicable"
    choices_count: int | None = None
    disclosure: bool = False
    disclosure_served: DisclosureServed | None = None
    started_on_time: bool = True
    ended_on_time: bool = True
    client_signals_noticed: bool = False
    practitioner_state: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class CheckInScores:
    """Three 0..10 scores and the points behind them."""

    over: float
    under: float
    skilful: float
    observed: frozenset[str]
    contributions: tuple[tuple[str, float], ...]


def derive_indicators(checkin: CheckInInput) -> frozenset[str]:
    """Return the indicator ids implied by the structured fields of a check-in."""
    derived: set[str] = set()
    if checkin.choices_offered == "no":
        derived.add("no_choices_offered")
    elif checkin.choices_offered == "yes":
        derived.add("choices_offered")
    if checkin.disclosure and checkin.disclosure_served == "practitioner":
        derived.add("self_disclosure_practitioner_need")
    if not checkin.started_on_time:
        derived.add("late_start")
    if not checkin.ended_on_time:
        derived.add("overran_end")
    if checkin.client_signals_noticed:
        derived.add("signals_tracked")
    return frozenset(derived)


def score_checkin(checkin: CheckInInput, catalogue: Catalogue | None = None) -> CheckInScores:
    """Score a check-in.

    ``observed`` = the ticked indicators plus those derived from the structured fields
    (see ``derive_indicators``). Each observed indicator earns
    ``points = weight * (1 + sum of STATE_EFFECTS[state][mode] for each reported state)``,
    and each mode's score is ``min(10, sum of its points)``. Grievance-level over-use
    indicators carry weights of 6 or more, so one of them alone lifts ``over`` past the
    middle. ``contributions`` lists ``(indicator id, points)`` in catalogue order.

    Raise InvalidInput for unknown indicator ids, unknown practitioner states or field
    values outside their choices.
    """
    cat = catalogue if catalogue is not None else load_catalogue()
    _validate(checkin, cat)
    observed = checkin.indicators | derive_indicators(checkin)

    multiplier = {mode: 1.0 for mode in ("over", "under", "skilful")}
    for state in sorted(checkin.practitioner_state):
        for mode, effect in STATE_EFFECTS[state].items():
            multiplier[mode] += effect

    totals = {mode: 0.0 for mode in multiplier}
    contributions: list[tuple[str, float]] = []
    for indicator in cat.indicators:
        if indicator.id in observed:
            points = indicator.weight * multiplier[indicator.mode]
            totals[indicator.mode] += points
            contributions.append((indicator.id, points))
    return CheckInScores(
        over=min(SCORE_MAX, totals["over"]),
        under=min(SCORE_MAX, totals["under"]),
        skilful=min(SCORE_MAX, totals["skilful"]),
        observed=frozenset(observed),
        contributions=tuple(contributions),
    )


def _validate(checkin: CheckInInput, cat: Catalogue) -> None:
    known = {i.id for i in cat.indicators}
    missing = sorted(DERIVED_INDICATORS - known)
    if missing:
        raise CatalogueError(
            f"The catalogue lacks indicator(s) the check-in form relies on: {', '.join(missing)}."
        )
    unknown = sorted(set(checkin.indicators) - known)
    if unknown:
        raise InvalidInput(
            f"Fulcrum does not know the indicator(s) {', '.join(map(repr, unknown))}."
        )
    if checkin.choices_offered not in _CHOICES:
        raise InvalidInput(
            f"'Choices offered' is {checkin.choices_offered!r}; "
            f"answer one of {', '.join(_CHOICES)}."
        )
    if checkin.choices_count is not None and (
        isinstance(checkin.choices_count, bool)
        or not isinstance(checkin.choices_count, int)
        or checkin.choices_count < 0
    ):
        raise InvalidInput("The number of choices offered must be a whole number, 0 or more.")
    if checkin.disclosure_served is not None and checkin.disclosure_served not in _SERVED:
        raise InvalidInput(
            f"'Whom the disclosure served' is {checkin.disclosure_served!r}; "
            f"answer one of {', '.join(_SERVED)}."
        )
    odd_states = sorted(set(checkin.practitioner_state) - PRACTITIONER_STATES)
    if odd_states:
        raise InvalidInput(
            f"Unknown practitioner state(s) {', '.join(map(repr, odd_states))}; "
            f"use any of {', '.join(sorted(PRACTITIONER_STATES))}."
        )
