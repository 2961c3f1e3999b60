"""Tell which text encoding a transcript's bytes use, and decode them.

:func:`decode_transcript_bytes` tries, in order:

1. a byte-order mark (UTF-8, UTF-16 or UTF-32, either byte order);
2. UTF-16 without a mark, told by where the NUL bytes fall: the ASCII half of a
   transcript (line breaks, spaces, speaker labels) has a NUL beside every byte, on the
   odd side in little-endian files and on the even side in big-endian ones;
3. strict UTF-8;
4. a short ordered list of legacy encodings (:data:`LEGACY`), each decoded strictly and
   kept only if what comes out reads like text in that encoding.

When none fits it raises :class:`~fulcrum.core.errors.ParseError` with one sentence that
says so and what to do. Pure: bytes in, text out.
"""

from __future__ import annotations

import codecs
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from fulcrum.core.errors import ParseError

__all__ = ["CANNOT_TELL", "LEGACY", "Decoded", "decode_transcript_bytes"]

CANNOT_TELL = (
    "Fulcrum cannot tell which text encoding this file uses; save it as UTF-8 and try again."
)

# How much of the file the UTF-16 check looks at; a transcript shows its pattern early.
SAMPLE_BYTES = 8192
# A file with a mark may carry a few damaged bytes; more than this share and it is refused.
MAX_REPLACED_SHARE = 0.01

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    # UTF-32 first: its little-endian mark begins with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)
_WHITESPACE = frozenset("\t\n\r\f\v")


@dataclass(frozen=True)
class Decoded:
    """The text, the codec it was read with, and a note for the person when it was a guess."""

    text: str
    encoding: str
    note: str | None = None


def _fallback_note(name: str) -> str:
    return (
        f"The file is not UTF-8; it was read as {name}. "
        "If some letters look wrong, save it as UTF-8 and upload it again."
    )


def _oddities(text: str) -> int:
    """Characters no text file means: controls, unassigned, private-use, replacements."""
    count = 0
    for ch in text:
        if ch in _WHITESPACE or ch == "\x00":
            continue
        if ch == "\ufffd" or unicodedata.category(ch) in ("Cc", "Cn", "Co", "Cs"):
            count += 1
    return count


def _reads_as_text(text: str) -> bool:
    return bool(text) and _oddities(text) == 0


def _reads_as_japanese(text: str) -> bool:
    """Text read as Shift-JIS is Japanese: kana among its non-ASCII characters.

    Western text misread as Shift-JIS comes out as scattered kanji and half-width
    katakana, almost never as hiragana or full-width katakana.
    """
    wide = [ch for ch in text if ord(ch) > 0x7F]
    if not wide or not _reads_as_text(text):
        return False
    kana = sum("\u3040" <= ch <= "\u30ff" for ch in wide)
    return kana * 5 >= len(wide)


def _reads_as_western(text: str) -> bool:
    return _reads_as_text(text)


# Tried in this order after UTF-8; each must decode strictly and pass its check.
LEGACY: tuple[tuple[str, str, Callable[[str], bool]], ...] = (
    ("cp932", "Shift-JIS (Japanese)", _reads_as_japanese),
    ("cp1252", "Windows-1252 (Western European)", _reads_as_western),
)


def decode_transcript_bytes(data: bytes) -> Decoded:
    """Decode a transcript's bytes, or raise ParseError saying the encoding is unknown."""
    data = bytes(data)
    marked = _with_mark(data)
    if marked is not None:
        return marked
    unmarked = _utf16_without_mark(data)
    if unmarked is not None:
        return unmarked
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    for codec, name, plausible in LEGACY:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if plausible(text):
            return Decoded(text, codec, _fallback_note(name))
    raise ParseError(CANNOT_TELL)


def _with_mark(data: bytes) -> Decoded | None:
    for bom, codec, name in _BOMS:
        if not data.startswith(bom):
            continue
        body = data[len(bom) :]
        try:
            return Decoded(body.decode(codec), codec)
        except UnicodeDecodeError:
            pass
        text = body.decode(codec, errors="replace")
        replaced = text.count("\ufffd")
        if replaced > max(1, int(len(text) * MAX_REPLACED_SHARE)):
            raise ParseError(CANNOT_TELL)
        return Decoded(
            text,
            codec,
            f"The file is marked as {name} but {replaced} of its characters could not be "
            "read and show as \ufffd; save it as UTF-8 and upload it again if that matters.",
        )
    return None


def _utf16_without_mark(data: bytes) -> Decoded | None:
    sample = data[:SAMPLE_BYTES]
    sample = sample[: len(sample) - len(sample) % 2]
    if b"\x00" not in sample:
        return None
    pairs = [sample[i : i + 2] for i in range(0, len(sample), 2)]
    # A line break is the surest sign: U+000A and U+000D read one way only.
    little = sum(pair in (b"\n\x00", b"\r\x00") for pair in pairs)
    big = sum(pair in (b"\x00\n", b"\x00\r") for pair in pairs)
    if little == big:
        # One line, or none: fall back to which side the NULs favour.
        little = sum(pair[1] == 0 and pair[0] != 0 for pair in pairs)
        big = sum(pair[0] == 0 and pair[1] != 0 for pair in pairs)
    if little == big:
        return None
    codec = "utf-16-le" if little > big else "utf-16-be"
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    if not _reads_as_text(text) or not any(ch.isascii() and ch.isspace() for ch in text):
        return None
    return Decoded(text, codec)
