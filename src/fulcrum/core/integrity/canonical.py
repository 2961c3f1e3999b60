"""Canonical JSON in the manner of RFC 8785 (JCS), for the values a ledger entry holds.

One value has exactly one encoding: object keys sorted by their UTF-16 code units, no
insignificant whitespace, strings escaped only where JSON requires it (as
``JSON.stringify`` does), UTF-8 out. Numbers are limited to integers within
JavaScript's exact range, so no two readers can disagree about a digit: a ledger that
needs a fraction stores it as a string. Floats, NaN, non-string keys and lone
surrogates are refused rather than guessed at.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence

from fulcrum.core.errors import IntegrityProblem

# The integers every JSON reader (JavaScript's included) holds exactly.
SAFE_INTEGER = 2**53 - 1

JsonValue = None | bool | int | str | Sequence["JsonValue"] | Mapping[str, "JsonValue"]

_encode_string = json.JSONEncoder(ensure_ascii=False).encode
# The standard encoder writes the same bytes whenever no key needs UTF-16 ordering (no
# character beyond U+FFFF, whose UTF-8 lead byte is 0xF0-0xF4) and no integer could
# be out of range; reading back a log checks thousands of bodies, so that case is fast.
_fast_encode = json.JSONEncoder(
    ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
).encode
_NEEDS_SLOW_PATH = re.compile(rb"[\xf0-\xf4]|\d{16}")


def _utf16_key(key: str) -> bytes:
    return key.encode("utf-16-be", "surrogatepass")


def _parts(value: object, out: list[str]) -> None:
    if value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, int):
        if not -SAFE_INTEGER <= value <= SAFE_INTEGER:
            raise IntegrityProblem(f"The integer {value} is too large to encode exactly.")
        out.append(str(int(value)))
    elif isinstance(value, float):
        raise IntegrityProblem("A ledger value cannot hold a fraction; store it as a string.")
    elif isinstance(value, str):
        out.append(_encode_string(value))
    elif isinstance(value, Mapping):
        for key in value:
            if not isinstance(key, str):
                raise IntegrityProblem(f"An object key must be text, not {key!r}.")
        out.append("{")
        for index, key in enumerate(sorted(value, key=_utf16_key)):
            if index:
                out.append(",")
            out.append(_encode_string(key))
            out.append(":")
            _parts(value[key], out)
        out.append("}")
    elif isinstance(value, list | tuple):
        out.append("[")
        for index, item in enumerate(value):
            if index:
                out.append(",")
            _parts(item, out)
        out.append("]")
    else:
        raise IntegrityProblem(f"A ledger value cannot hold a {type(value).__name__}.")


def canonical_json(value: object) -> bytes:
    """Encode ``value`` as canonical JSON bytes (RFC 8785-style); refuse what has no one form."""
    out: list[str] = []
    _parts(value, out)
    try:
        return "".join(out).encode("utf-8")
    except UnicodeEncodeError:
        raise IntegrityProblem(
            "A ledger value holds a lone surrogate, which is not text."
        ) from None


def _refuse_constant(name: str) -> object:
    raise IntegrityProblem(f"{name} is not a ledger value.")


def _refuse_float(text: str) -> object:
    raise IntegrityProblem(f"The number {text} is a fraction, which a ledger value cannot hold.")


def parse_canonical(data: bytes) -> object:
    """Parse ``data`` and insist it is the canonical encoding of what it holds."""
    try:
        value = json.loads(
            data.decode("utf-8"),
            parse_constant=_refuse_constant,
            parse_float=_refuse_float,
        )
    except (UnicodeDecodeError, ValueError) as exc:
        raise IntegrityProblem(f"Not canonical JSON: {exc}.") from None
    if _NEEDS_SLOW_PATH.search(data) is None:
        canonical = _fast_encode(value).encode("utf-8") == data
    else:
        canonical = canonical_json(value) == data
    if not canonical:
        raise IntegrityProblem("The JSON is readable but not in its one canonical form.")
    return value
