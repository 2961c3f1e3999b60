"""Session indicators: each a number, a plain explanation and the utterances behind it.

Indicators read the coded session (one :class:`Code` per utterance) plus the text and
timestamps. They are prompts for reflection and supervision, not verdicts. Each family
of indicators is one function below; their labels, units and explanations are data in
:mod:`fulcrum.core.transcripts.indicator_texts`. The over-use index combines shares and
rates only, never counts, so a long session does not look like more over-use just for
being long; the under-use index adds up episodes of the role held back
(:mod:`fulcrum.core.transcripts.underuse`), so following well never raises it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from fulcrum.core.transcripts.client_power import client_power_indicator_specs
from fulcrum.core.transcripts.coding.base import Code, Role
from fulcrum.core.transcripts.coding.rules import (
    choice_cue,
    directive_cue,
    permission_cue,
    self_disclosure_cue,
)
from fulcrum.core.transcripts.indicator_texts import INDICATOR_TEXTS
from fulcrum.core.transcripts.lsc import coordination, exchanges_between
from fulcrum.core.transcripts.model import Transcript
from fulcrum.core.transcripts.underuse import UNDERUSE_CUES, UnderuseEpisode, find_underuse

PERMISSION_LOOKBACK = 2
INTERRUPTION_MIN_OVERLAP_S = 1.0
_TRAILS_OFF = re.compile(r"(?:-|\u2014|\u2013|\.\.\.|\u2026)\s*$")


@dataclass(frozen=True, slots=True)
class IndicatorValue:
    """One indicator for one session.

    ``value`` is ``None`` when the session cannot show it (e.g. no timestamps);
    ``utterances`` lists the utterance indices behind the value, in order.
    """

    id: str
    label: str
    value: float | None
    unit: str
    explanation: str
    utterances: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class IndexComponent:
    """One indicator's part in an index: its value, standardised value and weight."""

    indicator_id: str
    value: float | None
    z: float
    weight: float
    contribution: float


@dataclass(frozen=True, slots=True)
class IndexScore:
    """An index on 0..10, the ``score`` behind it and the ``components`` that show why.

    ``reading`` says in a sentence what the 0..10 scale means for this index.
    """

    id: str
    label: str
    score: float
    value: float
    components: tuple[IndexComponent, ...]
    explanation: str
    reading: str = "5 is a typical session."


@dataclass(frozen=True, slots=True)
class _Session:
    """What every family reads: the transcript, roles, codes and a few derived lists."""

    transcript: Transcript
    roles: Sequence[Role]
    codes: Sequence[Code]
    prac: list[int]
    cli: list[int]
    words: list[int]


def _words(text: str) -> int:
    return len(text.split())


def _durations(transcript: Transcript) -> list[float | None]:
    us = transcript.utterances
    out: list[float | None] = []
    for i, u in enumerate(us):
        if u.start is not None and u.end is not None:
            out.append(max(u.end - u.start, 0.0))
        elif u.start is not None and i + 1 < len(us) and us[i + 1].start is not None:
            nxt = us[i + 1].start
            assert nxt is not None
            out.append(max(nxt - u.start, 0.0))
        else:
            out.append(None)
    return out


def _share(part: float, whole: float) -> float | None:
    return part / whole if whole > 0 else None


def _indicator(
    s: _Session, id_: str, value: float | None, at: Sequence[int] = ()
) -> IndicatorValue:
    """The indicator ``id_`` with its words from the table; ``at`` are positions."""
    text = INDICATOR_TEXTS[id_]
    explanation = text.explanation.format(
        lookback=PERMISSION_LOOKBACK, overlap_s=f"{INTERRUPTION_MIN_OVERLAP_S:g}"
    )
    us = s.transcript.utterances
    return IndicatorValue(
        id_, text.label, value, text.unit, explanation, tuple(us[i].index for i in at)
    )


