"""The codes Fulcrum gives utterances, and the interface every coder implements.

Practitioner utterances get a behaviour code (reflection, question, input, other) with a
subtype where one applies; client utterances get a talk code (change, neutral, sustain).
A coder sees the whole session at once because context (what the other person just said,
what comes next) is part of what makes a reflection a reflection.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol, runtime_checkable

Role = Literal["practitioner", "client"]
BehaviourLabel = Literal["reflection", "question", "input", "other"]
ClientLabel = Literal["change", "neutral", "sustain"]

BEHAVIOUR_LABELS: tuple[BehaviourLabel, ...] = ("reflection", "question", "input", "other")
CLIENT_LABELS: tuple[ClientLabel, ...] = ("change", "neutral", "sustain")
SUBTYPES: dict[str, tuple[str, ...]] = {
    "reflection": ("simple", "complex"),
    "question": ("open", "closed"),
    "input": ("information", "advice", "options", "negotiation"),
    "other": (),
}


@dataclass(frozen=True, slots=True)
class Turn:
    """What a coder reads: one utterance's text and whose it is."""

    text: str
    role: Role


@dataclass(frozen=True, slots=True)
class Cue:
    """The evidence behind a code: a named rule and the words that triggered it."""

    rule: str
    matched: str


@dataclass(frozen=True, slots=True)
class Code:
    """One utterance's code.

    ``label`` is a behaviour label for practitioner turns and a client talk label for
    client turns; ``subtype`` refines behaviour labels (open/closed, simple/complex,
    information/advice/options/negotiation) and is ``None`` otherwise. ``confidence``
    is the coder's own probability for ``label`` (rules report 1.0 for a matched cue
    and 0.5 for a fallback). ``cues`` is empty for the learned coder.
    """

    role: Role
    label: str
    subtype: str | None = None
    confidence: float = 1.0
    cues: tuple[Cue, ...] = ()


@runtime_checkable
class Coder(Protocol):
    """Anything that codes a session's turns, one code per turn, in order."""

    @property
    def name(self) -> str:
        """A short human-readable name, e.g. ``"rules"`` or ``"learned (AnnoMI, v1)"``."""
        ...

    @property
    def kind(self) -> Literal["rules", "learned"]: ...

    def code(self, turns: Sequence[Turn]) -> tuple[Code, ...]:
        """Return one :class:`Code` per turn, in the same order."""
        ...
