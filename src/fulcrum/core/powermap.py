"""Score a power map: who holds how much of each kind of power, and what the context adds.

A map holds two views side by side. The two-way view is the per-kind balance: either side
can hold more of a given kind, and the client's power exposes the practitioner too. The
role view is ``amplification``: context that makes the client more vulnerable whatever the
ratings say. Nothing here is a verdict; ``reading`` is a prompt for reflection.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from fulcrum.core.catalogue import Catalogue, Factor, load_catalogue
from fulcrum.core.errors import InvalidInput

__all__ = [
    "EXPOSURE_THRESHOLD",
    "RATING_MAX",
    "RATING_MIN",
    "KindBalance",
    "PowerMapInput",
    "PowerMapReading",
    "score_power_map",
]

RATING_MIN, RATING_MAX = 0, 4
# A client (or third party) rated this high on a kind is strong enough to make the
# practitioner vulnerable on that front.
EXPOSURE_THRESHOLD = 3
# Below this absolute mean balance the reading calls the spread "fairly even".
_EVEN_BAND = 0.5


@dataclass(frozen=True)
class PowerMapInput:
    """Ratings 0..4 by holder id then kind id, plus the context factors that apply."""

    ratings: Mapping[str, Mapping[str, int]]
    amplifiers: frozenset[str] = field(default_factory=frozenset)
    counter_factors: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class KindBalance:
    """One kind's ratings; ``balance`` is practitioner minus client (-4..4).

    ``third_party`` is None where the third party was not rated on this kind (or not at
    all): "not rated" is not the same as "holds none".
    """

    kind: str
    practitioner: int
    client: int
    third_party: int | None
    balance: int


@dataclass(frozen=True)
class PowerMapReading:
    """What a power map shows; a starting point for reflection, not an assessment."""

    balances: tuple[KindBalance, ...]
    overall_differential: float
    amplification: float
    counterweight: float
    client_holds_more: tuple[str, ...]
    practitioner_exposure: tuple[str, ...]
    reading: str


def score_power_map(map: PowerMapInput, catalogue: Catalogue | None = None) -> PowerMapReading:
    """Score a power map.

    - ``balance`` per kind = practitioner rating - client rating; kinds left out count as 0.
      A third party's kinds left out are not rated (``None``), never 0.
    - ``overall_differential`` = mean balance over the catalogue's kinds (-4..4; above 0
      the practitioner holds more).
    - ``amplification`` = 1 - product(1 - w) over the chosen amplifiers' weights, and
      ``counterweight`` the same over the chosen counter-factors: each factor closes part of
      the remaining gap to 1, so they add up but saturate and never fall when one is added.
    - ``practitioner_exposure`` lists a sentence for every kind the client rates at least
      ``EXPOSURE_THRESHOLD``, for strong third-party power, and for each chosen
      counter-factor that carries an exposure sentence.

    Raise InvalidInput for unknown holders, kinds or factors, or ratings outside 0..4.
    """
    cat = catalogue if catalogue is not None else load_catalogue()
    ratings = _validated_ratings(map.ratings, cat)
    amplifiers = _chosen(map.amplifiers, cat.amplifiers, cat.counter_factors, "an amplifier")
    counters = _chosen(map.counter_factors, cat.counter_factors, cat.amplifiers, "a counter-factor")

    practitioner = ratings.get("practitioner", {})
    client = ratings.get("client", {})
    third = ratings.get("third_party")
    balances = tuple(
        KindBalance(
            kind=kind.id,
            practitioner=practitioner.get(kind.id, 0),
            client=client.get(kind.id, 0),
            third_party=None if third is None else third.get(kind.id),
            balance=practitioner.get(kind.id, 0) - client.get(kind.id, 0),
        )
        for kind in cat.kinds
    )
    overall = sum(b.balance for b in balances) / len(balances)
    amplification = _saturating(amplifiers)
    counterweight = _saturating(counters)
    client_more = tuple(b.kind for b in balances if b.balance < 0)
    exposure = _exposure(balances, counters, cat)
    return PowerMapReading(
        balances=balances,
        overall_differential=overall,
        amplification=amplification,
        counterweight=counterweight,
        client_holds_more=client_more,
        practitioner_exposure=exposure,
        reading=_reading(overall, amplification, counterweight, client_more, exposure, cat),
    )


def _validated_ratings(
    raw: Mapping[str, Mapping[str, int]], cat: Catalogue
) -> dict[str, dict[str, int]]:
    holders = {h.id: h for h in cat.holders}
    kinds = {k.id: k for k in cat.kinds}
    result: dict[str, dict[str, int]] = {}
    for holder_id, by_kind in raw.items():
        if holder_id not in holders:
            raise InvalidInput(
                f"{holder_id!r} is not someone who can hold power here; "
                f"use one of {', '.join(holders)}."
            )
        holder = holders[holder_id]
        result[holder_id] = {}
        for kind_id, value in by_kind.items():
            if kind_id not in kinds:
                raise InvalidInput(
                    f"{kind_id!r} is not a kind of power Fulcrum knows; "
                    f"use one of {', '.join(kinds)}."
                )
            if isinstance(value, bool) or not isinstance(value, int):
                raise InvalidInput(
                    f"The {holder.label.lower()}'s {kinds[kind_id].label.lower()} power "
                    f"must be a whole number from {RATING_MIN} to {RATING_MAX}."
                )
            if not RATING_MIN <= value <= RATING_MAX:
                raise InvalidInput(
                    f"The {holder.label.lower()}'s {kinds[kind_id].label.lower()} power is "
                    f"rated {value}; ratings go from {RATING_MIN} to {RATING_MAX}."
                )
            result[holder_id][kind_id] = value
    return result


def _chosen(
    ids: Iterable[str], side: tuple[Factor, ...], other: tuple[Factor, ...], noun: str
) -> tuple[Factor, ...]:
    wanted = set(ids)
    known = {f.id for f in side}
    for factor_id in sorted(wanted - known):
        if factor_id in {f.id for f in other}:
            raise InvalidInput(f"{factor_id!r} is listed as {noun} but belongs to the other side.")
        raise InvalidInput(f"{factor_id!r} is not {noun} Fulcrum knows.")
    # Catalogue order keeps the floating-point product deterministic (and monotone).
    return tuple(f for f in side if f.id in wanted)


def _saturating(factors: Iterable[Factor]) -> float:
    remaining = 1.0
    for factor in factors:
        remaining *= 1.0 - factor.weight
    return min(1.0, max(0.0, 1.0 - remaining))


def _exposure(
    balances: tuple[KindBalance, ...], counters: tuple[Factor, ...], cat: Catalogue
) -> tuple[str, ...]:
    sentences: list[str] = []
    for b in balances:
        kind = cat.kind(b.kind)
        if b.client >= EXPOSURE_THRESHOLD:
            sentences.append(
                kind.exposure
                or f"The client holds strong {kind.label.lower()} power; notice where it "
                "could be turned against you."
            )
    strong_third = [
        cat.kind(b.kind).label.lower()
        for b in balances
        if b.third_party is not None and b.third_party >= EXPOSURE_THRESHOLD
    ]
    if strong_third:
        sentences.append(
            f"Someone outside the room holds strong {_join(strong_third)} power over this "
            "work; their view can shape what you are able to do."
        )
    sentences.extend(f.exposure for f in counters if f.exposure)
    return tuple(dict.fromkeys(sentences))


def _reading(
    overall: float,
    amplification: float,
    counterweight: float,
    client_more: tuple[str, ...],
    exposure: tuple[str, ...],
    cat: Catalogue,
) -> str:
    shown = round(overall, 1) + 0.0  # avoid printing "-0.0"
    scale = f"mean balance {shown:+.1f} on a scale from -4 to +4"
    if abs(overall) < _EVEN_BAND:
        parts = [f"On these ratings power looks fairly evenly spread ({scale})."]
    elif overall > 0:
        parts = [f"On these ratings you hold more power overall ({scale})."]
    else:
        parts = [f"On these ratings the client holds more power overall ({scale})."]
    if client_more:
        labels = _join([cat.kind(k).label.lower() for k in client_more])
        parts.append(f"The client holds more {labels} power than you do.")
    if amplification > 0:
        strength = (
            "a little" if amplification < 0.25 else "noticeably" if amplification < 0.5 else "a lot"
        )
        parts.append(
            f"The setting adds {strength} to the client's vulnerability "
            f"({amplification:.2f} of 1), whatever the ratings say."
        )
    if counterweight > 0:
        parts.append(f"Some things shift weight toward the client ({counterweight:.2f} of 1).")
    if exposure:
        parts.append("You are exposed in places too; those are listed separately.")
    if overall >= _EVEN_BAND or amplification >= 0.5:
        question = (
            "how are you using the power this role gives you, "
            "and how would the client say it feels?"
        )
    elif client_more or exposure:
        question = (
            "how do you notice the client's power in the room, "
            "and what helps you stay in your role?"
        )
    else:
        question = "what would each of you say about who steers the work?"
    parts.append(f"A question to take to supervision: {question}")
    return " ".join(parts)


def _join(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"
