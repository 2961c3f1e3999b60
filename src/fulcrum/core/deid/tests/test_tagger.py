from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from fulcrum.core.deid import deidentify, load_lexicon
from fulcrum.core.deid import tagger as tagger_module
from fulcrum.core.deid.lexicon import Lexicon
from fulcrum.core.deid.samples import LOOKALIKES
from fulcrum.core.deid.tagger import (
    CLASSES,
    Tagger,
    TokenKeys,
    bucket,
    key_features,
    load_tagger,
    tagger_from_bytes,
    token_keys,
)
from fulcrum.core.errors import CatalogueError


def test_the_bundled_tagger_loads_and_says_what_it_was_trained_on() -> None:
    tagger = load_tagger()
    assert tagger.meta["classes"] == list(CLASSES)
    assert tagger.meta["trained_on"]["gum_cc_by_documents"] > 0
    assert 0 < tagger.extend <= tagger.threshold < 1


def test_a_saved_tagger_reads_back_the_same() -> None:
    tagger = load_tagger()
    again = tagger_from_bytes(tagger.to_bytes())
    text = "met up with jessica and her brother at the mall"
    keys = token_keys(text, [])
    lex = load_lexicon()
    assert np.allclose(tagger.probabilities(keys, lex), again.probabilities(keys, lex), atol=1e-3)


def _scored_key_by_key(tagger: Tagger, keys: TokenKeys, lex: Lexicon) -> Any:
    """What ``tagger.probabilities`` promises, worked out one key at a time."""
    parts = []
    for token in keys.keys:
        for key in token:
            found = (tagger.rows.get(bucket(f)) for f in key_features(key, lex))
            parts.append(tagger.weights[[r for r in found if r is not None]].sum(axis=0))
    scores = np.array(parts, dtype=np.float32).reshape(len(keys.keys), len(keys.keys[0]), -1)
    scores = scores.sum(axis=1) + tagger.bias
    scores -= scores.max(axis=1, keepdims=True)
    np.exp(scores, out=scores)
    return scores / scores.sum(axis=1, keepdims=True)


def test_scores_are_the_same_however_much_the_tagger_has_kept_from_earlier_texts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(tagger_module, "_CACHE_LIMIT", 40)  # 40 keys: under seven words
    tagger = tagger_from_bytes(load_tagger().to_bytes())
    lex = load_lexicon()
    short = "Met Tamsin at the Wrenmouth clinic."
    long = " ".join(sentence for _, sentence in LOOKALIKES[:10])
    for text in (short, short, long, short, "cash jo's mum", long):
        keys = token_keys(text, [])
        assert np.array_equal(
            tagger.probabilities(keys, lex), _scored_key_by_key(tagger, keys, lex)
        )


def test_a_file_that_is_not_a_tagger_is_refused_by_name(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError, match=r"tagger\.npz"):
        tagger_from_bytes(b"not an archive")
    with pytest.raises(CatalogueError, match="cannot be read"):
        load_tagger.__wrapped__(tmp_path)


def test_the_tagger_adds_names_the_rules_miss_and_only_adds() -> None:
    # A tagger that scores every word as a person, to see what the stage lets through.
    everything = Tagger(
        np.zeros(0, dtype=np.uint32),
        np.zeros((0, len(CLASSES)), dtype=np.float32),
        np.array([-5.0, 5.0, 0.0, 0.0], dtype=np.float32),
        0.5,
        {},
        extend=0.5,
    )
    text = "She said Grace will come to quillandry, and then Legitimate power was named."
    result = deidentify(text, tagger=everything)
    masked = {text[f.start : f.end] for f in result.findings}
    assert not {"Grace", "said"} & masked  # look-alikes stay
    assert "Legitimate" not in masked  # kinds of power stay
    assert not any(w in masked for w in ("and", "then", "was"))  # common words stay
    assert any("quillandry" in m for m in masked)
    rules = deidentify(text, tagger=False).findings
    assert len(result.findings) >= len(rules)


def test_words_the_tagger_scores_as_one_name_become_one_finding() -> None:
    place = Tagger(
        np.zeros(0, dtype=np.uint32),
        np.zeros((0, len(CLASSES)), dtype=np.float32),
        np.array([0.0, -1.0, 1.0, -1.0], dtype=np.float32),
        0.3,
        {},
        extend=0.3,
    )
    text = "we walked by little wenbury. then grace left"
    found = [f for f in deidentify(text, tagger=place).findings if f.stage == "name"]
    # "by" joins the words either side; "we", "then" and the look-alike "grace" stay.
    assert [(text[f.start : f.end], f.type) for f in found] == [
        ("walked by little wenbury", "PLACE"),
        ("left", "PLACE"),
    ]
    assert "learned tagger" in found[0].why


def test_look_alikes_stay_with_the_bundled_tagger() -> None:
    kept = 0
    for word, sentence in LOOKALIKES:
        start = sentence.index(word)
        findings = deidentify(sentence).findings
        kept += not any(f.start < start + len(word) and start < f.end for f in findings)
    assert kept / len(LOOKALIKES) >= 0.95


def _always(kind: str) -> Tagger:
    """A tagger that scores every word as a little of ``kind`` and mostly no name."""
    bias = np.array([4.0, 0.0, 0.0, 0.0], dtype=np.float32)
    bias[CLASSES.index(kind)] = 1.0
    return Tagger(
        np.zeros(0, dtype=np.uint32),
        np.zeros((0, len(CLASSES)), dtype=np.float32),
        bias,
        0.9,
        {},
        extend=0.9,
    )


def test_the_tagger_names_the_kind_where_a_surname_list_was_the_only_evidence() -> None:
    text = "A similar scheme was backed by the British Red Cross last year."
    rules = [f for f in deidentify(text, tagger=False).findings if f.stage == "name"]
    assert [(text[f.start : f.end], f.type) for f in rules] == [("British Red Cross", "PERSON")]
    found = [f for f in deidentify(text, tagger=_always("ORGANIZATION")).findings]
    # Read as an organisation, the name takes in its "the" and is masked, not a person.
    assert [(text[f.start : f.end], f.type, f.treatment) for f in found] == [
        ("the British Red Cross", "ORGANIZATION", "mask")
    ]
    assert "an organisation to the learned tagger" in found[0].why


def test_the_tagger_leaves_the_kind_the_rules_had_good_reason_for() -> None:
    text = "She wrote to the Wrenmouth Community Trust, then saw Dr. Penhallow."
    found = deidentify(text, tagger=_always("PLACE")).findings
    kinds = {text[f.start : f.end]: f.type for f in found}
    assert kinds["Dr. Penhallow"] == "PERSON"  # after a title
    assert kinds["the Wrenmouth Community Trust"] == "ORGANIZATION"  # an organisation's word
