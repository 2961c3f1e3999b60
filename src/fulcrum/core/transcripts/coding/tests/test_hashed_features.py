import numpy as np
import pytest

from fulcrum.core.transcripts.coding.base import Turn
from fulcrum.core.transcripts.coding.features import (
    N_DENSE,
    Hashed,
    Weighting,
    fit_weightings,
    hashed_ngrams,
    normalise,
    session_text,
    text_features,
)


def pairs(h: Hashed, row: int) -> list[int]:
    return sorted(h.buckets[h.rows == row].tolist())


def test_it_hashes_the_same_text_to_the_same_buckets_wherever_it_appears() -> None:
    alone_w, alone_c = hashed_ngrams(["would you prefer face up?"])
    among_w, among_c = hashed_ngrams(["okay.", "would you prefer face up?", "face down."])
    assert pairs(alone_w, 0) == pairs(among_w, 1)
    assert pairs(alone_c, 0) == pairs(among_c, 1)


def test_it_keeps_n_grams_inside_one_text() -> None:
    w, c = hashed_ngrams(["ab", "cd"])
    w_ab, c_ab = hashed_ngrams(["ab"])
    w_cd, c_cd = hashed_ngrams(["cd"])
    assert pairs(w, 0) == pairs(w_ab, 0)
    assert pairs(w, 1) == pairs(w_cd, 0)
    assert pairs(c, 0) == pairs(c_ab, 0)
    assert pairs(c, 1) == pairs(c_cd, 0)


def test_it_counts_words_pairs_and_question_marks() -> None:
    w, _ = hashed_ngrams(["you're tired?"])
    # you're, tired, ? and the pairs (you're tired), (tired ?)
    assert len(w.rows) == 5
    assert len(set(w.buckets.tolist())) == 5


def test_it_normalises_case_quotes_and_spaces() -> None:
    assert normalise("  You\u2019re   HERE\n") == "you're here"


def test_it_keeps_buckets_seen_twice_and_makes_unit_rows() -> None:
    texts = ["face up", "face down", "face up please"]
    w, _ = hashed_ngrams(texts)
    weighting = Weighting.fit(w, bits=18, min_df=2)
    # "face", "up" and the pair "face up" appear in two texts or more; nothing else does.
    assert weighting.width == 3
    m = weighting.transform(w)
    assert np.allclose(np.sqrt(m.multiply(m).sum(axis=1)).A.ravel(), 1.0)
    unseen, _ = hashed_ngrams(["entirely new words"])
    assert weighting.transform(unseen).nnz == 0


def test_it_builds_one_row_per_turn_with_echo_of_neighbours() -> None:
    turns = [
        Turn("I feel stuck at work.", "client"),
        Turn("You feel stuck at work.", "practitioner"),
        Turn("Yes.", "client"),
    ]
    word, char = fit_weightings([turns, turns])
    s = session_text(turns, word, char)
    x = text_features(s)
    assert x.shape == (3, 3 * word.width + char.width + N_DENSE)
    echo_previous = s.dense[1, -4]
    assert echo_previous > 0.5  # the reflection repeats the client's words
    assert s.dense[0, -4] == 0.0  # nothing before the first turn
    assert list(s.prev_same) == [-1, -1, 0]
    assert list(s.next_same) == [2, -1, -1]


@pytest.mark.parametrize("texts", [[], [""], ["", "?"]])
def test_it_copes_with_empty_input(texts: list[str]) -> None:
    w, c = hashed_ngrams(texts)
    assert w.n_rows == c.n_rows == len(texts)
