from __future__ import annotations

from fulcrum.core.deid import deidentify


def test_it_flags_a_rare_role_for_review_and_proposes_a_generalisation() -> None:
    text = "Her father is a judge, and she worried he would hear of it."
    [finding] = [f for f in deidentify(text).findings if f.stage == "quasi"]
    assert text[finding.start : finding.end] == "judge"
    assert finding.treatment == "generalise"
    assert "judge" not in deidentify(text).redacted


def test_it_says_when_a_rare_role_combines_with_a_place() -> None:
    text = "She is the mayor and lives in Wrenmouth."
    [finding] = [f for f in deidentify(text).findings if f.stage == "quasi"]
    assert "place" in finding.why


def test_it_flags_a_named_or_dated_event_whole() -> None:
    text = "After the 2019 floods she stopped sleeping."
    [finding] = deidentify(text).findings
    assert (finding.stage, finding.type) == ("quasi", "EVENT")
    assert text[finding.start : finding.end] == "the 2019 floods"


def test_it_flags_the_only_one_of_a_kind_in_a_small_place() -> None:
    text = "He is the only vet in the village, so everyone knows him."
    kinds = {(f.stage, f.type) for f in deidentify(text).findings}
    assert ("quasi", "ROLE") in kinds


def test_it_flags_the_only_one_of_a_kind_at_a_named_place() -> None:
    text = "She is the only female firefighter at Ashburton station."
    [finding] = [f for f in deidentify(text).findings if f.stage == "quasi"]
    assert text[finding.start : finding.end] == "the only female firefighter at Ashburton station"
