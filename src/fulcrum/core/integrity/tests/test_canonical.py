"""Canonical JSON: one value, one encoding."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fulcrum.core.errors import IntegrityProblem
from fulcrum.core.integrity.canonical import SAFE_INTEGER, canonical_json, parse_canonical

values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-SAFE_INTEGER, max_value=SAFE_INTEGER)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=12,
)


def test_it_sorts_keys_and_drops_whitespace() -> None:
    assert canonical_json({"b": 1, "a": [True, None, "x"]}) == b'{"a":[true,null,"x"],"b":1}'


def test_it_sorts_keys_by_utf16_code_units_as_rfc_8785_does() -> None:
    # U+1F600 is D83D DE00 in UTF-16, which sorts before U+FB33; by code point it would not.
    assert canonical_json({"\ufb33": 1, "\U0001f600": 2}) == '{"\U0001f600":2,"\ufb33":1}'.encode()


def test_it_escapes_only_what_json_requires() -> None:
    assert canonical_json('é"\\\n\x01\x7f') == '"é\\"\\\\\\n\\u0001\x7f"'.encode()


@pytest.mark.parametrize("bad", [1.5, float("nan"), 2**53, {1: "x"}, "\ud800", b"bytes"])
def test_it_refuses_what_has_no_one_form(bad: object) -> None:
    with pytest.raises(IntegrityProblem):
        canonical_json(bad)


@pytest.mark.parametrize(
    "text", [b'{"b":1,"a":2}', b'{"a": 1}', b'{"a":1,"a":1}', b"1.0", b"\xff", b"NaN"]
)
def test_it_reads_only_the_canonical_form(text: bytes) -> None:
    with pytest.raises(IntegrityProblem):
        parse_canonical(text)


@given(values)
def test_it_reads_back_what_it_wrote_byte_for_byte(value: object) -> None:
    encoded = canonical_json(value)
    assert canonical_json(parse_canonical(encoded)) == encoded
