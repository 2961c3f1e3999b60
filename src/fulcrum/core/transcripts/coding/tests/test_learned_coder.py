import io
import json
import pickle

import numpy as np
import pytest

from fulcrum.core.errors import InvalidInput, ParseError
from fulcrum.core.transcripts.annomi import read_annomi, reduce_labels
from fulcrum.core.transcripts.coding.base import BEHAVIOUR_LABELS, CLIENT_LABELS, SUBTYPES, Turn
from fulcrum.core.transcripts.coding.learned import (
    FORMAT,
    FORMAT_VERSION,
    LabelledTurn,
    TrainingSettings,
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
    assert codes[0].subtype == "open"
    assert all(0.0 < c.confidence <= 1.0 for c in codes)
    again = coder_from_bytes(coder_to_bytes(coder))
    assert again.code(turns) == codes
    assert again.metadata["format"] == FORMAT
    assert again.metadata["context_pass"] is True


def test_it_saves_numbers_and_label_names_but_no_text_of_the_corpus() -> None:
    data = coder_to_bytes(train_coder(labelled(sample_csv()), corpus="sample"))
    names = set(BEHAVIOUR_LABELS) | set(CLIENT_LABELS) | {s for v in SUBTYPES.values() for s in v}
    with np.load(io.BytesIO(data), allow_pickle=False) as archive:
        for key in archive.files:
            kind = archive[key].dtype.kind
            if key == "meta":
                assert set(json.loads(str(archive[key]))) == {
                    "format", "version", "corpus", "n_train", "n_sessions", "context_pass",
                    "settings",
                }  # fmt: skip
            elif kind == "U":
                assert set(archive[key].tolist()) <= names, key
            else:
                assert kind in "fi", key


def reply_sessions(n: int) -> list[list[LabelledTurn]]:
    """The same practitioner words, labelled by how the client takes them."""
    out = []
    for k in range(n):
        affirmed = k % 2 == 0
        out.append(
            [
                LabelledTurn(Turn("How was the week?", "practitioner"), "question"),
                LabelledTurn(Turn("Long, and the evenings were hard.", "client"), "neutral"),
                LabelledTurn(
                    Turn("The evenings are hard for you?", "practitioner"),
                    "reflection" if affirmed else "question",
                ),
                LabelledTurn(
                    Turn(
                        "Yes, exactly." if affirmed else "Mostly because I sit alone and eat late.",
                        "client",
                    ),
                    "neutral",
                ),
                LabelledTurn(Turn("I want to change that.", "client"), "change"),
            ]
        )
    return out


def test_it_reads_how_the_client_takes_a_turn() -> None:
    coder = train_coder(reply_sessions(12))
    turns = [s[k].turn for s in reply_sessions(2) for k in range(4)]
    codes = coder.code(turns)
    assert codes[2].label == "reflection"  # answered "Yes, exactly."
    assert codes[6].label == "question"  # answered at length


def test_it_trains_without_the_context_pass_when_there_is_one_group() -> None:
    sessions = labelled(sample_csv())
    coder = train_coder(sessions, groups=["one video"] * len(sessions))
    assert coder.metadata["context_pass"] is False
    assert [c.label for c in coder.code([Turn("Mm-hmm.", "practitioner")])] == ["other"]


def test_it_needs_one_group_per_session() -> None:
    with pytest.raises(InvalidInput):
        train_coder(labelled(sample_csv()), groups=["a"])


def test_it_records_its_settings() -> None:
    coder = train_coder(
        labelled(sample_csv()), settings=TrainingSettings(context_weight=0.5, folds=3)
    )
    assert coder.metadata["settings"]["context_weight"] == 0.5
    assert coder.metadata["settings"]["folds"] == 3


def test_it_codes_an_empty_session() -> None:
    assert train_coder(labelled(sample_csv())).code([]) == ()


def test_it_refuses_bytes_it_did_not_write() -> None:
    with pytest.raises(InvalidInput):
        coder_from_bytes(pickle.dumps({"format": FORMAT, "version": 1}))
    with pytest.raises(InvalidInput):
        coder_from_bytes(b"not a coder")
    buffer = io.BytesIO()
    np.savez(buffer, meta=np.array(json.dumps({"format": "something else"})))
    with pytest.raises(InvalidInput, match="not a Fulcrum coder"):
        coder_from_bytes(buffer.getvalue())


def test_it_refuses_another_format_version() -> None:
    buffer = io.BytesIO()
    np.savez(buffer, meta=np.array(json.dumps({"format": FORMAT, "version": 1})))
    with pytest.raises(InvalidInput, match="version 1"):
        coder_from_bytes(buffer.getvalue())


def test_it_refuses_an_incomplete_coder() -> None:
    buffer = io.BytesIO()
    np.savez(buffer, meta=np.array(json.dumps({"format": FORMAT, "version": FORMAT_VERSION})))
    with pytest.raises(InvalidInput, match="incomplete"):
        coder_from_bytes(buffer.getvalue())


def test_it_refuses_to_train_on_one_label() -> None:
    data = [
        [
            LabelledTurn(Turn("Hi", "practitioner"), "other"),
            LabelledTurn(Turn("Hi", "client"), "neutral"),
        ]
    ]
    with pytest.raises(InvalidInput):
        train_coder(data)


def test_it_refuses_unknown_labels() -> None:
    data = [
        [
            LabelledTurn(Turn("Hi", "practitioner"), "other"),
            LabelledTurn(Turn("Go", "practitioner"), "command"),
            LabelledTurn(Turn("Hi", "client"), "neutral"),
            LabelledTurn(Turn("No", "client"), "sustain"),
        ]
    ]
    with pytest.raises(InvalidInput, match="command"):
        train_coder(data)
