from __future__ import annotations

from fulcrum.core.deid import deidentify


def _masked(text: str, tagger: bool = False) -> list[str]:
    return [text[f.start : f.end] for f in deidentify(text, tagger=tagger).findings]


def test_it_finds_a_part_of_a_full_name_where_it_recurs_alone() -> None:
    text = "Frank Rack got in touch. Two years later Frank sent me the specimens."
    result = deidentify(text, tagger=False)
    assert [text[f.start : f.end] for f in result.findings] == ["Frank Rack", "Frank"]
    first, second = result.findings
    assert second.replacement == first.replacement  # the same stand-in
    assert "'Frank Rack'" in second.why


def test_a_look_alike_alone_stays_a_word() -> None:
    assert _masked("Two years later Frank sent me the specimens.") == []
    assert _masked("To be frank, Grace was said before the meal.") == []


def test_a_word_fulcrum_keeps_does_not_recur_as_a_name() -> None:
    text = "Christian Koum says the school has grown. It is a Christian school."
    assert _masked(text) == ["Christian Koum"]


def test_only_a_person_recurs() -> None:
    text = "She wrote to the Wrenmouth Community Trust. The Trust and Wrenmouth replied."
    masked = _masked(text)
    assert "Trust" not in masked
