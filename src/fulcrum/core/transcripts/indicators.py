"""Session indicators: each a number, a plain explanation and the utterances behind it.

Indicators read the coded session (one :class:`Code` per utterance) plus the text and
timestamps. They are prompts for reflection and supervision, not verdicts. The two
indices combine shares and rates only, never counts, so a long session does not look
like more over-use just for being long.
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
from fulcrum.core.transcripts.lsc import coordination, exchanges_between
from fulcrum.core.transcripts.model import Transcript

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
    """An index: ``score`` is the weighted mean of standardised components (about -3..3),
    ``value`` maps it onto 0..10 (5 is a typical session); ``components`` show why."""

    id: str
    label: str
    score: float
    value: float
    components: tuple[IndexComponent, ...]
    explanation: str


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


def compute_indicators(
    transcript: Transcript, roles: Sequence[Role], codes: Sequence[Code]
) -> tuple[IndicatorValue, ...]:
    """Compute every session indicator from the transcript, roles and codes."""
    us = transcript.utterances
    idx = [u.index for u in us]
    prac = [i for i, r in enumerate(roles) if r == "practitioner"]
    cli = [i for i, r in enumerate(roles) if r == "client"]
    words = [_words(u.text) for u in us]
    out: list[IndicatorValue] = []

    def add(
        id_: str, label: str, value: float | None, unit: str, expl: str, at: Sequence[int] = ()
    ) -> None:
        out.append(IndicatorValue(id_, label, value, unit, expl, tuple(idx[i] for i in at)))

    p_words = sum(words[i] for i in prac)
    c_words = sum(words[i] for i in cli)
    add(
        "talk_share_words",
        "Practitioner's share of words",
        _share(p_words, p_words + c_words),
        "share",
        "Of all words spoken, the share that were the practitioner's.",
        prac,
    )
    durations = _durations(transcript)
    p_time = sum(d for i, d in enumerate(durations) if d is not None and roles[i] == "practitioner")
    c_time = sum(d for i, d in enumerate(durations) if d is not None and roles[i] == "client")
    known = sum(1 for d in durations if d is not None)
    add(
        "talk_share_time",
        "Practitioner's share of speaking time",
        _share(p_time, p_time + c_time) if known * 2 >= len(us) and us else None,
        "share",
        "Of the timed speech, the share that was the practitioner's (needs timestamps).",
        prac if known else (),
    )
    add(
        "practitioner_turns",
        "Practitioner turns",
        float(len(prac)),
        "count",
        "How many utterances the practitioner made.",
        prac,
    )
    add(
        "client_turns",
        "Client turns",
        float(len(cli)),
        "count",
        "How many utterances the client made.",
        cli,
    )
    add(
        "practitioner_mean_turn_words",
        "Practitioner's mean turn length",
        p_words / len(prac) if prac else None,
        "words",
        "Average words per practitioner utterance.",
        prac,
    )
    add(
        "client_mean_turn_words",
        "Client's mean turn length",
        c_words / len(cli) if cli else None,
        "words",
        "Average words per client utterance.",
        cli,
    )

    for role, id_, who in (
        ("practitioner", "longest_monologue_words", "practitioner"),
        ("client", "client_longest_monologue_words", "client"),
    ):
        best: list[int] = []
        run: list[int] = []
        for i, r in enumerate(roles):
            if r == role:
                run.append(i)
                if sum(words[j] for j in run) > sum(words[j] for j in best):
                    best = list(run)
            else:
                run = []
        add(
            id_,
            f"Longest {who} monologue",
            float(sum(words[j] for j in best)),
            "words",
            f"The most words the {who} spoke in a row without the other person speaking.",
            best,
        )

    def coded(label: str, subtype: str | None = None) -> list[int]:
        return [
            i
            for i in prac
            if codes[i].label == label and (subtype is None or codes[i].subtype == subtype)
        ]

    questions, reflections, inputs, others = (
        coded(x) for x in ("question", "reflection", "input", "other")
    )
    n_p = len(prac)
    qpr = None if not questions and not reflections else len(questions) / max(len(reflections), 1)
    add(
        "questions_per_reflection",
        "Questions per reflection",
        qpr,
        "ratio",
        "Questions asked for each reflection offered (with no reflections, questions are "
        "divided by one). Many questions per reflection can steer more than it follows.",
        questions + reflections,
    )
    for label, ids in (
        ("reflection", reflections),
        ("question", questions),
        ("input", inputs),
        ("other", others),
    ):
        add(
            f"{label}_share",
            f"Share of practitioner turns coded {label}",
            _share(len(ids), n_p),
            "share",
            f"Of the practitioner's utterances, the share coded as {label}.",
            ids,
        )
    advice = coded("input", "advice")
    options = coded("input", "options")
    add(
        "advice_share_of_input",
        "Advice within input",
        _share(len(advice), len(inputs)),
        "share",
        "Of the practitioner's input, the share that was advice (telling what to do).",
        advice,
    )
    add(
        "options_share_of_input",
        "Options within input",
        _share(len(options), len(inputs)),
        "share",
        "Of the practitioner's input, the share that laid out options to choose from.",
        options,
    )

    unasked: list[int] = []
    for i in advice:
        earlier = [j for j in prac if j < i][-PERMISSION_LOOKBACK:]
        if not any(permission_cue(us[j].text) for j in [*earlier, i]):
            unasked.append(i)
    add(
        "advice_without_permission",
        "Advice given without asking",
        float(len(unasked)),
        "count",
        f"Advice with no permission-asking in it or in the previous {PERMISSION_LOOKBACK} "
        "practitioner turns (e.g. 'Would it be okay if I shared an idea?').",
        unasked,
    )
    add(
        "advice_without_permission_rate",
        "Unasked advice per practitioner turn",
        _share(len(unasked), n_p),
        "rate",
        "Unasked advice as a share of practitioner turns.",
        unasked,
    )

    for id_, label, cue_fn, expl in (
        (
            "choices_offered",
            "Choices offered",
            choice_cue,
            "Utterances that hand the client a choice ('Would you prefer to start face up or face "
            "down?', 'it's up to you').",
        ),
        (
            "directives",
            "Directives",
            directive_cue,
            "Utterances that tell the client what to do ('you need to', 'lie down', 'stop').",
        ),
        (
            "self_disclosure",
            "Practitioner self-disclosure",
            self_disclosure_cue,
            "Practitioner utterances with first-person personal content ('I also...', 'when I "
            "was...', 'my own...'). Ask whether each served the client.",
        ),
    ):
        hits = [i for i in prac if cue_fn(us[i].text)]
        add(id_, label, float(len(hits)), "count", expl, hits)
        add(
            f"{id_}_rate",
            f"{label} per practitioner turn",
            _share(len(hits), n_p),
            "rate",
            f"{label} as a share of practitioner turns.",
            hits,
        )

    overlaps: list[int] = []
    by: dict[Role, list[int]] = {"practitioner": [], "client": []}
    timed = any(u.end is not None for u in us)
    for i in range(1, len(us)):
        a, b = us[i - 1], us[i]
        if roles[i] == roles[i - 1] or a.end is None or b.start is None or b.start >= a.end:
            continue
        overlaps.append(i)
        if a.end - b.start >= INTERRUPTION_MIN_OVERLAP_S or _TRAILS_OFF.search(a.text):
            by[roles[i]].append(i)
    add(
        "overlaps",
        "Overlapping speech",
        float(len(overlaps)) if timed else None,
        "count",
        "Times one person started before the other had finished (needs start and end times).",
        overlaps,
    )
    roles_pair: tuple[Role, Role] = ("practitioner", "client")
    for role in roles_pair:
        other = "client" if role == "practitioner" else "practitioner"
        own = prac if role == "practitioner" else cli
        add(
            f"interruptions_by_{role}",
            f"Interruptions by the {role}",
            float(len(by[role])) if timed else None,
            "count",
            f"Overlaps where the {role} came in at least {INTERRUPTION_MIN_OVERLAP_S:g} s before "
            f"the {other} finished, or the {other}'s words trail off.",
            by[role],
        )
        add(
            f"interruptions_by_{role}_rate",
            f"Interruptions per {role} turn",
            _share(len(by[role]), len(own)) if timed else None,
            "rate",
            f"Interruptions by the {role} as a share of the {role}'s turns.",
            by[role],
        )

    texts = [u.text for u in us]
    for speaker, target in (("practitioner", "client"), ("client", "practitioner")):
        pairs = exchanges_between(roles, texts, speaker, target)
        c = coordination(pairs, speaker, target)
        replies = [i for i in range(1, len(us)) if roles[i] == speaker and roles[i - 1] == target]
        add(
            f"lsc_{speaker}_to_{target}",
            f"Style coordination, {speaker} toward {target}",
            c.mean,
            "difference",
            f"How much more the {speaker} uses the {target}'s function-word categories right "
            f"after the {target} used them than usual (mean over categories; > 0 means echoing).",
            replies,
        )

    change, sustain = ([i for i in cli if codes[i].label == x] for x in ("change", "sustain"))
    add(
        "change_talk_share",
        "Client change talk",
        _share(len(change), len(cli)),
        "share",
        "Of the client's utterances, the share that speak for change.",
        change,
    )
    add(
        "sustain_talk_share",
        "Client sustain talk",
        _share(len(sustain), len(cli)),
        "share",
        "Of the client's utterances, the share that speak for things staying as they are.",
        sustain,
    )
    add(
        "change_vs_sustain",
        "Change among change and sustain talk",
        _share(len(change), len(change) + len(sustain)),
        "share",
        "Change talk as a share of change plus sustain talk.",
        sorted(change + sustain),
    )
    for spec in client_power_indicator_specs(transcript, roles):
        add(*spec)
    return tuple(out)


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
UNDERUSE_COMPONENTS: tuple[tuple[str, str, float, float, float], ...] = (
    ("talk_share_words", "identity", 0.55, 0.15, -1.0),
    ("other_share", "identity", 0.33, 0.15, 1.0),
    ("client_longest_monologue_words", "log1p", 4.5, 0.8, 0.5),
    ("lsc_practitioner_to_client", "identity", 0.0, 0.05, 0.5),
    ("interruptions_by_client_rate", "identity", 0.02, 0.05, 0.5),
    ("directives_rate", "identity", 0.03, 0.04, -0.5),
)


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
    under = _index(
        "under_use",
        "Under-use index",
        UNDERUSE_COMPONENTS,
        values,
        "Weighted mean of standardised shares and rates that show the practitioner holding "
        "back their role: a small share of the talk, many minimal responses, long client "
        "monologues, strong echoing of the client's style, client interruptions and no "
        "directives raise it.",
    )
    return over, under
