"""Incidents as values: what an entry of the incident log says, and when it is late.

An incident is recorded in the workspace's tamper-evident ledger; this module only
turns one into the JSON payload the ledger seals and back, and says whether it was
written late. Amendments are incidents of their own that name the one they amend;
nothing is ever overwritten.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from fulcrum.core.errors import InvalidInput
from fulcrum.core.integrity.timestamps import format_time, parse_time

# An entry written more than this long after the event is labelled late.
LATE_AFTER = timedelta(hours=72)

DIRECTIONS = {
    "practitioner": "My own conduct (a slip or a mistake of mine)",
    "client": "The client's conduct",
    "third_party": "A third party (a parent, an attorney, an insurer, a board…)",
}
CONDUCT = {
    "own_slip": "A slip of my own",
    "threat": "A threat",
    "complaint_threatened": "A complaint threatened",
    "complaint_filed": "A complaint filed",
    "lawsuit": "A lawsuit threatened or filed",
    "stalking": "Following or stalking",
    "harassment": "Harassment",
    "gift": "A gift offered or given",
    "intimidation": "Intimidation",
    "custody_dispute": "A dispute over custody recommendations",
    "other": "Something else",
}
CONSULTED = {
    "supervisor": "My supervisor",
    "insurer": "My insurer",
    "attorney": "An attorney",
    "board": "The licensing board",
}
TEXT_MAX = 8000


@dataclass(frozen=True)
class IncidentRecord:
    """One version of an incident, as the practitioner wrote it."""

    happened_at: datetime
    direction: str
    what_happened: str
    conduct: tuple[str, ...] = ()
    client_code: str = ""
    others_involved: str = ""
    power_kinds: tuple[str, ...] = ()
    what_was_done: str = ""
    consulted: tuple[str, ...] = ()
    follow_ups: str = ""


def _choices(
    values: tuple[str, ...], allowed: Mapping[str, str] | tuple[str, ...], what: str
) -> None:
    for value in values:
        if value not in allowed:
            raise InvalidInput(f"{value!r} is not a known {what}.")


def check_record(record: IncidentRecord, *, power_kinds: tuple[str, ...]) -> IncidentRecord:
    """Return ``record`` if every choice is known and the texts fit; InvalidInput if not."""
    if record.direction not in DIRECTIONS:
        raise InvalidInput(f"{record.direction!r} is not a direction an incident can come from.")
    _choices(record.conduct, CONDUCT, "kind of conduct")
    _choices(record.consulted, CONSULTED, "person or body to consult")
    _choices(record.power_kinds, power_kinds, "kind of power")
    if not record.what_happened.strip():
        raise InvalidInput("Say what happened.")
    for text in (record.what_happened, record.what_was_done, record.follow_ups):
        if len(text) > TEXT_MAX:
            raise InvalidInput(f"Each text is at most {TEXT_MAX} characters.")
    return record


def incident_payload(record: IncidentRecord, *, amends: int | None) -> dict[str, object]:
    """The payload the ledger seals for ``record`` (``amends``: the original's entry number)."""
    return {
        "amends": amends,
        "happened_at": format_time(record.happened_at),
        "direction": record.direction,
        "conduct": list(record.conduct),
        "client_code": record.client_code,
        "others_involved": record.others_involved,
        "power_kinds": list(record.power_kinds),
        "what_happened": record.what_happened,
        "what_was_done": record.what_was_done,
        "consulted": list(record.consulted),
        "follow_ups": record.follow_ups,
    }


def _texts(value: object) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


def read_incident(payload: Mapping[str, object]) -> IncidentRecord:
    """The record a sealed payload holds."""
    return IncidentRecord(
        happened_at=parse_time(str(payload["happened_at"])),
        direction=str(payload["direction"]),
        what_happened=str(payload["what_happened"]),
        conduct=_texts(payload.get("conduct")),
        client_code=str(payload.get("client_code", "")),
        others_involved=str(payload.get("others_involved", "")),
        power_kinds=_texts(payload.get("power_kinds")),
        what_was_done=str(payload.get("what_was_done", "")),
        consulted=_texts(payload.get("consulted")),
        follow_ups=str(payload.get("follow_ups", "")),
    )


def lateness(happened_at: datetime, written_at: datetime) -> timedelta | None:
    """How long after the event the entry was written, when that is more than 72 hours."""
    gap = written_at - happened_at
    return gap if gap > LATE_AFTER else None


def describe_gap(gap: timedelta) -> str:
    """A gap in days and hours, for the 'written late' label."""
    hours = int(gap.total_seconds() // 3600)
    days, hours = divmod(hours, 24)
    parts = []
    if days:
        parts.append(f"{days} day{'s' if days != 1 else ''}")
    if hours or not days:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    return " ".join(parts)


# Conduct that shows a client can act against the practitioner.
_COERCIVE = {"threat", "complaint_threatened", "complaint_filed", "lawsuit", "stalking"}
_COERCIVE |= {"harassment", "intimidation"}


def reassessment_prompts(record: IncidentRecord) -> tuple[str, ...]:
    """What a client-conduct incident suggests looking at in the next power-map re-assessment.

    Prompts for reflection, not ratings: the practitioner decides what to change.
    """
    if record.direction != "client":
        return ()
    prompts = []
    if _COERCIVE & set(record.conduct) or "coercive" in record.power_kinds:
        prompts.append(
            "The client's coercive power: this incident suggests they can act against you. "
            "Does the map show it?"
        )
        prompts.append(
            "Your exposure: would a board, an insurer or a court hear this client's account "
            "before yours? Note it in the map's reading."
        )
    if "gift" in record.conduct or "reward" in record.power_kinds:
        prompts.append("The client's reward power: what does the gift ask of the relationship?")
    if "intimidation" in record.conduct or "personal" in record.power_kinds:
        prompts.append("The client's personal power: how did their presence move you?")
    return tuple(prompts)
