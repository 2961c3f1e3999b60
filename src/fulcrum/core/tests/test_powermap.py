from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fulcrum.core.catalogue import load_catalogue
from fulcrum.core.errors import InvalidInput
from fulcrum.core.powermap import (
    RATING_MAX,
    RATING_MIN,
    KindBalance,
    PowerMapInput,
    score_power_map,
)

CATALOGUE = load_catalogue()
KINDS = CATALOGUE.kind_ids
AMPLIFIERS = [f.id for f in CATALOGUE.amplifiers]
COUNTERS = [f.id for f in CATALOGUE.counter_factors]

rating = st.integers(RATING_MIN, RATING_MAX)
side = st.dictionaries(st.sampled_from(KINDS), rating)
amplifier_sets = st.frozensets(st.sampled_from(AMPLIFIERS))
counter_sets = st.frozensets(st.sampled_from(COUNTERS))
maps = st.builds(
    PowerMapInput,
    ratings=st.fixed_dictionaries(
        {"practitioner": side, "client": side}, optional={"third_party": side}
    ),
    amplifiers=amplifier_sets,
    counter_factors=counter_sets,
)
few = settings(max_examples=60, deadline=None)


def test_it_balances_each_kind_in_catalogue_order() -> None:
    result = score_power_map(
        PowerMapInput(
            ratings={
                "practitioner": {"legitimate": 4, "expert": 3, "personal": 2},
                "client": {"expert": 4, "reward": 3, "personal": 2},
            }
        )
    )
    assert result.balances == (
        KindBalance("legitimate", 4, 0, None, 4),
        KindBalance("coercive", 0, 0, None, 0),
        KindBalance("expert", 3, 4, None, -1),
        KindBalance("referent", 0, 0, None, 0),
        KindBalance("reward", 0, 3, None, -3),
        KindBalance("personal", 2, 2, None, 0),
    )
    assert result.overall_differential == pytest.approx(0.0)
    assert result.client_holds_more == ("expert", "reward")
    assert "expert and reward" in result.reading


def test_it_reports_third_party_ratings_only_when_given() -> None:
    result = score_power_map(
        PowerMapInput(ratings={"third_party": {"legitimate": 4, "coercive": 3}})
    )
    # Kinds the third party was not rated on stay "not rated", not 0.
    assert [b.third_party for b in result.balances] == [4, 3, None, None, None, None]
    assert any(
        "outside the room" in s and "legitimate and coercive" in s
        for s in result.practitioner_exposure
    )
    assert score_power_map(PowerMapInput(ratings={})).balances[0].third_party is None


def test_it_combines_amplifiers_with_saturation() -> None:
    crisis = CATALOGUE.factor("client_in_crisis").weight
    draped = CATALOGUE.factor("client_unclothed").weight
    result = score_power_map(
        PowerMapInput(ratings={}, amplifiers=frozenset({"client_in_crisis", "client_unclothed"}))
    )
    assert result.amplification == pytest.approx(1 - (1 - crisis) * (1 - draped))
    assert result.counterweight == 0.0
    assert "vulnerability" in result.reading


def test_it_computes_counterweight_from_counter_factors() -> None:
    result = score_power_map(
        PowerMapInput(ratings={}, counter_factors=frozenset({"client_wealth"}))
    )
    assert result.counterweight == pytest.approx(CATALOGUE.factor("client_wealth").weight)
    assert result.amplification == 0.0


def test_it_makes_the_practitioners_exposure_visible() -> None:
    result = score_power_map(
        PowerMapInput(
            ratings={"practitioner": {"coercive": 2}, "client": {"coercive": 3, "expert": 4}},
            counter_factors=frozenset(
                {"client_complaint_history", "client_threats", "client_wealth"}
            ),
        )
    )
    text = " ".join(result.practitioner_exposure)
    assert "complaint, a lawsuit or a threat" in text
    assert "professional ground" in text
    assert "complained about or sued" in text
    assert "made threats" in text
    assert len(result.practitioner_exposure) == 4  # wealth alone carries no exposure sentence
    assert "supervision" in result.reading


def test_it_shows_no_exposure_below_the_threshold() -> None:
    result = score_power_map(PowerMapInput(ratings={"client": dict.fromkeys(KINDS, 2)}))
    assert result.practitioner_exposure == ()


