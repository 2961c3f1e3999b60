"""A name's finding takes in the words that identify with it (core/deid/widen.py)."""

from __future__ import annotations

import pytest

from fulcrum.core.deid import deidentify


def _spans(text: str) -> list[tuple[str, str]]:
    result = deidentify(text, stages=("name",), tagger=False)
    return [(f.type, text[f.start : f.end]) for f in result.findings]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        (
            "The workshop was led by bodywork teacher Tamsin Orrell last spring.",
            "bodywork teacher Tamsin Orrell",
        ),
        (
            "She had read the column by agony columnist Keziah Farrow.",
            "agony columnist Keziah Farrow",
        ),
        (
            "He voted for former Wrenshire Senator Dariusz Penhallow.",
            "former Wrenshire Senator Dariusz Penhallow",
        ),
        ("My client trains with the Abbotsford Harriers.", "the Abbotsford Harriers"),
    ],
)
def test_the_words_that_point_to_the_same_person_go_with_the_name(text: str, span: str) -> None:
    assert span in [s for _, s in _spans(text)]


def test_a_relation_before_a_name_is_kept_as_a_word() -> None:
    text = "She talked about her aunt Marguerite and her colleague Cormac Quinlan."
    spans = [s for _, s in _spans(text)]
    assert "Marguerite" in spans
    assert "Cormac Quinlan" in spans
    assert not any("aunt" in s or "colleague" in s for s in spans)


def test_a_role_fulcrum_keeps_is_not_taken_with_the_name() -> None:
    text = "Last week my supervisor Imogen Achterberg asked about the gift."
    assert [s for _, s in _spans(text)] == ["Imogen Achterberg"]


def test_people_listed_with_an_ampersand_are_one_finding() -> None:
    text = "The method follows Orrell, Kowalczyk & Abernethy closely."
    assert ("PERSON", "Orrell, Kowalczyk & Abernethy") in _spans(text)


def test_a_person_of_an_organisation_is_one_finding() -> None:
    text = "We heard from Halvard Lindqvist of the Wrenmouth Rowing Club about it."
    spans = [s for _, s in _spans(text)]
    assert "Halvard Lindqvist of the Wrenmouth Rowing Club" in spans


def test_the_widened_finding_keeps_the_stand_in_of_the_name_inside_it() -> None:
    text = "I met bodywork teacher Tamsin Orrell. Later Orrell phoned."
    result = deidentify(text, tagger=False)
    people = [f for f in result.findings if f.type == "PERSON"]
    assert len(people) == 2
    assert people[0].replacement == people[1].replacement
    assert "teacher" not in result.redacted


def test_look_alikes_and_ordinary_words_before_a_name_are_not_widened_over() -> None:
    text = "With grace and Will she spoke to Tamsin Orrell about Legitimate power."
    result = deidentify(text, tagger=False)
    assert [text[f.start : f.end] for f in result.findings] == ["Tamsin Orrell"]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        # a nationality before a role, where the sentence starts
        ("Swedish captain Dariusz Penhallow scored twice.", "Swedish captain Dariusz Penhallow"),
        # two roles of one person
        (
            "We met the writer and philosopher Keziah Farrow there.",
            "writer and philosopher Keziah Farrow",
        ),
        # where in a place
        ("She grew up in Eastern Kent, near the coast.", "Eastern Kent"),
    ],
)
def test_it_takes_in_a_nationality_a_second_role_and_a_compass_word(text: str, span: str) -> None:
    assert span in [s for _, s in _spans(text)]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("She ordered the Wrenmouth cocktail again.", "Wrenmouth"),
        ("She wrote to the Wrenmouth Community Trust again.", "the Wrenmouth Community Trust"),
        ("The letter from the Wrenmouth Trust arrived.", "the Wrenmouth Trust"),
        ("It strains the Wrenmouth Trust's budget.", "the Wrenmouth Trust's"),
        ("Later the Wrenmouth Trust said no.", "the Wrenmouth Trust"),
    ],
)
def test_the_stays_with_the_noun_a_name_qualifies(text: str, span: str) -> None:
    assert span in [s for _, s in _spans(text)]


@pytest.mark.parametrize(
    ("text", "span", "redacted"),
    [
        (
            "Say what you mean and mean it. -Tamsin Orrell",
            "-Tamsin Orrell",
            "Say what you mean and mean it. -Person A",
        ),
        ("small steps , every day ~Dariusz Penhallow", "~Dariusz Penhallow", None),
    ],
)
def test_a_mark_glued_to_a_name_goes_with_it_and_comes_back_in_the_proposal(
    text: str, span: str, redacted: str | None
) -> None:
    result = deidentify(text)
    assert span in [text[f.start : f.end] for f in result.findings]
    if redacted is not None:
        assert result.redacted == redacted


def test_a_mark_inside_a_word_stays_outside_the_name() -> None:
    text = "The anti-Orrell camp met Tamsin Orrell."
    assert all(not text[f.start : f.end].startswith("-") for f in deidentify(text).findings)


def test_first_names_sharing_a_surname_are_one_finding_with_two_stand_ins() -> None:
    text = "The appellants Keziah and Priya Quinlan came with Tamsin Orrell."
    result = deidentify(text)
    spans = [text[f.start : f.end] for f in result.findings]
    assert "Keziah and Priya Quinlan" in spans
    assert result.redacted == "The appellants Person A and Person B came with Person C."


def test_a_person_goes_with_the_organisation_they_are_from() -> None:
    text = "We were joined by Keziah Farrow from the Wrenmouth Rowing Club."
    spans = [s for _, s in _spans(text)]
    assert "Keziah Farrow from the Wrenmouth Rowing Club" in spans


def test_a_name_ending_as_a_role_does_is_no_role() -> None:
    # "Caspian" ends as "historian" does, but "Then" is no qualifier of a role.
    text = "Then Caspian said no."
    assert [s for _, s in _spans(text)] == ["Caspian"]
