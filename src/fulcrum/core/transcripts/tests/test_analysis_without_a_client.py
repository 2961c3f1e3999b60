"""A session in which only the practitioner speaks has no client's side to weigh, so the
analysis keeps its indicators and leaves the indices out."""

from __future__ import annotations

from fulcrum.core.transcripts.analysis import analysis_as_dict, analyze
from fulcrum.core.transcripts.coding.rules import RulesCoder
from fulcrum.core.transcripts.model import Transcript, Utterance, client_speaks


def _session(*speakers: str) -> Transcript:
    turns = tuple(
        Utterance(i, speaker, "Notice where you are sitting. Let the shoulders drop.")
        for i, speaker in enumerate(speakers)
    )
    return Transcript(turns, tuple(dict.fromkeys(speakers)), "plain", practitioner="Therapist")


def test_it_leaves_the_indices_out_when_only_the_practitioner_speaks() -> None:
    analysis = analyze(_session("Therapist", "Therapist"), RulesCoder())
    assert not analysis.has_client
    as_dict = analysis_as_dict(analysis)
    assert as_dict["indices"] == {}
    assert as_dict["indicators"]


def test_it_keeps_the_indices_when_a_client_speaks() -> None:
    analysis = analyze(_session("Therapist", "Sam"), RulesCoder())
    assert analysis.has_client
    assert set(analysis_as_dict(analysis)["indices"]) == {"over_use", "under_use"}


def test_client_speaks_counts_anyone_but_the_practitioner() -> None:
    assert not client_speaks(["Therapist"], "Therapist")
    assert client_speaks(["Therapist", "Sam"], "Therapist")
    assert not client_speaks([], "Therapist")
