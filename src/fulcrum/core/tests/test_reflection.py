from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fulcrum.core.catalogue import load_catalogue
from fulcrum.core.errors import CatalogueError, InvalidInput
from fulcrum.core.reflection import (
    DEFAULT_PATH,
    DISCLOSURE_INQUIRY,
    FOLLOWED,
    FOLLOWED_LABELS,
    Disclosure,
    Prompt,
    disclosure_pattern,
    load_prompts,
    prompt_for_warning,
)

LIBRARY = load_prompts()
GROUPS = {"beliefs", "client_power", "this_week", "disclosure", "up_power_role"}
INDICATOR_IDS = [i.id for i in load_catalogue().indicators]


def at(month: int, day: int = 1) -> datetime:
    return datetime(2026, month, day, 10, tzinfo=UTC)


def test_it_has_about_thirty_prompts_in_the_five_groups() -> None:
    assert 28 <= len(LIBRARY.prompts) <= 40
    assert {g.id for g in LIBRARY.groups} == GROUPS
    for group in GROUPS:
        assert len(LIBRARY.in_group(group)) >= 4


def test_it_only_names_indicators_the_catalogue_has() -> None:
    for prompt in LIBRARY.prompts:
        assert set(prompt.indicators) <= set(INDICATOR_IDS), prompt.id


def test_it_finds_prompts_by_id() -> None:
    assert LIBRARY.prompt("disclosure_serves").group == "disclosure"
    with pytest.raises(InvalidInput):
        LIBRARY.prompt("nope")


def test_it_picks_the_prompt_speaking_to_the_warning_indicators() -> None:
    chosen = prompt_for_warning("over", ["late_start", "overran_end"], LIBRARY.prompts)
    assert chosen.id == "time_this_week"
    chosen = prompt_for_warning("under", ["friendship_drift"], LIBRARY.prompts)
    assert "friendship_drift" in chosen.indicators
    assert "under" in chosen.fits


def test_it_prefers_indicator_matches_over_direction() -> None:
    prompts = (
        Prompt(id="a", group="g", text="A", fits=("over",)),
        Prompt(id="b", group="g", text="B", fits=("under",), indicators=("late_start",)),
    )
    assert prompt_for_warning("over", ["late_start"], prompts).id == "b"


def test_it_falls_back_to_direction_then_first_prompt() -> None:
    prompts = (
        Prompt(id="a", group="g", text="A", fits=("skilful",)),
        Prompt(id="b", group="g", text="B", fits=("under",)),
    )
    assert prompt_for_warning("under", ["unknown"], prompts).id == "b"
    assert prompt_for_warning("over", [], prompts).id == "a"


def test_it_rejects_a_bad_direction_or_no_prompts() -> None:
    with pytest.raises(InvalidInput):
        prompt_for_warning("sideways", [], LIBRARY.prompts)
    with pytest.raises(InvalidInput):
        prompt_for_warning("over", [], ())


@settings(max_examples=50, deadline=None)
@given(
    direction=st.sampled_from(["over", "under"]),
    indicators=st.lists(st.sampled_from(INDICATOR_IDS), max_size=4),
)
def test_it_always_offers_a_prompt_that_fits_the_direction(
    direction: str, indicators: list[str]
) -> None:
    chosen = prompt_for_warning(direction, indicators, LIBRARY.prompts)
    assert chosen in LIBRARY.prompts
    assert direction in chosen.fits or set(indicators) & set(chosen.indicators)
    assert chosen == prompt_for_warning(direction, list(reversed(indicators)), LIBRARY.prompts)


def test_it_reports_a_broken_prompt_file(tmp_path: Path) -> None:
    broken = tmp_path / "prompts.toml"
    text = DEFAULT_PATH.read_text(encoding="utf-8")
    broken.write_text(text.replace('group = "beliefs"', 'group = "nowhere"', 1))
    with pytest.raises(CatalogueError, match="unknown group"):
        load_prompts(broken)
    broken.write_text(text + '\n[[prompt]]\nid = "want_power"\ngroup = "beliefs"\ntext = "x"\n')
    with pytest.raises(CatalogueError, match="more than once"):
        load_prompts(broken)
    broken.write_text(text.replace('fits = ["under"]', 'fits = ["sideways"]', 1))
    with pytest.raises(CatalogueError, match="sideways"):
        load_prompts(broken)
    with pytest.raises(CatalogueError, match="missing"):
        load_prompts(tmp_path / "absent.toml")


def test_it_counts_disclosures_by_whose_need_and_month() -> None:
    pattern = disclosure_pattern(
        [
            Disclosure(at(5, 9), "client"),
            Disclosure(at(3, 2), "client"),
            Disclosure(at(3, 20), "practitioner"),
            Disclosure(at(5), ""),
        ],
        sessions=10,
    )
    assert pattern.disclosures == 4
    assert pattern.count("client") == 2
    assert pattern.count("unrecorded") == 1
    assert [m.month for m in pattern.months] == ["2026-03", "2026-05"]
    assert [m.total for m in pattern.months] == [2, 2]
    assert "4 of 10 sessions" in pattern.reading


def test_it_invites_supervision_when_disclosures_serve_the_practitioner() -> None:
    pattern = disclosure_pattern(
        [Disclosure(at(1), "practitioner"), Disclosure(at(2), "client")], sessions=3
    )
    assert "supervision" in pattern.reading
    calm = disclosure_pattern(
        [Disclosure(at(1), "client"), Disclosure(at(2), "client")], sessions=3
    )
    assert "supervision" not in calm.reading
    assert "How did you know" in calm.reading


def test_it_handles_no_disclosures_and_rejects_nonsense() -> None:
    assert disclosure_pattern([], sessions=0).months == ()
    with pytest.raises(InvalidInput):
        disclosure_pattern([Disclosure(at(1), "client")], sessions=0)
    with pytest.raises(InvalidInput):
        disclosure_pattern([Disclosure(at(1), "somebody")], sessions=1)
    with pytest.raises(InvalidInput):
        disclosure_pattern([Disclosure(at(1), "client", "shrugged")], sessions=1)


def test_it_counts_what_followed_and_asks_who_looked_after_whom() -> None:
    pattern = disclosure_pattern(
        [
            Disclosure(at(1), "client", "own_work"),
            Disclosure(at(2), "both", "turned_to_me"),
            Disclosure(at(3), "client", "pulled_back"),
            Disclosure(at(4), "client"),
        ],
        sessions=6,
    )
    assert pattern.followed_count("turned_to_me") == 1
    assert pattern.followed_count("unrecorded") == 1
    assert sum(n for _, n in pattern.followed) == 4
    assert "who was looking after whom" in pattern.reading
    steady = disclosure_pattern(
        [Disclosure(at(1), "client", "own_work"), Disclosure(at(2), "client", "closer")],
        sessions=2,
    )
    assert "looking after" not in steady.reading
    assert set(FOLLOWED) == set(FOLLOWED_LABELS)


def test_it_words_the_inquiry_as_a_question() -> None:
    assert DISCLOSURE_INQUIRY.endswith("?")
