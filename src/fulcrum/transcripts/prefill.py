"""From a transcript's analysis to a draft of the session's check-in.

Pure: the stored analysis and the utterances in, suggested answers out. Nothing here
saves anything; the practitioner reads the pre-filled check-in form, changes what the
transcript got wrong, answers what it cannot know (whose need a disclosure served),
and saves it themselves.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fulcrum.core.transcripts.underuse import UNDERUSE_CUES
from fulcrum.transcripts.formatting import clock

__all__ = ["CheckInPrefill", "Moment", "checkin_prefill"]

# The check-in form's limits (checkins.forms): a draft never exceeds what it accepts.
MAX_CHOICES = 99
DISCLOSURE_NOTE_MAX = 2000
# Each quoted disclosure keeps this many characters, so several fit in one note.
QUOTE_MAX = 240
# Under-use cues and the check-in sign each suggests, where the form has one.
UNDERUSE_SIGNS: dict[str, str] = {
    cue.id: cue.checkin_sign for cue in UNDERUSE_CUES if cue.checkin_sign is not None
}
# How each suggested sign is explained, with the words that triggered it.
_SIGN_REASONS = {
    "policy_not_enforced": "a request that crosses a practice policy agreed to, or a policy waived",
    "behaviour_not_addressed": "the client's words or behaviour let pass",
    "session_not_redirected": "a long chatty stretch that was not brought back",
    "friendship_drift": "friendship talk",
}


@dataclass(frozen=True, slots=True)
class Moment:
    """An utterance as the draft quotes it."""

    index: int
    text: str
    start: float | None = None


@dataclass(frozen=True, slots=True)
class CheckInPrefill:
    """Suggested check-in answers; ``None`` leaves a question for the practitioner.

    ``reasons`` says, one sentence per suggestion, what in the transcript it rests on.
    """

    session_at: datetime | None
    choices_offered: str | None
    choices_count: int | None
    disclosure: str | None
    disclosure_note: str
    reasons: tuple[str, ...]
    indicators: tuple[str, ...] = ()

    def initial(self) -> dict[str, object]:
        """The suggestions as a check-in form's ``initial`` (only what was suggested)."""
        values: dict[str, object] = {
            "session_at": self.session_at,
            "choices_offered": self.choices_offered,
            "choices_count": self.choices_count,
            "disclosure": self.disclosure,
            "disclosure_note": self.disclosure_note or None,
            "indicators": list(self.indicators) or None,
        }
        return {k: v for k, v in values.items() if v is not None}


def _indicator(analysis: Mapping[str, Any], id_: str) -> Mapping[str, Any] | None:
    for item in analysis.get("indicators") or ():
        if isinstance(item, Mapping) and item.get("id") == id_:
            return item
    return None


def _moments_behind(indicator: Mapping[str, Any], moments: Mapping[int, Moment]) -> list[Moment]:
    return [moments[i] for i in indicator.get("utterances") or () if i in moments]


def _quote(moment: Moment) -> str:
    text = " ".join(moment.text.split())
    if len(text) > QUOTE_MAX:
        text = text[: QUOTE_MAX - 1].rstrip() + "…"
    at = clock(moment.start)
    return f"“{text}”" + (f" ({at})" if at else "")


def _draft_note(moments: Iterable[Moment]) -> str:
    note = ""
    for moment in moments:
        piece = _quote(moment)
        candidate = f"{note} / {piece}" if note else piece
        if len(candidate) > DISCLOSURE_NOTE_MAX:
            break
        note = candidate
    return note


def _underuse_signs(analysis: Mapping[str, Any]) -> tuple[tuple[str, ...], list[str]]:
    """Check-in signs the under-use episodes suggest, and one reason per sign."""
    found: dict[str, list[Mapping[str, Any]]] = {}
    for episode in analysis.get("underuse_episodes") or ():
        if not isinstance(episode, Mapping):
            continue
        sign = UNDERUSE_SIGNS.get(str(episode.get("cue")))
        if sign is not None:
            found.setdefault(sign, []).append(episode)
    reasons = []
    for sign, episodes in found.items():
        words = [str(w) for e in episodes for w in e.get("matched") or ()][:2]
        turns = sorted({int(i) for e in episodes for i in e.get("utterances") or ()})
        what = _SIGN_REASONS.get(sign, sign.replace("_", " "))
        detail = ": " + " / ".join(f"“{w}”" for w in words) if words else ""
        at = " (turns " + ", ".join(f"#{i}" for i in turns[:4]) + ")" if turns else ""
        reasons.append(
            f"The transcript shows {what}{detail}{at}. Was that what the session needed?"
        )
    return tuple(found), reasons


def checkin_prefill(
    analysis: Mapping[str, Any],
    utterances: Iterable[Moment],
    *,
    session_at: datetime | None,
) -> CheckInPrefill:
    """Map an analysis (``analysis_as_dict``) onto the check-in's questions.

    Choices: offered when the transcript shows at least one, with how many; "no" when
    it shows none (the practitioner may change it to "not applicable"). Self-disclosure:
    "yes" with the utterances quoted as a draft note, "no" when none were found. Signs
    of under-use the form offers (a policy let slide, behaviour left unaddressed, a
    session not redirected, friendship drift) are ticked when the analysis found an
    episode of them. An indicator the analysis lacks, or cannot compute, leaves its
    question unanswered.
    """
    moments = {m.index: m for m in utterances}
    reasons: list[str] = []
    choices_offered: str | None = None
    choices_count: int | None = None
    choices = _indicator(analysis, "choices_offered")
    if choices is not None and choices.get("value") is not None:
        count = round(float(choices["value"]))
        if count > 0:
            choices_offered = "yes"
            choices_count = min(count, MAX_CHOICES)
            reasons.append(
                f"The transcript shows {count} moment{'s' if count != 1 else ''} where you "
                "offered a choice."
            )
        else:
            choices_offered = "no"
            reasons.append(
                "The transcript shows no choice offered; if none was called for, answer "
                "'Not applicable'."
            )

    disclosure: str | None = None
    note = ""
    shared = _indicator(analysis, "self_disclosure")
    if shared is not None and shared.get("value") is not None:
        found = _moments_behind(shared, moments)
        count = round(float(shared["value"]))
        if count > 0:
            disclosure = "yes"
            note = _draft_note(found)
            reasons.append(
                f"The transcript shows {count} moment{'s' if count != 1 else ''} of "
                "self-disclosure, quoted as a draft note. Whose need did it serve?"
            )
        else:
            disclosure = "no"
            reasons.append("The transcript shows no self-disclosure.")

    signs, sign_reasons = _underuse_signs(analysis)
    reasons.extend(sign_reasons)

    if session_at is not None:
        reasons.insert(0, "The session date is the transcript's.")
    return CheckInPrefill(
        session_at=session_at,
        choices_offered=choices_offered,
        choices_count=choices_count,
        disclosure=disclosure,
        disclosure_note=note,
        reasons=tuple(reasons),
        indicators=signs,
    )
