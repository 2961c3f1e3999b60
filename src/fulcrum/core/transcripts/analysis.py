"""Analyse one session: code every utterance, compute indicators, indices and a timeline."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from fulcrum.core.errors import InvalidInput
from fulcrum.core.transcripts.client_power import (
    ClientPowerReading,
    client_power_as_dict,
    read_client_power,
)
from fulcrum.core.transcripts.coding.base import Code, Coder, Role, Turn
from fulcrum.core.transcripts.indicator_texts import INDICATOR_TEXTS
from fulcrum.core.transcripts.indicators import (
    IndexScore,
    IndicatorValue,
    compute_indicators,
    compute_indices,
    session_underuse,
)
from fulcrum.core.transcripts.model import Transcript, client_speaks

RULES_NOTE = (
    "Coded with Fulcrum's transparent rules; each code names the cue that triggered it. "
    "Rules miss more than a trained coder would."
)


@dataclass(frozen=True, slots=True)
class CodedUtterance:
    index: int
    speaker: str
    role: Role
    code: Code


@dataclass(frozen=True, slots=True)
class TimelinePoint:
    """One utterance on the session timeline, with the practitioner's running word share."""

    index: int
    role: Role
    label: str
    subtype: str | None
    start: float | None
    words: int
    cumulative_talk_share: float


@dataclass(frozen=True, slots=True)
class UnderuseMoment:
    """An under-use episode as the report shows it: the cue, the utterance indices
    behind it and the words that triggered it."""

    cue: str
    label: str
    utterances: tuple[int, ...]
    matched: tuple[str, ...]
    strength: float


@dataclass(frozen=True, slots=True)
class SessionAnalysis:
    practitioner: str
    coder: str
    coder_kind: str
    codes: tuple[CodedUtterance, ...]
    indicators: tuple[IndicatorValue, ...]
    over_use: IndexScore
    under_use: IndexScore
    timeline: tuple[TimelinePoint, ...]
    notes: tuple[str, ...]
    warnings: tuple[str, ...]
    underuse_episodes: tuple[UnderuseMoment, ...] = ()
    client_power: ClientPowerReading = field(default_factory=lambda: ClientPowerReading((), ()))

    @property
    def has_client(self) -> bool:
        """Whether anyone but the practitioner speaks: the indices weigh the two sides, so
        without a client they mean nothing and ``analysis_as_dict`` leaves them out."""
        return client_speaks([c.speaker for c in self.codes], self.practitioner)

    def indicator(self, id_: str) -> IndicatorValue:
        for ind in self.indicators:
            if ind.id == id_:
                return ind
        raise KeyError(id_)


def analyze(transcript: Transcript, coder: Coder, *, notes: Sequence[str] = ()) -> SessionAnalysis:
    """Code ``transcript`` with ``coder`` and measure the session.

    The transcript must name its practitioner; every other speaker counts as client.
    """
    if transcript.practitioner is None:
        raise InvalidInput(
            "This transcript does not say who the practitioner is; name them "
            f"(speakers: {', '.join(transcript.speakers) or 'none'})."
        )
    roles: list[Role] = [
        "practitioner" if u.speaker == transcript.practitioner else "client"
        for u in transcript.utterances
    ]
    codes = coder.code([Turn(u.text, r) for u, r in zip(transcript.utterances, roles, strict=True)])
    if len(codes) != len(roles):
        raise InvalidInput(f"The coder returned {len(codes)} codes for {len(roles)} utterances.")
    episodes = session_underuse(transcript, roles)
    indicators = compute_indicators(transcript, roles, codes, episodes=episodes)
    over, under = compute_indices(indicators)
    timeline: list[TimelinePoint] = []
    p_words = total = 0
    for u, r, c in zip(transcript.utterances, roles, codes, strict=True):
        w = len(u.text.split())
        total += w
        p_words += w if r == "practitioner" else 0
        timeline.append(
            TimelinePoint(
                u.index,
                r,
                c.label,
                c.subtype,
                u.start,
                w,
                round(p_words / total, 4) if total else 0.0,
            )
        )
    all_notes = [*notes, RULES_NOTE] if coder.kind == "rules" else list(notes)
    return SessionAnalysis(
        practitioner=transcript.practitioner,
        coder=coder.name,
        coder_kind=coder.kind,
        codes=tuple(
            CodedUtterance(u.index, u.speaker, r, c)
            for u, r, c in zip(transcript.utterances, roles, codes, strict=True)
        ),
        indicators=indicators,
        over_use=over,
        under_use=under,
        timeline=tuple(timeline),
        notes=tuple(all_notes),
        warnings=transcript.warnings,
        underuse_episodes=tuple(
            UnderuseMoment(
                e.cue,
                INDICATOR_TEXTS[f"underuse_{e.cue}"].label,
                tuple(transcript.utterances[p].index for p in e.positions),
                e.matched,
                e.strength,
            )
            for e in episodes
        ),
        client_power=read_client_power(transcript, roles),
    )


def _round(v: float | None) -> float | None:
    return None if v is None else round(v, 4)


def analysis_as_dict(analysis: SessionAnalysis) -> dict[str, Any]:
    """Return the analysis as plain JSON-ready data (the documented JSON output).

    ``indices`` is empty when no client speaks (see ``SessionAnalysis.has_client``).
    """

    def index(s: IndexScore) -> dict[str, Any]:
        return {
            "id": s.id,
            "label": s.label,
            "score": s.score,
            "value": s.value,
            "explanation": s.explanation,
            "reading": s.reading,
            "components": [
                {
                    "indicator": c.indicator_id,
                    "value": _round(c.value),
                    "z": c.z,
                    "weight": c.weight,
                    "contribution": c.contribution,
                }
                for c in s.components
            ],
        }

    return {
        "practitioner": analysis.practitioner,
        "coder": {"name": analysis.coder, "kind": analysis.coder_kind},
        "notes": list(analysis.notes),
        "warnings": list(analysis.warnings),
        "client_power": client_power_as_dict(analysis.client_power),
        "indices": {"over_use": index(analysis.over_use), "under_use": index(analysis.under_use)}
        if analysis.has_client
        else {},
        "underuse_episodes": [
            {
                "cue": e.cue,
                "label": e.label,
                "utterances": list(e.utterances),
                "matched": list(e.matched),
                "strength": e.strength,
            }
            for e in analysis.underuse_episodes
        ],
        "indicators": [
            {
                "id": i.id,
                "label": i.label,
                "value": _round(i.value),
                "unit": i.unit,
                "explanation": i.explanation,
                "utterances": list(i.utterances),
            }
            for i in analysis.indicators
        ],
        "utterances": [
            {
                "index": cu.index,
                "speaker": cu.speaker,
                "role": cu.role,
                "label": cu.code.label,
                "subtype": cu.code.subtype,
                "confidence": cu.code.confidence,
                "cues": [{"rule": c.rule, "matched": c.matched} for c in cu.code.cues],
            }
            for cu in analysis.codes
        ],
        "timeline": [
            {
                "index": t.index,
                "role": t.role,
                "label": t.label,
                "start": t.start,
                "words": t.words,
                "cumulative_talk_share": t.cumulative_talk_share,
            }
            for t in analysis.timeline
        ],
    }
