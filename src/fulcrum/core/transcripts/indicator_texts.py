"""What each session indicator is called, its unit and what it counts, kept as data.

The computations live in :mod:`fulcrum.core.transcripts.indicators`, one function per
family; they look their words up here, so a label or an explanation changes in one
place and a test can check that every computed indicator has its entry. Explanations
may hold ``{lookback}`` and ``{overlap_s}``, filled in from the indicators' settings.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

__all__ = ["INDICATOR_TEXTS", "IndicatorText"]


@dataclass(frozen=True, slots=True)
class IndicatorText:
    """An indicator's label, unit and one-or-two-sentence explanation."""

    label: str
    unit: str
    explanation: str


def _table(*rows: tuple[str, str, str, str]) -> Mapping[str, IndicatorText]:
    table: dict[str, IndicatorText] = {}
    for id_, label, unit, explanation in rows:
        if id_ in table:  # pragma: no cover -- a typo in the table below
            raise ValueError(f"Indicator {id_!r} is described twice.")
        table[id_] = IndicatorText(label, unit, explanation)
    return MappingProxyType(table)


def _code_share(label: str) -> tuple[str, str, str, str]:
    return (
        f"{label}_share",
        f"Share of practitioner turns coded {label}",
        "share",
        f"Of the practitioner's utterances, the share coded as {label}.",
    )


def _cue_pair(id_: str, label: str, explanation: str) -> tuple[tuple[str, str, str, str], ...]:
    return (
        (id_, label, "count", explanation),
        (
            f"{id_}_rate",
            f"{label} per practitioner turn",
            "rate",
            f"{label} as a share of practitioner turns.",
        ),
    )


def _interruptions(role: str, other: str) -> tuple[tuple[str, str, str, str], ...]:
    return (
        (
            f"interruptions_by_{role}",
            f"Interruptions by the {role}",
            "count",
            f"Overlaps where the {role} came in at least {{overlap_s}} s before the {other} "
            f"finished, or the {other}'s words trail off.",
        ),
        (
            f"interruptions_by_{role}_rate",
            f"Interruptions per {role} turn",
            "rate",
            f"Interruptions by the {role} as a share of the {role}'s turns.",
        ),
    )


def _coordination(speaker: str, target: str) -> tuple[str, str, str, str]:
    return (
        f"lsc_{speaker}_to_{target}",
        f"Style coordination, {speaker} toward {target}",
        "difference",
        f"How much more the {speaker} uses the {target}'s function-word categories right "
        f"after the {target} used them than usual (mean over categories; > 0 means echoing). "
        "Echoing is not deference: reflective listening echoes the client by design, so "
        "neither index reads it.",
    )


