from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fulcrum.core.errors import InvalidInput
from fulcrum.core.report import (
    PRACTITIONER,
    KindRow,
    Redactor,
    SupervisionReport,
    balance_changes,
    redact_aliases,
)

T = datetime(2026, 10, 1, tzinfo=UTC)


def test_it_replaces_aliases_with_codes_as_whole_words_in_any_case() -> None:
    text = "Ash was quiet; ASH's sister came. Ashley and Cashmere are other words."
    assert redact_aliases(text, {"Ash": "A-001"}) == (
        "[A-001] was quiet; [A-001]'s sister came. Ashley and Cashmere are other words."
    )


def test_it_prefers_the_longest_alias() -> None:
    text = "The executive called; the executive's lawyer too. Executive function."
    assert redact_aliases(text, {"The executive": "T-101", "executive": "X"}) == (
        "[T-101] called; [T-101]'s lawyer too. [X] function."
    )


def test_it_replaces_every_part_of_an_alias_and_the_practitioners_name() -> None:
    text = "Jo was late; cash-jo's partner called. Ann Hart (Hart) felt rushed."
    assert redact_aliases(text, {"Cash Jo": "C-014", "Ann Hart": PRACTITIONER}) == (
        "[C-014] was late; [C-014]'s partner called. [practitioner] ([practitioner]) felt rushed."
    )


def test_it_leaves_text_alone_without_usable_aliases() -> None:
    assert redact_aliases("A b c", {}) == "A b c"
    assert redact_aliases("A b c", {"A": "C-1", "  ": "C-2"}) == "A b c"


@settings(max_examples=60, deadline=None)
@given(
    st.text(min_size=0, max_size=60),
    st.text(alphabet=st.characters(categories=["L"]), min_size=2, max_size=8),
)
def test_it_never_leaves_the_alias_standing_as_a_word(text: str, alias: str) -> None:
    result = redact_aliases(f"{text} {alias} {text}", {alias: "C-9"})
    assert "[C-9]" in result


def test_it_measures_balance_changes_by_kind() -> None:
    start = (KindRow("expert", 3, 1, None, 2), KindRow("reward", 1, 3, None, -2))
    latest = (
        KindRow("expert", 3, 3, None, 0),
        KindRow("reward", 2, 2, None, 0),
        KindRow("personal", 1, 0, None, 1),
    )
    changes = {row.kind: row.change for row in balance_changes(start, latest)}
    assert changes == {"expert": -2, "reward": 2, "personal": None}


def test_it_refuses_an_upside_down_period_or_a_client_twice() -> None:
    with pytest.raises(InvalidInput):
        SupervisionReport(date(2026, 2, 1), date(2026, 1, 1), T, (), (), ())
    ok = SupervisionReport(date(2026, 1, 1), date(2026, 2, 1), T, (), (), ())
    assert ok.clients == ()


def test_the_redactor_runs_the_whole_de_identifier_with_aliases_and_codes_first() -> None:
    redact = Redactor({"Cash Jo": "C-014", "Ann Hart": PRACTITIONER})
    text = "Jo rang 07700 900123 on 3 March 2026; C-014 and Ann Hart met in Whitby."
    assert (
        redact(text)
        == "[C-014] rang [phone] on [date]; [C-014] and [practitioner] met in [a place]."
    )


def test_the_redactor_keeps_one_stand_in_per_person_across_texts() -> None:
    redact = Redactor({"Cash Jo": "C-014"})
    first = redact("Her brother Anselm Drury came to the door.")
    second = redact("Drury rang later. Then Ottilie Brand wrote.")
    assert first == "Her brother Person A came to the door."
    assert second == "Person A rang later. Then Person B wrote."


def test_the_redactor_never_gives_a_label_a_text_already_holds() -> None:
    redact = Redactor({})
    assert redact("Person A (as I called her) met Ottilie Brand.") == (
        "Person A (as I called her) met Person B."
    )
    assert redact("") == ""
