"""The supervision report as plain values: what a supervisor may see, and nothing else.

The supervision app builds one ``SupervisionReport`` (see ``supervision/report.py``) and
both the printable page and the PDF render only that. Clients appear by code alone.
Free text — check-in notes, disclosure notes, map notes, the client's comments — is
absent unless the practitioner chose to include that kind of note, and any chosen text
passes through a ``Redactor``: the whole de-identifier (``core.deid``), so a client's
private alias (and every part of it) is replaced by their code, the practitioner's own
name by "[practitioner]", and every other name, place, date, number or telling detail by
what the de-identifier proposes — one stand-in per person across the whole report.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal, TypeAlias

from fulcrum.core.deid import KnownEntity, Surrogates, deidentify, redact_known
from fulcrum.core.errors import InvalidInput

__all__ = [
    "NOTE_KINDS",
    "PRACTITIONER",
    "ClientSection",
    "ConsentStanding",
    "KindRow",
    "MapSummary",
    "NoteItem",
    "NoteKind",
    "PolicyItem",
    "Redactor",
    "ReflectionItem",
    "SupervisionReport",
    "TrendPoint",
    "VoiceItemSummary",
    "WarningItem",
    "balance_changes",
    "notes_phrase",
    "redact_aliases",
]

NoteKind: TypeAlias = Literal["checkin", "disclosure", "map", "client_comment"]
NOTE_KINDS: dict[NoteKind, str] = {
    "checkin": "Check-in notes",
    "disclosure": "What I shared (disclosure notes)",
    "map": "Power-map notes",
    "client_comment": "The client's own comments",
}
# Aliases shorter than this are too likely to match ordinary words to replace safely;
# the practitioner still sees every chosen text before sharing.
MIN_ALIAS_LENGTH = 2
# What the practitioner's own name becomes in a redacted text: "[practitioner]".
PRACTITIONER = "practitioner"


@dataclass(frozen=True)
class KindRow:
    """One kind of power on a map: ratings 0..4, balance, and its change since the start."""

    kind: str
    practitioner: int
    client: int
    third_party: int | None  # None: the third party was not rated on this kind
    balance: int
    change: int | None = None


@dataclass(frozen=True)
class MapSummary:
    """A power map reduced to numbers and Fulcrum's own generated reading."""

    assessed_at: datetime
    rows: tuple[KindRow, ...]
    overall: float
    amplification: float
    counterweight: float
    reading: str
    # Where the practitioner is exposed, in Fulcrum's words; the reading points at it.
    exposure: tuple[str, ...] = ()
    # The counter-factors ticked (catalogue labels): what shifts power toward the client.
    counter_factors: tuple[str, ...] = ()
    # The kind of third party ("A court"), never the practitioner's own label for them.
    third_party: str = ""

    @property
    def has_third_party(self) -> bool:
        return bool(self.third_party) or any(r.third_party is not None for r in self.rows)


@dataclass(frozen=True)
class TrendPoint:
    """One session's three scores (0..10)."""

    at: datetime
    over: float
    under: float
    skilful: float


@dataclass(frozen=True)
class WarningItem:
    """A drift warning that overlaps the period, in the detector's own words."""

    direction: Literal["over", "under"]
    title: str
    explanation: str
    question: str
    first_at: datetime
    detected_at: datetime
    acknowledged: bool


@dataclass(frozen=True)
class VoiceItemSummary:
    """A client-voice finding for one session (a flagged gap, a shared concern, a reflection)."""

    session_at: datetime
    kind: str
    flagged: bool
    title: str
    explanation: str
    question: str


@dataclass(frozen=True)
class NoteItem:
    """A piece of free text the practitioner chose to include, already redacted."""

    at: datetime
    kind: NoteKind
    text: str

    @property
    def label(self) -> str:
        return NOTE_KINDS[self.kind]


@dataclass(frozen=True)
class ClientSection:
    """Everything the report says about one client, known only by code."""

    code: str
    modality: str
    sessions: int
    map_start: MapSummary | None
    map_latest: MapSummary | None
    trend: tuple[TrendPoint, ...]
    warnings: tuple[WarningItem, ...]
    voice_answers: int
    voice: tuple[VoiceItemSummary, ...]
    notes: tuple[NoteItem, ...]

    @property
    def voice_gaps(self) -> tuple[VoiceItemSummary, ...]:
        return tuple(v for v in self.voice if v.flagged)


