from __future__ import annotations

import pytest

from fulcrum.core.deid import KnownEntity, deidentify, redact_known
from fulcrum.core.report import redact_aliases

CASH_JO = KnownEntity("Cash Jo")


def _spans(text: str, known: list[KnownEntity]) -> list[str]:
    return [text[f.start : f.end] for f in deidentify(text, known, stages=("known",)).findings]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Cash Jo came early.", ["Cash Jo"]),
        ("CASH JO came early.", ["CASH JO"]),
        ("cash jo came early.", ["cash jo"]),
        ("Jo came early; Cash left.", ["Jo", "Cash"]),
        ("It was Jo's idea, and Cash Jo's too.", ["Jo", "Cash Jo"]),
        ("The Cash-Jo file.", ["Cash-Jo"]),
        ("Follows #CashJo online.", ["CashJo"]),
        ('She signed it "Jo".', ["Jo"]),
        ("(jo) asked again.", ["jo"]),
        ("The Jo-related paperwork.", ["Jo"]),
    ],
)
def test_it_finds_an_alias_and_every_part_of_it_in_any_form(text: str, expected: list[str]) -> None:
    assert _spans(text, [CASH_JO]) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("She paid in cash; Cash arrived late.", ["Cash"]),
        ("jo paid in cash.", ["jo"]),
        ("After a few months of work the weekly rhythm held.", []),
        ("Table work went well.", ["Table"]),
        ("table work, weekly, as agreed.", ["table work, weekly"]),
        ("Arrived in crisis, she said; in the end she stayed.", ["Arrived in crisis"]),
    ],
)
def test_an_ordinary_word_stands_for_the_alias_alone_only_with_its_capital(
    text: str, expected: list[str]
) -> None:
    known = [CASH_JO, KnownEntity("Table work, weekly"), KnownEntity("Arrived in crisis")]
    assert _spans(text, known) == expected


def test_a_shared_note_keeps_its_ordinary_words() -> None:
    aliases = {"Table work, weekly": "B-201", "Custody dispute": "T-105"}
    note = "Re-assessed after a few months of work; the custody question came up."
    assert redact_aliases(note, aliases) == note
    assert redact_aliases("Custody Dispute cancelled.", aliases) == "[T-105] cancelled."


def test_it_leaves_words_that_only_contain_an_alias() -> None:
    assert _spans("Joan and Cashmere and Jolly.", [CASH_JO]) == []


def test_it_finds_a_client_code_with_or_without_its_separator() -> None:
    code = KnownEntity("C-014", "CODE")
    text = "C-014 said; c014 agreed; C 014 left."
    assert _spans(text, [code]) == ["C-014", "c014", "C 014"]


def test_it_matches_a_one_letter_part_but_not_a_letter_english_uses_alone() -> None:
    assert _spans("Later K asked about the fee.", [KnownEntity("Fen K")]) == ["K"]
    assert _spans("I think a pause helped.", [KnownEntity("Ash A"), KnownEntity("Bo I")]) == []


def test_it_gives_each_known_person_one_surrogate_throughout() -> None:
    text = "Cash Jo and Ash Tree met; Jo spoke first, then Ash."
    redacted = redact_known(text, [CASH_JO, KnownEntity("Ash Tree")])
    assert redacted == "Client A and Client B met; Client A spoke first, then Client B."


def test_it_uses_the_given_replacement_for_the_practitioner_and_codes() -> None:
    known = [
        KnownEntity("Ann Hart", replacement="practitioner"),
        KnownEntity("Cash Jo", replacement="C-014"),
    ]
    assert redact_known("Hart told Jo: ask Ann.", known) == (
        "[practitioner] told [C-014]: ask [practitioner]."
    )


def test_a_whole_alias_outranks_the_same_word_as_part_of_another() -> None:
    known = [KnownEntity("Jo Bay", replacement="C-1"), KnownEntity("Jo", replacement="C-2")]
    assert redact_known("Jo and Bay.", known) == "[C-2] and [C-1]."


def test_it_masks_registered_places_and_organisations() -> None:
    known = [KnownEntity("Wrenmouth", "PLACE"), KnownEntity("Harbour Trust", "ORGANIZATION")]
    assert redact_known("From Wrenmouth, via the Harbour Trust.", known) == (
        "From [a place], via the [organisation]."
    )