def talk_indicators(s: _Session) -> list[IndicatorValue]:
    """Who holds the floor: shares of words and time, turns, turn lengths, monologues."""
    us = s.transcript.utterances
    p_words = sum(s.words[i] for i in s.prac)
    c_words = sum(s.words[i] for i in s.cli)
    durations = _durations(s.transcript)
    p_time = sum(
        d for i, d in enumerate(durations) if d is not None and s.roles[i] == "practitioner"
    )
    c_time = sum(d for i, d in enumerate(durations) if d is not None and s.roles[i] == "client")
    known = sum(1 for d in durations if d is not None)
    out = [
        _indicator(s, "talk_share_words", _share(p_words, p_words + c_words), s.prac),
        _indicator(
            s,
            "talk_share_time",
            _share(p_time, p_time + c_time) if known * 2 >= len(us) and us else None,
            s.prac if known else (),
        ),
        _indicator(s, "practitioner_turns", float(len(s.prac)), s.prac),
        _indicator(s, "client_turns", float(len(s.cli)), s.cli),
        _indicator(
            s, "practitioner_mean_turn_words", p_words / len(s.prac) if s.prac else None, s.prac
        ),
        _indicator(s, "client_mean_turn_words", c_words / len(s.cli) if s.cli else None, s.cli),
    ]
    for role, id_ in (
        ("practitioner", "longest_monologue_words"),
        ("client", "client_longest_monologue_words"),
    ):
        best: list[int] = []
        run: list[int] = []
        for i, r in enumerate(s.roles):
            if r == role:
                run.append(i)
                if sum(s.words[j] for j in run) > sum(s.words[j] for j in best):
                    best = list(run)
            else:
                run = []
        out.append(_indicator(s, id_, float(sum(s.words[j] for j in best)), best))
    return out


def _coded(s: _Session, label: str, subtype: str | None = None) -> list[int]:
    return [
        i
        for i in s.prac
        if s.codes[i].label == label and (subtype is None or s.codes[i].subtype == subtype)
    ]


def code_indicators(s: _Session) -> list[IndicatorValue]:
    """What the practitioner's turns did: questions per reflection, code shares, input."""
    questions, reflections, inputs, others = (
        _coded(s, x) for x in ("question", "reflection", "input", "other")
    )
    n_p = len(s.prac)
    qpr = None if not questions and not reflections else len(questions) / max(len(reflections), 1)
    out = [_indicator(s, "questions_per_reflection", qpr, questions + reflections)]
    for label, ids in (
        ("reflection", reflections),
        ("question", questions),
        ("input", inputs),
        ("other", others),
    ):
        out.append(_indicator(s, f"{label}_share", _share(len(ids), n_p), ids))
    advice = _coded(s, "input", "advice")
    options = _coded(s, "input", "options")
    out.append(_indicator(s, "advice_share_of_input", _share(len(advice), len(inputs)), advice))
    out.append(_indicator(s, "options_share_of_input", _share(len(options), len(inputs)), options))
    return out


def permission_indicators(s: _Session) -> list[IndicatorValue]:
    """Advice given with no permission asked in it or just before it."""
    us = s.transcript.utterances
    unasked: list[int] = []
    for i in _coded(s, "input", "advice"):
        earlier = [j for j in s.prac if j < i][-PERMISSION_LOOKBACK:]
        if not any(permission_cue(us[j].text) for j in [*earlier, i]):
            unasked.append(i)
    return [
        _indicator(s, "advice_without_permission", float(len(unasked)), unasked),
        _indicator(s, "advice_without_permission_rate", _share(len(unasked), len(s.prac)), unasked),
    ]


def cue_indicators(s: _Session) -> list[IndicatorValue]:
    """Cues in the practitioner's words: choices offered, directives, self-disclosure."""
    us = s.transcript.utterances
    out: list[IndicatorValue] = []
    for id_, cue_fn in (
        ("choices_offered", choice_cue),
        ("directives", directive_cue),
        ("self_disclosure", self_disclosure_cue),
    ):
        hits = [i for i in s.prac if cue_fn(us[i].text)]
        out.append(_indicator(s, id_, float(len(hits)), hits))
        out.append(_indicator(s, f"{id_}_rate", _share(len(hits), len(s.prac)), hits))
    return out


def overlap_indicators(s: _Session) -> list[IndicatorValue]:
    """Overlapping speech and interruptions, from start and end times."""
    us = s.transcript.utterances
    overlaps: list[int] = []
    by: dict[Role, list[int]] = {"practitioner": [], "client": []}
    timed = any(u.end is not None for u in us)
    for i in range(1, len(us)):
        a, b = us[i - 1], us[i]
        if s.roles[i] == s.roles[i - 1] or a.end is None or b.start is None or b.start >= a.end:
            continue
        overlaps.append(i)
        if a.end - b.start >= INTERRUPTION_MIN_OVERLAP_S or _TRAILS_OFF.search(a.text):
            by[s.roles[i]].append(i)
    out = [_indicator(s, "overlaps", float(len(overlaps)) if timed else None, overlaps)]
    roles_pair: tuple[Role, Role] = ("practitioner", "client")
    for role in roles_pair:
        own = s.prac if role == "practitioner" else s.cli
        out.append(
            _indicator(
                s, f"interruptions_by_{role}", float(len(by[role])) if timed else None, by[role]
            )
        )
        out.append(
            _indicator(
                s,
                f"interruptions_by_{role}_rate",
                _share(len(by[role]), len(own)) if timed else None,
                by[role],
            )
        )
    return out


