from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fulcrum.core.catalogue import Catalogue, load_catalogue
from fulcrum.core.checkin import (
    PRACTITIONER_STATES,
    SCORE_MAX,
    CheckInInput,
    CheckInScores,
    score_checkin,
)
from fulcrum.core.errors import CatalogueError, InvalidInput

CATALOGUE = load_catalogue()
ALL_IDS = [i.id for i in CATALOGUE.indicators]
OVER_IDS = [i.id for i in CATALOGUE.indicators_in("over")]


def weight(indicator_id: str) -> float:
    return CATALOGUE.indicator(indicator_id).weight


checkins = st.builds(
    CheckInInput,
    indicators=st.frozensets(st.sampled_from(ALL_IDS)),
    choices_offered=st.sampled_from(["yes", "no", "not_applicable"]),
    choices_count=st.none() | st.integers(0, 6),
    disclosure=st.booleans(),
    disclosure_served=st.sampled_from([None, "client", "practitioner", "both", "unsure"]),
    started_on_time=st.booleans(),
    ended_on_time=st.booleans(),
    client_signals_noticed=st.booleans(),
    practitioner_state=st.frozensets(st.sampled_from(sorted(PRACTITIONER_STATES))),
)
few = settings(max_examples=60, deadline=None)


def test_it_scores_an_empty_checkin_as_zero() -> None:
    assert score_checkin(CheckInInput()) == CheckInScores(0.0, 0.0, 0.0, frozenset(), ())


def test_it_sums_ticked_weights_per_mode() -> None:
    result = score_checkin(
        CheckInInput(
            indicators=frozenset({"careless_draping", "friendship_drift", "consent_checked"})
        )
    )
    assert result.over == pytest.approx(weight("careless_draping"))
    assert result.under == pytest.approx(weight("friendship_drift"))
    assert result.skilful == pytest.approx(weight("consent_checked"))
    assert dict(result.contributions) == {
        "careless_draping": weight("careless_draping"),
        "friendship_drift": weight("friendship_drift"),
        "consent_checked": weight("consent_checked"),
    }


@pytest.mark.parametrize(
    ("checkin", "derived"),
    [
        (CheckInInput(choices_offered="no"), "no_choices_offered"),
        (CheckInInput(choices_offered="yes", choices_count=2), "choices_offered"),
        (
            CheckInInput(disclosure=True, disclosure_served="practitioner"),
            "self_disclosure_practitioner_need",
        ),
        (CheckInInput(started_on_time=False), "late_start"),
        (CheckInInput(ended_on_time=False), "overran_end"),
        (CheckInInput(client_signals_noticed=True), "signals_tracked"),
    ],
)
def test_it_derives_indicators_from_structured_fields(checkin: CheckInInput, derived: str) -> None:
    result = score_checkin(checkin)
    assert result.observed == {derived}
    assert result.contributions == ((derived, weight(derived)),)


def test_it_derives_nothing_from_a_disclosure_that_served_the_client() -> None:
    assert (
        score_checkin(CheckInInput(disclosure=True, disclosure_served="client")).observed == set()
    )
    # "served" without a disclosure is ignored rather than guessed at
    assert score_checkin(CheckInInput(disclosure_served="practitioner")).observed == set()


def test_a_grievance_indicator_weighs_heavily() -> None:
    grievance = score_checkin(CheckInInput(indicators=frozenset({"sexualised_contact"})))
    assert grievance.over > SCORE_MAX / 2
    late = score_checkin(CheckInInput(started_on_time=False, ended_on_time=False))
    assert late.over == pytest.approx(weight("late_start") + weight("overran_end"))
    assert grievance.over > late.over * 3


def test_it_caps_each_score_at_ten() -> None:
    result = score_checkin(CheckInInput(indicators=frozenset(OVER_IDS)))
    assert result.over == SCORE_MAX
    assert sum(points for _, points in result.contributions) > SCORE_MAX


def test_practitioner_state_raises_the_relevant_risk_modestly() -> None:
    ticks = frozenset({"late_start", "friendship_drift", "clear_guidance"})
    plain = score_checkin(CheckInInput(indicators=ticks))
    tired = score_checkin(CheckInInput(indicators=ticks, practitioner_state=frozenset({"tired"})))
    stressed = score_checkin(
        CheckInInput(indicators=ticks, practitioner_state=frozenset({"stressed"}))
    )
    needy = score_checkin(
        CheckInInput(indicators=ticks, practitioner_state=frozenset({"personal_needs"}))
    )
    assert tired.under == pytest.approx(plain.under * 1.15)
    assert tired.over == plain.over
    assert stressed.over == pytest.approx(plain.over * 1.15)
    assert stressed.under == plain.under
    assert needy.over == pytest.approx(plain.over * 1.15)
    assert needy.under == pytest.approx(plain.under * 1.15)
    assert {tired.skilful, stressed.skilful, needy.skilful} == {plain.skilful}
    assert dict(tired.contributions)["friendship_drift"] == pytest.approx(
        weight("friendship_drift") * 1.15
    )


def test_state_alone_adds_nothing() -> None:
    result = score_checkin(CheckInInput(practitioner_state=PRACTITIONER_STATES))
    assert (result.over, result.under, result.skilful) == (0.0, 0.0, 0.0)


@pytest.mark.parametrize(
    ("checkin", "message"),
    [
        (CheckInInput(indicators=frozenset({"telepathy"})), "'telepathy'"),
        (CheckInInput(practitioner_state=frozenset({"hungry"})), "'hungry'"),
        (CheckInInput(choices_offered="maybe"), "'maybe'"),  # type: ignore[arg-type]
        (CheckInInput(disclosure=True, disclosure_served="nobody"), "'nobody'"),  # type: ignore[arg-type]
        (CheckInInput(choices_count=-1), "0 or more"),
    ],
)
def test_it_refuses_bad_input(checkin: CheckInInput, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        score_checkin(checkin)


def test_it_needs_the_derived_indicators_in_the_catalogue() -> None:
    thin = Catalogue(
        kinds=CATALOGUE.kinds,
        holders=CATALOGUE.holders,
        amplifiers=(),
        counter_factors=(),
        indicators=tuple(i for i in CATALOGUE.indicators if i.id != "late_start"),
    )
    with pytest.raises(CatalogueError, match="late_start"):
        score_checkin(CheckInInput(), thin)


@few
@given(checkins)
def test_scores_always_stay_in_range(checkin: CheckInInput) -> None:
    result = score_checkin(checkin)
    for score in (result.over, result.under, result.skilful):
        assert 0.0 <= score <= SCORE_MAX
    assert checkin.indicators <= result.observed
    assert {i for i, _ in result.contributions} == result.observed
    assert all(points > 0 for _, points in result.contributions)


@few
@given(checkins, st.sampled_from(OVER_IDS))
def test_adding_an_over_use_indicator_never_lowers_over(checkin: CheckInInput, extra: str) -> None:
    more = CheckInInput(**{**checkin.__dict__, "indicators": checkin.indicators | {extra}})
    before, after = score_checkin(checkin), score_checkin(more)
    assert after.over >= before.over
    assert (after.under, after.skilful) == (before.under, before.skilful)


@few
@given(checkins, st.sampled_from(sorted(PRACTITIONER_STATES)))
def test_reporting_a_state_never_lowers_a_score(checkin: CheckInInput, state: str) -> None:
    more = CheckInInput(
        **{**checkin.__dict__, "practitioner_state": checkin.practitioner_state | {state}}
    )
    before, after = score_checkin(checkin), score_checkin(more)
    assert after.over >= before.over
    assert after.under >= before.under
    assert after.skilful == before.skilful
