"""The de-identifier's values: what it was told, what it found, and what it proposes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeAlias, get_args

from fulcrum.core.errors import InvalidInput

__all__ = [
    "ENTITY_TYPES",
    "STAGES",
    "EntityType",
    "Finding",
    "KnownEntity",
    "Stage",
    "Treatment",
]

EntityType: TypeAlias = Literal[
    "PERSON",
    "PLACE",
    "ORGANIZATION",
    "CODE",
    "DATE",
    "AGE",
    "PHONE",
    "EMAIL",
    "URL",
    "HANDLE",
    "POSTCODE",
    "ADDRESS",
    "ID",
    "ROLE",
    "EVENT",
]
ENTITY_TYPES: tuple[EntityType, ...] = get_args(EntityType)
Stage: TypeAlias = Literal["known", "pattern", "name", "quasi"]
STAGES: tuple[Stage, ...] = get_args(Stage)
Treatment: TypeAlias = Literal["mask", "surrogate", "generalise"]


@dataclass(frozen=True)
class KnownEntity:
    """Something the workspace knows identifies someone: an alias, a code, a name, a place.

    ``replacement`` is what stands in its place (a client's code, "practitioner"); without
    one, a person gets a consistent surrogate ("Client A") and anything else is masked.
    """

    text: str
    type: EntityType = "PERSON"
    replacement: str | None = None

    def __post_init__(self) -> None:
        if self.type not in ENTITY_TYPES:
            raise InvalidInput(f"{self.type!r} is not a kind of identifier Fulcrum knows.")


@dataclass(frozen=True)
class Finding:
    """One span of the text (character offsets, end exclusive) and what to do with it."""

    start: int
    end: int
    type: EntityType
    stage: Stage
    why: str
    treatment: Treatment
    replacement: str

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end:
            raise InvalidInput(f"A finding must cover at least one character, not {self}.")

    def as_dict(self) -> dict[str, object]:
        return {
            "start": self.start,
            "end": self.end,
            "type": self.type,
            "stage": self.stage,
            "treatment": self.treatment,
            "why": self.why,
            "replacement": self.replacement,
        }