def test_it_reads_a_practitioner_heavy_map() -> None:
    result = score_power_map(
        PowerMapInput(ratings={"practitioner": dict.fromkeys(KINDS, 3), "client": {"reward": 1}})
    )
    assert result.overall_differential == pytest.approx(17 / 6)
    assert "you hold more power overall" in result.reading
    assert "+2.8" in result.reading


@pytest.mark.parametrize(
    ("ratings", "message"),
    [
        ({"supervisor": {"expert": 1}}, "'supervisor' is not someone"),
        ({"client": {"magic": 1}}, "'magic' is not a kind"),
        ({"client": {"expert": 5}}, "client's expert power is rated 5"),
        ({"practitioner": {"coercive": -1}}, "rated -1"),
        ({"client": {"expert": 2.5}}, "whole number"),
        ({"client": {"expert": True}}, "whole number"),
    ],
)
def test_it_refuses_bad_ratings(ratings: dict[str, dict[str, object]], message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        score_power_map(PowerMapInput(ratings=ratings))  # type: ignore[arg-type]


def test_it_refuses_unknown_or_misplaced_factors() -> None:
    with pytest.raises(InvalidInput, match="'full_moon' is not an amplifier"):
        score_power_map(PowerMapInput(ratings={}, amplifiers=frozenset({"full_moon"})))
    with pytest.raises(InvalidInput, match="other side"):
        score_power_map(PowerMapInput(ratings={}, counter_factors=frozenset({"client_in_crisis"})))


def swapped(m: PowerMapInput) -> PowerMapInput:
    ratings = dict(m.ratings)
    ratings["practitioner"], ratings["client"] = m.ratings["client"], m.ratings["practitioner"]
    return PowerMapInput(ratings, m.amplifiers, m.counter_factors)


@few
@given(maps)
def test_swapping_the_sides_negates_every_balance(m: PowerMapInput) -> None:
    before, after = score_power_map(m), score_power_map(swapped(m))
    assert [b.balance for b in after.balances] == [-b.balance for b in before.balances]
    assert after.overall_differential == -before.overall_differential
    assert after.amplification == before.amplification


@few
@given(maps)
def test_every_reading_stays_in_range(m: PowerMapInput) -> None:
    result = score_power_map(m)
    assert -RATING_MAX <= result.overall_differential <= RATING_MAX
    assert 0.0 <= result.amplification <= 1.0
    assert 0.0 <= result.counterweight <= 1.0
    assert all(-RATING_MAX <= b.balance <= RATING_MAX for b in result.balances)
    assert set(result.client_holds_more) == {b.kind for b in result.balances if b.balance < 0}
    assert result.reading


@few
@given(maps, st.sampled_from(AMPLIFIERS))
def test_adding_an_amplifier_never_lowers_amplification(m: PowerMapInput, extra: str) -> None:
    more = PowerMapInput(m.ratings, m.amplifiers | {extra}, m.counter_factors)
    assert score_power_map(more).amplification >= score_power_map(m).amplification


@few
@given(maps, st.sampled_from(COUNTERS))
def test_adding_a_counter_factor_never_lowers_counterweight(m: PowerMapInput, extra: str) -> None:
    more = PowerMapInput(m.ratings, m.amplifiers, m.counter_factors | {extra})
    assert score_power_map(more).counterweight >= score_power_map(m).counterweight


@few
@given(maps, st.sampled_from(KINDS))
def test_raising_a_client_rating_never_raises_the_differential(m: PowerMapInput, kind: str) -> None:
    client = dict(m.ratings["client"])
    client[kind] = RATING_MAX
    ratings = {**m.ratings, "client": client}
    higher = PowerMapInput(ratings, m.amplifiers, m.counter_factors)
    assert score_power_map(higher).overall_differential <= score_power_map(m).overall_differential


def test_it_keeps_a_third_party_rated_zero_apart_from_one_not_rated() -> None:
    result = score_power_map(PowerMapInput(ratings={"third_party": {"expert": 0}}))
    by_kind = {b.kind: b.third_party for b in result.balances}
    assert by_kind["expert"] == 0
    assert by_kind["legitimate"] is None
