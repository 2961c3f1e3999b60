from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from fulcrum.bench import deid as bench
from fulcrum.cli import _register, app
from fulcrum.core.deid import Finding
from fulcrum.core.deid.samples import LOOKALIKES, Gold, alias_texts, vignettes


def test_the_score_counts_a_span_only_when_every_character_is_masked() -> None:
    text = "Tamsin Orrell met Bryn in Leeds."
    gold = [Gold(0, 13, "PERSON"), Gold(18, 22, "PERSON"), Gold(26, 31, "PLACE")]
    findings = [
        Finding(0, 13, "PERSON", "name", "", "surrogate", "Person A"),
        Finding(18, 20, "PERSON", "name", "", "surrogate", "Person B"),  # half of "Bryn"
        Finding(9, 13, "PERSON", "name", "", "surrogate", "Person A"),
        Finding(14, 17, "PERSON", "name", "", "surrogate", "Person C"),  # "met": outside gold
    ]
    score = bench.Score()
    score.add(text, gold, findings)
    assert score.recall(["PERSON"]) == 0.5
    assert score.recall(["PLACE"]) == 0.0
    assert score.precision() == 3 / 4  # Tamsin, Orrell, Bryn inside; met outside


def test_the_generated_texts_hold_what_they_say() -> None:
    for sample in alias_texts(3, 40):
        for span in sample.spans:
            assert sample.text[span.start : span.end].strip()
    for vignette in vignettes(3, 20):
        for span in vignette.spans:
            assert (
                vignette.text[span.start : span.end] == vignette.text[span.start : span.end].strip()
            )
    assert len(LOOKALIKES) >= 40
    assert len(vignettes(13, 150)) == 150


def test_it_measures_known_entities_on_seeded_aliases() -> None:
    recall, mentions = bench.known_recall(60)
    assert mentions == 180
    assert recall == 1.0


def test_the_command_ends_with_one_json_line(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(bench, "DATA", Path("/nonexistent"))
    _register()
    result = CliRunner().invoke(app, ["bench", "deid", "--aliases", "20", "--texts", "20"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["known_recall"] == 1.0
    assert {"vignettes", "lookalike_kept", "words_per_second", "ms_300_words"} <= set(figures)
    assert "gum" not in figures


def test_tagger_folds_keep_each_document_whole_and_train_only_on_cc_by() -> None:
    from fulcrum.bench.deid_tagger import Doc, cc_by_only, folds_of

    docs = [Doc(f"g{i}", "gum", "x", (), True) for i in range(7)]
    docs += [Doc(f"w{i}", "wnut17", "x", (), True) for i in range(11)]
    fold = folds_of(docs, 3)
    assert len(fold) == len(docs)  # one fold per document, so no document is split
    for corpus in ("gum", "wnut17"):
        assert {int(fold[i]) for i, d in enumerate(docs) if d.corpus == corpus} == {0, 1, 2}
    assert cc_by_only("CC BY 4.0")
    assert cc_by_only("CC BY 2.5")
    assert not cc_by_only("CC BY-SA 3.0")
    assert not cc_by_only("CC BY-NC 4.0")
