"""The transcript shapes shared by the parsers, the coders and the indicators."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

# What Fulcrum's own guess at the practitioner can rest on: the file naming them, a role
# the file gives, how each speaker talks, or nothing (one speaker, no words).
GUESS_BASES = frozenset({"source", "label", "heuristic", "none"})


@dataclass(frozen=True, slots=True)
class Utterance:
    """One speaker turn as it appears in the source file.

    ``start`` and ``end`` are seconds from the start of the session when the source
    carries timestamps; ``line`` is the 1-based line of the source where the turn
    begins, so reports can point back into the file.
    """

    index: int
    speaker: str
    text: str
    start: float | None = None
    end: float | None = None
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Transcript:
    """A parsed session: utterances in order, the speakers seen, and who practises.

    ``practitioner`` is the speaker Fulcrum believes is the practitioner, with
    ``practitioner_confidence`` in [0, 1]; callers may override it with
    :func:`with_practitioner`.
    """

    utterances: tuple[Utterance, ...]
    speakers: tuple[str, ...]
    source_format: str
    practitioner: str | None = None
    practitioner_confidence: float = 0.0
    warnings: tuple[str, ...] = field(default=())
    # How the practitioner was decided: one of GUESS_BASES, or "named" by the caller.
    practitioner_basis: str = "none"

    @property
    def has_timestamps(self) -> bool:
        return any(u.start is not None for u in self.utterances)


def client_speaks(speakers: Sequence[str], practitioner: str | None) -> bool:
    """Whether anyone but the practitioner speaks: without them there is no client's side
    to read, so the over-use and under-use indices mean nothing."""
    return any(s != practitioner for s in speakers)


def with_practitioner(transcript: Transcript, speaker: str) -> Transcript:
    """Return ``transcript`` with ``speaker`` named as the practitioner (confidence 1)."""
    from dataclasses import replace

    from fulcrum.core.errors import InvalidInput

    if speaker not in transcript.speakers:
        known = ", ".join(transcript.speakers) or "none"
        raise InvalidInput(f"No speaker called {speaker!r} in this transcript (speakers: {known}).")
    return replace(
        transcript, practitioner=speaker, practitioner_confidence=1.0, practitioner_basis="named"
    )
