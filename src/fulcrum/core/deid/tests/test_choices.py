"""One choice per distinct finding, applied to every mention of it."""

from __future__ import annotations

from fulcrum.core.deid import Deidentified, Finding, KnownEntity, deidentify
from fulcrum.core.deid.choices import apply_choices, every_mention, group_findings, groups_kept

TEXT = (
    "Marisol Quenby rang me from Harrogate. She moved to Harrogate last year; HARROGATE "
    "is small. Marisol's mother came too, and Marisol said so."
)


def test_it_groups_the_same_words_of_one_type_in_any_case_and_possessive() -> None:
    result = deidentify(TEXT)
    groups = group_findings(result)
    assert [(g.words, len(g.mentions)) for g in groups] == [
        ("Marisol Quenby", 1),
        ("Harrogate", 3),
        ("Marisol's", 2),
    ]
    # Every finding is a mention of exactly one group, numbered by position.
    numbers = sorted(n for g in groups for n in g.mentions)
    assert numbers == list(range(len(result.findings)))
    assert {g.finding.replacement for g in groups} == {"Person A", "[a place]", "Person A's"}


def test_it_keeps_the_same_words_of_another_type_apart() -> None:
    text = "Jordan rang from Jordan."
    result = Deidentified(
        text,
        (
            Finding(0, 6, "PERSON", "name", "a name", "surrogate", "Person A"),
            Finding(17, 23, "PLACE", "name", "a place", "generalise", "[a place]"),
        ),
    )
    assert [g.mentions for g in group_findings(result)] == [(0,), (1,)]


def test_it_joins_a_hyphen_and_a_space_as_the_stand_ins_do() -> None:
    text = "I met Mary-Jane on Monday. Then Mary Jane rang."
    groups = [g for g in group_findings(deidentify(text)) if g.finding.type == "PERSON"]
    assert [(g.words, len(g.mentions)) for g in groups] == [("Mary-Jane", 2)]


def test_keeping_a_group_keeps_every_mention_and_unticking_masks_them_again() -> None:
    result = deidentify(TEXT)
    groups = group_findings(result)
    harrogate = next(n for n, g in enumerate(groups) if g.words == "Harrogate")
    kept = apply_choices(result, every_mention(groups, {harrogate}), typed=None, shown=frozenset())
    assert kept.text.count("Harrogate") == 2
    assert "HARROGATE" in kept.text
    assert "[a place]" not in kept.text
    assert "Marisol" not in kept.text
    assert groups_kept(groups, kept.kept) == {harrogate}
    masked = apply_choices(result, frozenset(), typed=kept.text, shown=kept.kept)
    assert masked.text == result.redacted


def test_a_group_half_edited_stays_chosen_and_names_its_words_once() -> None:
    result = deidentify(TEXT)
    groups = group_findings(result)
    harrogate = next(n for n, g in enumerate(groups) if g.words == "Harrogate")
    typed = result.redacted.replace("[a place] is small", "the town is small")
    chosen = apply_choices(
        result, every_mention(groups, {harrogate}), typed=typed, shown=frozenset()
    )
    assert chosen.text.count("Harrogate") == 2
    assert "the town is small" in chosen.text
    assert chosen.left_as_typed == ("HARROGATE",)
    # Kept where it could be: the box stays ticked, so the next apply masks nothing back.
    assert groups_kept(groups, chosen.kept) == {harrogate}


def test_it_groups_an_alias_run_together_with_the_alias_spaced() -> None:
    result = deidentify("Cash Jo posted as #CashJo again.", [KnownEntity("Cash Jo")])
    groups = group_findings(result)
    assert [(g.words, len(g.mentions)) for g in groups] == [("Cash Jo", 2)]
