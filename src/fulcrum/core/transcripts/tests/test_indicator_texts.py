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
    every = analyze(t, RulesCoder()).indicators
    # The client's power in the room keeps its words beside its cues (client_power.py).
    computed = [i for i in every if not i.id.startswith("client_power")]
    client_power = [i for i in every if i.id.startswith("client_power")]
    assert client_power
    assert all(i.label and i.explanation for i in client_power)
    assert [i.id for i in computed] == list(INDICATOR_TEXTS)
    for ind in computed:
        text = INDICATOR_TEXTS[ind.id]
        assert (ind.label, ind.unit) == (text.label, text.unit)
        assert "{" not in ind.explanation  # every setting filled in
    assert (
        "previous 2 practitioner turns"
        in {i.id: i for i in computed}["advice_without_permission"].explanation
    )