INDICATOR_TEXTS: Mapping[str, IndicatorText] = _table(
    # talk: who holds the floor
    (
        "talk_share_words",
        "Practitioner's share of words",
        "share",
        "Of all words spoken, the share that were the practitioner's.",
    ),
    (
        "talk_share_time",
        "Practitioner's share of speaking time",
        "share",
        "Of the timed speech, the share that was the practitioner's (needs timestamps).",
    ),
    (
        "practitioner_turns",
        "Practitioner turns",
        "count",
        "How many utterances the practitioner made.",
    ),
    ("client_turns", "Client turns", "count", "How many utterances the client made."),
    (
        "practitioner_mean_turn_words",
        "Practitioner's mean turn length",
        "words",
        "Average words per practitioner utterance.",
    ),
    (
        "client_mean_turn_words",
        "Client's mean turn length",
        "words",
        "Average words per client utterance.",
    ),
    (
        "longest_monologue_words",
        "Longest practitioner monologue",
        "words",
        "The most words the practitioner spoke in a row without the other person speaking.",
    ),
    (
        "client_longest_monologue_words",
        "Longest client monologue",
        "words",
        "The most words the client spoke in a row without the other person speaking.",
    ),
    # codes: what the practitioner's turns did
    (
        "questions_per_reflection",
        "Questions per reflection",
        "ratio",
        "Questions asked for each reflection offered (with no reflections, questions are "
        "divided by one). Many questions per reflection can steer more than it follows.",
    ),
    _code_share("reflection"),
    _code_share("question"),
    _code_share("input"),
    _code_share("other"),
    (
        "advice_share_of_input",
        "Advice within input",
        "share",
        "Of the practitioner's input, the share that was advice (telling what to do).",
    ),
    (
        "options_share_of_input",
        "Options within input",
        "share",
        "Of the practitioner's input, the share that laid out options to choose from.",
    ),
    # permission
    (
        "advice_without_permission",
        "Advice given without asking",
        "count",
        "Advice with no permission-asking in it or in the previous {lookback} practitioner "
        "turns (e.g. 'Would it be okay if I shared an idea?').",
    ),
    (
        "advice_without_permission_rate",
        "Unasked advice per practitioner turn",
        "rate",
        "Unasked advice as a share of practitioner turns.",
    ),
    # cues in the practitioner's words
    *_cue_pair(
        "choices_offered",
        "Choices offered",
        "Utterances that hand the client a choice ('Would you prefer to start face up or face "
        "down?', 'it's up to you').",
    ),
    *_cue_pair(
        "directives",
        "Directives",
        "Utterances that tell the client what to do ('you need to', 'lie down', 'stop').",
    ),
    *_cue_pair(
        "self_disclosure",
        "Practitioner self-disclosure",
        "Practitioner utterances with first-person personal content ('I also...', 'when I "
        "was...', 'my own...'). Ask whether each served the client.",
    ),
    # overlapping speech
    (
        "overlaps",
        "Overlapping speech",
        "count",
        "Times one person started before the other had finished (needs start and end times).",
    ),
    *_interruptions("practitioner", "client"),
    *_interruptions("client", "practitioner"),
    # style coordination
    _coordination("practitioner", "client"),
    _coordination("client", "practitioner"),
    # client talk
    (
        "change_talk_share",
        "Client change talk",
        "share",
        "Of the client's utterances, the share that speak for change.",
    ),
    (
        "sustain_talk_share",
        "Client sustain talk",
        "share",
        "Of the client's utterances, the share that speak for things staying as they are.",
    ),
    (
        "change_vs_sustain",
        "Change among change and sustain talk",
        "share",
        "Change talk as a share of change plus sustain talk.",
    ),
    # the role held back (fulcrum.core.transcripts.underuse)
    (
        "underuse_policy_accepted",
        "Policy request accepted",
        "episodes",
        "Moments where a request that crosses a practice policy (extra time, a discount or "
        "paying later, a missed session without its fee, contact outside sessions, meeting "
        "socially) was agreed to in the room, or the practitioner waived the policy "
        "unasked. Holding the policy kindly does not count.",
    ),
    (
        "underuse_frame_yielded",
        "Role disclaimed",
        "episodes",
        "The practitioner giving the role away in words ('I don't want to impose', 'you're "
        "the boss', 'who am I to say'), yielding when the client set the session's frame, or "
        "apologising again and again. Handing the client a real choice does not count.",
    ),
    (
        "underuse_behaviour_unaddressed",
        "Behaviour left unaddressed",
        "episodes",
        "Words or behaviour from the client that cross the limits of the work (sexual "
        "remarks, insults, threats of harm, arriving intoxicated, filming) that the "
        "practitioner's next turns let pass rather than name. A complaint, a review or a "
        "lawsuit is the client's right: it is read as the client's power in the room, not "
        "here.",
    ),
    (
        "underuse_friendship_talk",
        "Friendship talk",
        "episodes",
        "Plans together or friendship named ('we should grab a coffee', 'you're like a "
        "friend'), or the client asking about the practitioner's life and getting a long "
        "personal answer.",
    ),
    (
        "underuse_not_redirected",
        "Chatty stretch not redirected",
        "episodes",
        "A long stretch in which the client talks off-topic or chats through the work while "
        "the practitioner only murmurs, and nobody brings the session back. Long client "
        "turns about the client's own concerns do not count.",
    ),
    (
        "underuse_no_structure",
        "No structure offered",
        "episodes",
        "A session of some length with no word from the practitioner about its frame at the "
        "start (what to focus on, the time there is) or at the end (time nearly up, what "
        "comes next).",
    ),
)
