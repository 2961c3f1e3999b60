"""The codename list and codenames drawn from it."""

from __future__ import annotations

import math
import re

from fulcrum.vignettes import codenames


def test_it_bundles_7776_distinct_ordinary_words() -> None:
    words = codenames.codewords()
    assert len(words) == codenames.LIST_SIZE == 7776
    assert len(set(words)) == len(words)
    assert all(re.fullmatch(r"[a-z]{3,8}", w) for w in words)


def test_it_draws_seven_words_for_about_90_bits() -> None:
    name = codenames.new_codename()
    assert len(name.split(" ")) == 7
    assert codenames.looks_like_codename(name)
    assert 7 * math.log2(codenames.LIST_SIZE) > 90
    assert codenames.new_codename() != name


def test_it_reads_a_codename_however_it_was_typed() -> None:
    name = codenames.new_codename()
    typed = "  " + name.upper().replace(" ", " - ") + "\n"
    assert codenames.normalise(typed) == name
    assert not codenames.looks_like_codename(" ".join(name.split(" ")[:6]))
    assert not codenames.looks_like_codename(name + " extra")


def test_it_still_reads_a_codename_drawn_with_a_word_since_retired() -> None:
    # "strawer" was on the list and is no everyday word; codenames drawn with it must
    # still find their vignette.
    assert "strawer" not in codenames.codewords()
    drawn = "strawer " + " ".join(codenames.codewords()[:6])
    assert codenames.looks_like_codename(drawn)
    assert not codenames.looks_like_codename("strawer " + " ".join(["notaword"] * 6))
