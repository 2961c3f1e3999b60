"""State changes for power maps."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from django.db import transaction

from fulcrum.clients.models import Client
from fulcrum.core.errors import InvalidInput
from fulcrum.core.powermap import PowerMapInput, PowerMapReading, score_power_map
from fulcrum.powermaps.models import PowerMap, ThirdPartyKind

THIRD_PARTY_LABEL_MAX = 80
NOTE_MAX = 4000


def map_input(power_map: PowerMap) -> PowerMapInput:
    """Rebuild the core's input from a stored map."""
    return PowerMapInput(
        ratings=power_map.ratings,
        amplifiers=frozenset(power_map.amplifiers),
        counter_factors=frozenset(power_map.counter_factors),
    )


def read_power_map(power_map: PowerMap) -> PowerMapReading:
    """Score a stored map with the current catalogue."""
    return score_power_map(map_input(power_map))


@transaction.atomic(durable=True)
def record_power_map(
    client: Client,
    *,
    ratings: Mapping[str, Mapping[str, int]],
    amplifiers: Iterable[str] = (),
    counter_factors: Iterable[str] = (),
    note: str = "",
    assessed_at: datetime,
    third_party_kind: str = "",
    third_party_label: str = "",
) -> PowerMap:
    """Save a new assessment of ``client``'s relationship; earlier ones stay as history.

    ``third_party_kind`` (a ``ThirdPartyKind`` value, or "") and ``third_party_label``
    (the practitioner's own words, such as "Mother, disputing custody") say who the third
    party is. Raises InvalidInput (from the core) for unknown kinds or out-of-range
    ratings, and for an unknown kind of third party, before anything is written.
    """
    if third_party_kind and third_party_kind not in ThirdPartyKind.values:
        raise InvalidInput(
            f"{third_party_kind!r} is not a kind of third party Fulcrum knows; "
            f"use one of {', '.join(ThirdPartyKind.values)}."
        )
    if len(note) > NOTE_MAX:
        raise InvalidInput(f"A map's note can be at most {NOTE_MAX:,} characters.")
    label = third_party_label.strip()
    if len(label) > THIRD_PARTY_LABEL_MAX:
        raise InvalidInput(f"Name the third party in at most {THIRD_PARTY_LABEL_MAX} characters.")
    clean = {holder: {k: int(v) for k, v in kinds.items()} for holder, kinds in ratings.items()}
    inp = PowerMapInput(
        ratings=clean, amplifiers=frozenset(amplifiers), counter_factors=frozenset(counter_factors)
    )
    reading = score_power_map(inp)
    return PowerMap.objects.create(
        client=client,
        assessed_at=assessed_at,
        ratings=clean,
        amplifiers=sorted(inp.amplifiers),
        counter_factors=sorted(inp.counter_factors),
        note=note,
        third_party_kind=third_party_kind,
        third_party_label=label,
        overall_differential=reading.overall_differential,
        amplification=reading.amplification,
        counterweight=reading.counterweight,
    )