@dataclass(frozen=True)
class ReflectionItem:
    """A journal entry the practitioner ticked for this report, already redacted."""

    written_at: datetime
    prompt: str
    body: str
    client_code: str


@dataclass(frozen=True)
class ConsentStanding:
    """Where one client, known only by code, stands with a policy, in Fulcrum's words."""

    code: str
    state: str
    agreed: bool


@dataclass(frozen=True)
class PolicyItem:
    """A practice policy's newest published version, redacted, and each chosen client's
    standing with it. Never what a client typed."""

    kind: str
    title: str
    number: int
    sha256: str
    change: str
    effective_on: date
    text: str
    clients: tuple[ConsentStanding, ...]


@dataclass(frozen=True)
class SupervisionReport:
    """The whole de-identified report."""

    period_start: date
    period_end: date
    generated_at: datetime
    clients: tuple[ClientSection, ...]
    reflections: tuple[ReflectionItem, ...]
    notes_included: tuple[NoteKind, ...]
    # Only when the practitioner ticks them (and a link's scope includes them).
    policies: tuple[PolicyItem, ...] = ()

    def __post_init__(self) -> None:
        if self.period_end < self.period_start:
            raise InvalidInput("The report's period ends before it starts.")
        codes = [c.code for c in self.clients]
        if len(set(codes)) != len(codes):
            raise InvalidInput("A client appears twice in the report.")


def notes_phrase(kinds: Iterable[NoteKind]) -> str:
    """The chosen kinds of note as a phrase inside a sentence: "check-in notes, what I shared (…)".

    Only each label's first letter is lowered, and not when it is the word "I", so the
    labels keep their sentence case mid-sentence.
    """
    labels = [NOTE_KINDS[k] for k in kinds]
    return ", ".join(
        label if label.startswith("I ") else label[:1].lower() + label[1:] for label in labels
    )


def balance_changes(start: Iterable[KindRow], latest: Iterable[KindRow]) -> tuple[KindRow, ...]:
    """``latest``'s rows with ``change`` set to the balance moved since ``start`` (same kinds)."""
    before = {row.kind: row.balance for row in start}
    return tuple(
        KindRow(
            kind=row.kind,
            practitioner=row.practitioner,
            client=row.client,
            third_party=row.third_party,
            balance=row.balance,
            change=row.balance - before[row.kind] if row.kind in before else None,
        )
        for row in latest
    )


def _alias_entities(replacements: Mapping[str, str]) -> list[KnownEntity]:
    return [
        KnownEntity(alias.strip(), "PERSON", code)
        for alias, code in replacements.items()
        if len(alias.strip()) >= MIN_ALIAS_LENGTH
    ]


def redact_aliases(text: str, replacements: Mapping[str, str]) -> str:
    """Replace each alias, and every part of it, with its client's code in brackets.

    Runs the de-identifier's known-entity stage alone (``core.deid``): any case,
    possessives, hyphens, quotes, the parts run together, and each part alone — "Jo" of
    "Cash Jo". Longer aliases win, so "Ash Tree" wins over "Ash"; a whole alias wins
    over the part of another. Map the practitioner's own name to ``PRACTITIONER`` to
    remove it too. For the practitioner's own copy of their records (the workspace
    export); what goes to anyone else goes through a :class:`Redactor`.
    """
    entities = _alias_entities(replacements)
    if not entities:
        return text
    return redact_known(text, entities)


class Redactor:
    """What leaves the workspace for someone else: each text through the whole
    de-identifier, with the workspace's aliases and codes as its certain first pass.

    ``replacements`` maps each alias (and the practitioner's own name) to what stands
    for it — a client's code, or ``PRACTITIONER``; the codes themselves stay, in
    brackets. Everything else the de-identifier finds takes its proposal: a date
    "[date]", a town "[a place]", a phone number "[phone]", a rare role generalised. A
    person nobody listed becomes "Person A", and stays "Person A" in every text the same
    redactor reads, so a supervisor can follow one person through a report without
    learning who they are; a label a text already holds is never given to anyone else.
    """

    def __init__(self, replacements: Mapping[str, str]) -> None:
        codes = sorted({c for c in replacements.values() if c != PRACTITIONER})
        self._known = (
            *_alias_entities(replacements),
            *(KnownEntity(code, "CODE", code) for code in codes if len(code) >= MIN_ALIAS_LENGTH),
        )
        self._surrogates = Surrogates()

    def __call__(self, text: str) -> str:
        if not text.strip():
            return text
        return deidentify(text, self._known, surrogates=self._surrogates).redacted
