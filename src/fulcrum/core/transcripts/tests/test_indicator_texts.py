"""Every indicator the analysis computes has its words in the table, and no entry is idle."""

from fulcrum.core.transcripts.analysis import analyze
from fulcrum.core.transcripts.coding.rules import RulesCoder
from fulcrum.core.transcripts.indicator_texts import INDICATOR_TEXTS
from fulcrum.core.transcripts.model import Transcript, Utterance


def test_it_describes_every_computed_indicator_and_nothing_else() -> None:
    t = Transcript(
        (Utterance(0, "P", "How are you?", 0.0, 2.0), Utterance(1, "C", "Fine.", 1.5, 3.0)),
        ("P", "C"),
        "test",
        practitioner="P",
        practitioner_confidence=1.0,
    )
    computed = analyze(t, RulesCoder()).indicators
    assert [i.id for i in computed] == list(INDICATOR_TEXTS)
    for ind in computed:
        text = INDICATOR_TEXTS[ind.id]
        assert (ind.label, ind.unit) == (text.label, text.unit)
        assert "{" not in ind.explanation  # every setting filled in
    assert (
        "previous 2 practitioner turns"
        in {i.id: i for i in computed}["advice_without_permission"].explanation
    )