def coordination_indicators(s: _Session) -> list[IndicatorValue]:
    """Linguistic style coordination each way (:mod:`fulcrum.core.transcripts.lsc`)."""
    us = s.transcript.utterances
    texts = [u.text for u in us]
    out: list[IndicatorValue] = []
    for speaker, target in (("practitioner", "client"), ("client", "practitioner")):
        pairs = exchanges_between(s.roles, texts, speaker, target)
        c = coordination(pairs, speaker, target)
        replies = [
            i for i in range(1, len(us)) if s.roles[i] == speaker and s.roles[i - 1] == target
        ]
        out.append(_indicator(s, f"lsc_{speaker}_to_{target}", c.mean, replies))
    return out


def client_talk_indicators(s: _Session) -> list[IndicatorValue]:
    """The client's change and sustain talk."""
    change, sustain = ([i for i in s.cli if s.codes[i].label == x] for x in ("change", "sustain"))
    return [
        _indicator(s, "change_talk_share", _share(len(change), len(s.cli)), change),
        _indicator(s, "sustain_talk_share", _share(len(sustain), len(s.cli)), sustain),
        _indicator(
            s,
            "change_vs_sustain",
            _share(len(change), len(change) + len(sustain)),
            sorted(change + sustain),
        ),
    ]


def underuse_indicators(s: _Session, episodes: Sequence[UnderuseEpisode]) -> list[IndicatorValue]:
    """One indicator per under-use cue: its episodes (summed strengths) and their turns."""
    out: list[IndicatorValue] = []
    for cue in UNDERUSE_CUES:
        mine = [e for e in episodes if e.cue == cue.id]
        at = sorted({p for e in mine for p in e.positions})
        out.append(_indicator(s, f"underuse_{cue.id}", float(sum(e.strength for e in mine)), at))
    return out


def session_underuse(transcript: Transcript, roles: Sequence[Role]) -> tuple[UnderuseEpisode, ...]:
    """The session's under-use episodes (positions are 0-based, in session order)."""
    return find_underuse([u.text for u in transcript.utterances], roles)


def compute_indicators(
    transcript: Transcript,
    roles: Sequence[Role],
    codes: Sequence[Code],
    *,
    episodes: Sequence[UnderuseEpisode] | None = None,
) -> tuple[IndicatorValue, ...]:
    """Compute every session indicator from the transcript, roles and codes.

    ``episodes`` are the session's under-use episodes when the caller has found them
    already (:func:`session_underuse`); otherwise they are found here.
    """
    words = [_words(u.text) for u in transcript.utterances]
    s = _Session(
        transcript,
        roles,
        codes,
        [i for i, r in enumerate(roles) if r == "practitioner"],
        [i for i, r in enumerate(roles) if r == "client"],
        words,
    )
    found = session_underuse(transcript, roles) if episodes is None else episodes
    return (
        *talk_indicators(s),
        *code_indicators(s),
        *permission_indicators(s),
        *cue_indicators(s),
        *overlap_indicators(s),
        *coordination_indicators(s),
        *client_talk_indicators(s),
        *underuse_indicators(s, found),
        *client_power_indicators(s),
    )


def client_power_indicators(s: _Session) -> list[IndicatorValue]:
    """The client's power in the room (core.transcripts.client_power): its moments, their
    rate, and a count for each kind; the words are that module's own."""
    us = s.transcript.utterances
    return [
        IndicatorValue(id_, label, value, unit, explanation, tuple(us[i].index for i in at))
        for id_, label, value, unit, explanation, at in client_power_indicator_specs(
            s.transcript, s.roles
        )
    ]


