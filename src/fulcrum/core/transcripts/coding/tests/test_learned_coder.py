import pytest

from fulcrum.core.errors import InvalidInput, ParseError
from fulcrum.core.transcripts.annomi import read_annomi, reduce_labels
from fulcrum.core.transcripts.coding.base import Turn
from fulcrum.core.transcripts.coding.learned import (
    LabelledTurn,
    coder_from_bytes,
    coder_to_bytes,
    train_coder,
)
from fulcrum.core.transcripts.coding.tests.sample import sample_csv


def labelled(text: str) -> list[list[LabelledTurn]]:
    return [
        [LabelledTurn(Turn(u.text, u.role), u.label, u.subtype) for u in s.utterances]
        for s in read_annomi(text)
    ]


def test_it_reduces_annotators_by_majority_then_lowest_id() -> None:
    assert reduce_labels([("3", "question"), ("1", "other"), ("2", "question")]) == "question"
    assert reduce_labels([("10", "question"), ("2", "other")]) == "other"
    assert reduce_labels([("9", "reflection"), ("10", "input")]) == "reflection"


def test_it_reads_an_annomi_shaped_file() -> None:
    sessions = read_annomi(sample_csv(sessions=2))
    assert len(sessions) == 2
    first = sessions[0].utterances[0]
    assert (first.role, first.label, first.subtype) == ("practitioner", "question", "open")
    assert sessions[0].to_transcript().practitioner == "therapist"


def test_it_rejects_a_file_without_annomi_columns() -> None:
    with pytest.raises(ParseError):
        read_annomi("a,b\n1,2\n")


def test_it_learns_and_survives_a_round_trip() -> None:
    coder = train_coder(labelled(sample_csv()), corpus="sample")
    turns = [
        Turn("What brings you here today?", "practitioner"),
        Turn("I want to start sleeping better.", "client"),
    ]
    codes = coder.code(turns)
    assert [c.label for c in codes] == ["question", "change"]
    again = coder_from_bytes(coder_to_bytes(coder))
    assert again.code(turns) == codes
    assert again.metadata["format"] == "fulcrum-learned-coder"


def test_it_refuses_bytes_it_did_not_write() -> None:
    import pickle

    with pytest.raises(InvalidInput):
        coder_from_bytes(pickle.dumps({"format": "something else"}))
    with pytest.raises(InvalidInput):
        coder_from_bytes(b"not a pickle")


def test_it_refuses_to_train_on_one_label() -> None:
    data = [
        [
            LabelledTurn(Turn("Hi", "practitioner"), "other"),
            LabelledTurn(Turn("Hi", "client"), "neutral"),
        ]
    ]
    with pytest.raises(InvalidInput):
        train_coder(data)
