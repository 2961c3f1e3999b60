"""Guessing which speaker is the practitioner, with a confidence that shows the margin."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from fulcrum.core.transcripts._formats.common import (
    CLIENT_LABELS,
    PRACTITIONER_LABELS,
    UNKNOWN_SPEAKER,
    normalise_label,
    role_of,
)
from fulcrum.core.transcripts.model import Utterance

ROLE_LABEL_CONFIDENCE = 0.95
CLIENT_LABEL_CONFIDENCE = 0.9
HEURISTIC_CEILING = 0.85
# Below this many turns between the candidates, the heuristic's lead counts for less.
FULL_EVIDENCE_TURNS = 12
# How much each cue weighs in the heuristic; they sum to 1 so scores read as shares.
# Chosen on the AnnoMI and ESConv development sets (`fulcrum bench speakers`): who
# speaks first told nothing once peer-support chats, where the seeker opens, were in.
QUESTION_WEIGHT = 0.15
YOU_WEIGHT = 0.30
WORD_WEIGHT = 0.25
SELF_WEIGHT = 0.30
FIRST_WEIGHT = 0.0
# A speaker with at least this share of the words leads the room (a class, a guided
# exercise, a talk): their lead counts double.
DOMINANT_SHARE = 0.8

_YOU = re.compile(
    r"\byou(?:r|rs|rself|rselves|'re|'ve|'ll|'d|\u2019re|\u2019ve|\u2019ll|\u2019d)?\b", re.I
)
# Speaking of oneself: the person who came for help says "I" and "my" more.
_SELF = re.compile(
    r"\b(?:i|me|my|mine|myself|i'm|i've|i'll|i'd|i\u2019m|i\u2019ve|i\u2019ll|i\u2019d)\b", re.I
)
_WORD = re.compile(r"\w+")
# Speakers no one identified, as Fulcrum and the tools name them: never the practitioner.
_UNKNOWN = frozenset({normalise_label(UNKNOWN_SPEAKER), "unknown", "unidentified speaker"})


@dataclass(frozen=True, slots=True)
class PractitionerGuess:
    speaker: str | None
    confidence: float
    basis: str  # "source", "label", "heuristic" or "none"


def _shares(values: Sequence[float]) -> list[float]:
    total = sum(values)
    if total <= 0:
        return [1 / len(values)] * len(values)
    return [v / total for v in values]


def _name_role(speaker: str) -> str | None:
    """The side a speaker's name gives away: ``Counsellor Sam``, ``Dana (client)``."""
    key = normalise_label(speaker)
    if key in PRACTITIONER_LABELS:
        return "practitioner"
    if key in CLIENT_LABELS:
        return "client"
    words = [w.strip("()[],-") for w in key.split()]
    sides = {role_of(w) for w in words if len(w) > 2} - {None}
    return sides.pop() if len(sides) == 1 else None


def _unknown(speaker: str) -> bool:
    """Fulcrum's own ``Unknown speaker``, or the tools' (Otter writes ``Unknown Speaker``)."""
    return normalise_label(speaker) in _UNKNOWN


def guess_practitioner(
    utterances: Sequence[Utterance],
    speakers: Sequence[str],
    hint: str | None,
    role_hints: Mapping[str, str] | None = None,
) -> PractitionerGuess:
    """Name the practitioner from the source, then role labels and hints, then how people speak.

    ``role_hints`` are the sides a file gives its speakers (a ``speaker_type`` field, a
    CHAT role, a role column). The heuristic scores each speaker on the share of turns
    that ask a question, the rates of "you" and of "I", and the share of the words.
    Its confidence is 0.5 plus half the lead over the runner-up, scaled down for short
    transcripts and capped below a role label's.
    """
    if hint is not None and hint in speakers:
        return PractitionerGuess(hint, 1.0, "source")
    sides = {s: side for s in speakers if (side := _name_role(s)) is not None}
    for speaker, side in (role_hints or {}).items():
        if speaker in speakers:
            sides[speaker] = side
    labelled = [s for s in speakers if sides.get(s) == "practitioner"]
    if len(labelled) == 1:
        return PractitionerGuess(labelled[0], ROLE_LABEL_CONFIDENCE, "label")
    clients = {s for s in speakers if sides.get(s) == "client"}
    others = [s for s in speakers if s not in clients and not _unknown(s)]
    if clients and len(others) == 1:
        return PractitionerGuess(others[0], CLIENT_LABEL_CONFIDENCE, "label")
    candidates = labelled or others
    if len(speakers) < 2 or not candidates:
        return PractitionerGuess(None, 0.0, "none")
    if len(candidates) == 1:
        # Only unattributed speech competes with this speaker: a guess, not a finding.
        return PractitionerGuess(candidates[0], 0.5, "heuristic")

    questions = dict.fromkeys(candidates, 0.0)
    turns = dict.fromkeys(candidates, 0)
    yous = dict.fromkeys(candidates, 0)
    selves = dict.fromkeys(candidates, 0)
    words = dict.fromkeys(candidates, 0)
    for utterance in utterances:
        if utterance.speaker not in turns:
            continue
        turns[utterance.speaker] += 1
        questions[utterance.speaker] += "?" in utterance.text
        yous[utterance.speaker] += len(_YOU.findall(utterance.text))
        selves[utterance.speaker] += len(_SELF.findall(utterance.text))
        words[utterance.speaker] += len(_WORD.findall(utterance.text))
    question_share = _shares([questions[s] / max(turns[s], 1) for s in candidates])
    you_share = _shares([yous[s] / max(words[s], 1) for s in candidates])
    word_share = _shares([float(words[s]) for s in candidates])
    self_share = _shares([selves[s] / max(words[s], 1) for s in candidates])
    first = next((u.speaker for u in utterances if u.speaker in turns), None)
    scores = [
        QUESTION_WEIGHT * q
        + YOU_WEIGHT * y
        + WORD_WEIGHT * w * (2 if w >= DOMINANT_SHARE else 1)
        + SELF_WEIGHT * (1 - i)
        + FIRST_WEIGHT * (speaker == first)
        for speaker, q, y, w, i in zip(
            candidates, question_share, you_share, word_share, self_share, strict=True
        )
    ]
    ranked = sorted(range(len(candidates)), key=lambda i: -scores[i])
    lead = scores[ranked[0]] - scores[ranked[1]]
    evidence = min(1.0, sum(turns.values()) / FULL_EVIDENCE_TURNS)
    confidence = min(HEURISTIC_CEILING, 0.5 + lead / 2 * evidence)
    return PractitionerGuess(candidates[ranked[0]], round(confidence, 2), "heuristic")