# (indicator id, transform, reference mean, reference spread, weight).
#
# Over-use: the practitioner telling, advising unasked and directing rather than
# following. The components and their signs are Fulcrum's reading of the domain (input,
# unasked advice and directives lead; reflections follow; the client arguing for things
# as they are is how being pushed usually shows; self-disclosure, interruptions and not
# offering choices are the subtle over-uses the domain names). The weights favour what a
# learned coder finds reliably — input and advice — over what it finds less reliably
# (reflections, client talk); they were chosen on three of the five cross-validation
# folds of the AnnoMI development file and checked on the other two
# (docs/transcript-analysis.md). References standardise each component: the mean and
# spread over that file's sessions with its human codes (its quality labels play no part
# in them); the AnnoMI file has no self-disclosure, interruptions or choices to speak of,
# so those references are set by hand. Only shares and rates enter, never counts, and
# not session length.
OVERUSE_COMPONENTS: tuple[tuple[str, str, float, float, float], ...] = (
    ("input_share", "identity", 0.20, 0.21, 1.0),
    ("advice_without_permission_rate", "identity", 0.06, 0.12, 1.0),
    ("directives_rate", "identity", 0.027, 0.057, 0.5),
    ("talk_share_words", "identity", 0.545, 0.15, 0.25),
    ("reflection_share", "identity", 0.26, 0.20, -0.25),
    ("change_vs_sustain", "identity", 0.61, 0.34, -0.25),
    ("self_disclosure_rate", "identity", 0.01, 0.02, 0.25),
    ("choices_offered_rate", "identity", 0.01, 0.02, -0.25),
    ("interruptions_by_practitioner_rate", "identity", 0.02, 0.05, 0.25),
)
# Under-use: episodes of the role held back (fulcrum.core.transcripts.underuse). Each
# component is one cue's episodes, counted up to UNDERUSE_CAP so that one kind of episode
# cannot stand for all; the score is their weighted sum, so a session with none scores 0
# however the practitioner shares the talk. Weights come with the cues.
UNDERUSE_CAP = 3.0
UNDERUSE_SCALE = 2.0


def _index(
    id_: str,
    label: str,
    spec: Sequence[tuple[str, str, float, float, float]],
    values: dict[str, float | None],
    explanation: str,
) -> IndexScore:
    parts: list[IndexComponent] = []
    total_w = 0.0
    total = 0.0
    for ind, transform, mean, spread, weight in spec:
        v = values.get(ind)
        if v is None:
            parts.append(IndexComponent(ind, None, 0.0, weight, 0.0))
            continue
        x = math.log1p(max(v, 0.0)) if transform == "log1p" else v
        z = max(-3.0, min(3.0, (x - mean) / spread))
        parts.append(IndexComponent(ind, v, round(z, 4), weight, round(weight * z, 4)))
        total += weight * z
        total_w += abs(weight)
    score = total / total_w if total_w else 0.0
    value = 10.0 / (1.0 + math.exp(-1.5 * score))
    return IndexScore(id_, label, round(score, 4), round(value, 2), tuple(parts), explanation)


def _underuse_index(values: dict[str, float | None], explanation: str) -> IndexScore:
    parts: list[IndexComponent] = []
    total = 0.0
    for cue in UNDERUSE_CUES:
        ind = f"underuse_{cue.id}"
        v = values.get(ind)
        if v is None:
            parts.append(IndexComponent(ind, None, 0.0, cue.weight, 0.0))
            continue
        z = min(max(v, 0.0), UNDERUSE_CAP)
        parts.append(IndexComponent(ind, v, round(z, 4), cue.weight, round(cue.weight * z, 4)))
        total += cue.weight * z
    value = 10.0 * (1.0 - math.exp(-total / UNDERUSE_SCALE))
    return IndexScore(
        "under_use",
        "Under-use index",
        round(total, 4),
        round(value, 2),
        tuple(parts),
        explanation,
        reading="0 means no episode of the role held back was found; each one found raises it.",
    )


def compute_indices(indicators: Sequence[IndicatorValue]) -> tuple[IndexScore, IndexScore]:
    """Combine indicators into the over-use and under-use indices."""
    values = {i.id: i.value for i in indicators}
    over = _index(
        "over_use",
        "Over-use index",
        OVERUSE_COMPONENTS,
        values,
        "Weighted mean of standardised shares and rates that show the practitioner leading "
        "more than following: input (information and advice), advice given without asking, "
        "directives, a large share of the talk, self-disclosure and interruptions raise it; "
        "reflections, the client speaking for change rather than against it, and choices "
        "offered lower it. Counts never enter, so session length does not.",
    )
    under = _underuse_index(
        values,
        "Moments worth a second look, where the session may have called for the role and "
        "it was held back: a request that crosses a practice policy agreed to, or a policy "
        "waived unasked; the role disclaimed ('I don't want to impose') or repeated "
        "apologies; the client's words or behaviour crossing the limits of the work let "
        "pass; friendship talk; a long off-topic or "
        "chatty stretch never redirected; no frame offered at the start or the end. Each "
        "episode raises it, more when the practitioner said almost nothing through a chatty "
        "stretch. Listening, reflecting, short replies, a small share of the talk and "
        "echoing the client's style do not raise it: they are how following well sounds.",
    )
    return over, under
