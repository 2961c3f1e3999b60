from __future__ import annotations

from fulcrum.core.report import NOTE_KINDS, notes_phrase


def test_it_lowers_only_the_first_letter_of_each_label() -> None:
    assert notes_phrase(["checkin", "map"]) == "check-in notes, power-map notes"


def test_it_leaves_the_word_i_capitalised() -> None:
    phrase = notes_phrase(["disclosure", "client_comment"])
    assert phrase == "what I shared (disclosure notes), the client's own comments"


def test_it_says_nothing_for_no_notes() -> None:
    assert notes_phrase([]) == ""


def test_it_writes_every_label_in_sentence_case() -> None:
    for label in NOTE_KINDS.values():
        assert label[0].isupper()
        rest = label[1:].replace(" I ", " i ")
        assert rest == rest.lower(), label
