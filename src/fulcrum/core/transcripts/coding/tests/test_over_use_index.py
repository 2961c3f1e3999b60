"""The over-use index on hand-made sessions whose indicator values are known."""

import math

import pytest

from fulcrum.core.transcripts.analysis import analyze
from fulcrum.core.transcripts.coding.tests.scripted import Scripted
from fulcrum.core.transcripts.indicators import OVERUSE_COMPONENTS
from fulcrum.core.transcripts.model import Transcript, Utterance


def session(*turns: tuple[str, str]) -> Transcript:
    utts = tuple(Utterance(i, who, text) for i, (who, text) in enumerate(turns))
    return Transcript(utts, ("P", "C"), "test", practitioner="P", practitioner_confidence=1.0)


# Four practitioner turns of four words each, four client turns of four words each.
TELLING = session(
    ("P", "Cut down the drinking."),
    ("C", "I like my wine."),
    ("P", "Wine raises blood pressure."),
    ("C", "Not that much, surely."),
    ("P", "Try two dry days."),
    ("C", "That won't work, no."),
    ("P", "How about this weekend?"),
    ("C", "Maybe I could try."),
)
TELLING_CODES = [
    ("input", "advice"),
    ("sustain", None),
    ("input", "information"),
    ("sustain", None),
    ("input", "advice"),
    ("sustain", None),
    ("question", "closed"),
    ("change", None),
]
FOLLOWING = session(
    ("P", "What brings you here?"),
    ("C", "I drink too much."),
    ("P", "It worries you now."),
    ("C", "Yes, my sleep suffers."),
    ("P", "Sleep matters to you."),
    ("C", "I want to cut down."),
    ("P", "Would you prefer weekdays?"),
    ("C", "Weekdays would be easier."),
)
FOLLOWING_CODES = [
    ("question", "open"),
    ("change", None),
    ("reflection", "complex"),
    ("change", None),
    ("reflection", "simple"),
    ("change", None),
    ("question", "closed"),
    ("neutral", None),
]
SPEC = {ind: (mean, spread, weight) for ind, _, mean, spread, weight in OVERUSE_COMPONENTS}


def z(indicator: str, value: float) -> float:
    mean, spread, _ = SPEC[indicator]
    return max(-3.0, min(3.0, (value - mean) / spread))


def test_it_reads_the_components_of_a_telling_session() -> None:
    a = analyze(TELLING, Scripted(TELLING_CODES))
    parts = {c.indicator_id: c for c in a.over_use.components}
    assert parts["input_share"].value == pytest.approx(0.75)
    assert parts["input_share"].z == pytest.approx(z("input_share", 0.75), abs=1e-4)
    # "Cut down the drinking." and "Try two dry days." are advice nobody asked for.
    assert parts["advice_without_permission_rate"].value == pytest.approx(0.5)
    assert parts["reflection_share"].value == 0.0
    assert parts["talk_share_words"].value == pytest.approx(16 / 32)
    assert parts["change_vs_sustain"].value == pytest.approx(1 / 4)
    assert parts["interruptions_by_practitioner_rate"].value is None  # no timestamps
    assert parts["interruptions_by_practitioner_rate"].contribution == 0.0


def test_it_averages_the_weighted_components_it_has() -> None:
    a = analyze(TELLING, Scripted(TELLING_CODES))
    present = [c for c in a.over_use.components if c.value is not None]
    expected = sum(c.weight * c.z for c in present) / sum(abs(c.weight) for c in present)
    assert a.over_use.score == pytest.approx(expected, abs=1e-3)
    assert a.over_use.value == pytest.approx(10 / (1 + math.exp(-1.5 * a.over_use.score)), abs=0.01)


def test_it_scores_telling_above_following() -> None:
    telling = analyze(TELLING, Scripted(TELLING_CODES)).over_use
    following = analyze(FOLLOWING, Scripted(FOLLOWING_CODES)).over_use
    assert telling.value > 5 > following.value
    choices = {c.indicator_id: c.value for c in following.components}
    assert choices["choices_offered_rate"] == pytest.approx(0.25)


def test_it_gives_a_session_and_its_double_the_same_score() -> None:
    doubled = session(*[(u.speaker, u.text) for u in TELLING.utterances] * 2)
    once = analyze(TELLING, Scripted(TELLING_CODES)).over_use
    twice = analyze(doubled, Scripted(TELLING_CODES * 2)).over_use
    # The permission look-back and the talk share read the same in a repeated session.
    assert twice.score == pytest.approx(once.score)


def test_it_leaves_out_what_a_session_cannot_show() -> None:
    neutral_only = [(lab, sub) if lab not in ("change", "sustain") else ("neutral", None)
                    for lab, sub in TELLING_CODES]  # fmt: skip
    a = analyze(TELLING, Scripted(neutral_only)).over_use
    parts = {c.indicator_id: c for c in a.components}
    assert parts["change_vs_sustain"].value is None
    present = [c for c in a.components if c.value is not None]
    assert a.score == pytest.approx(
        sum(c.weight * c.z for c in present) / sum(abs(c.weight) for c in present), abs=1e-3
    )


def test_it_never_counts_turns_or_utterances() -> None:
    units = {i.id: i.unit for i in analyze(TELLING, Scripted(TELLING_CODES)).indicators}
    assert {units[ind] for ind, *_ in OVERUSE_COMPONENTS} == {"share", "rate"}
