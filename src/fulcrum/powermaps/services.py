"""State changes for power maps."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from django.db import transaction

from fulcrum.clients.models import Client
from fulcrum.core.powermap import PowerMapInput, PowerMapReading, score_power_map
from fulcrum.powermaps.models import PowerMap


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
) -> PowerMap:
    """Save a new assessment of ``client``'s relationship; earlier ones stay as history.

    Raises InvalidInput (from the core) for unknown kinds or out-of-range ratings,
    before anything is written.
    """
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
        overall_differential=reading.overall_differential,
        amplification=reading.amplification,
        counterweight=reading.counterweight,
    )
