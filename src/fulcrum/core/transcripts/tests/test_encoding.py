"""Transcript bytes in any encoding Fulcrum can tell decode to the text they were made from."""

from __future__ import annotations

import codecs
import random
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fulcrum.core.errors import ParseError
from fulcrum.core.transcripts.encoding import CANNOT_TELL, decode_transcript_bytes
from fulcrum.core.transcripts.parsing import parse_transcript

GOLDEN = Path(__file__).parent / "golden"

JAPANESE = (
    "セラピスト: 今日は、前回の話の続きから始めましょうか。\n"
    "クライアント: はい。実は、先生に言いにくいことがありました。\n"
)
ENGLISH = "Therapist: Where would you like to start?\nClient: With last week, I think.\n"
ACCENTED = "Thérapeute : Ça va mieux depuis mardi ?\nCliente : Oui, un peu — merci.\n"

# Letters, marks, digits, punctuation and spaces: what a transcript's words are made of,
# drawn from Latin (with accents) and Japanese alike.
_WORDS = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x20, max_codepoint=0x7E),
        st.characters(min_codepoint=0xC0, max_codepoint=0x17F, categories=["Ll", "Lu"]),
        st.characters(min_codepoint=0x3000, max_codepoint=0x30FF, categories=["Lo", "Po", "Zs"]),
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF, categories=["Lo"]),
    ),
    min_size=1,
    max_size=60,
)
_TRANSCRIPTS = st.lists(_WORDS, min_size=1, max_size=6).map(
    lambda turns: "".join(
        f"{'Therapist' if i % 2 == 0 else 'Client'}: {turn}\n" for i, turn in enumerate(turns)
    )
)


@given(text=_TRANSCRIPTS, codec=st.sampled_from(["utf-16-le", "utf-16-be", "utf-8"]))
def test_unmarked_utf16_and_utf8_round_trip(text: str, codec: str) -> None:
    assert decode_transcript_bytes(text.encode(codec)).text == text


@given(text=_TRANSCRIPTS)
def test_text_behind_any_byte_order_mark_round_trips(text: str) -> None:
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
    ):
        decoded = decode_transcript_bytes(bom + text.encode(codec))
        assert (decoded.text, decoded.encoding, decoded.note) == (text, codec, None)


@pytest.mark.parametrize("text", [JAPANESE, ENGLISH, ACCENTED], ids=["ja", "en", "accented"])
@pytest.mark.parametrize("codec", ["utf-8", "utf-16-le", "utf-16-be"])
def test_golden_text_round_trips_without_a_note(text: str, codec: str) -> None:
    decoded = decode_transcript_bytes(text.encode(codec))
    assert (decoded.text, decoded.encoding, decoded.note) == (text, codec, None)


def test_shift_jis_is_read_as_japanese_with_a_note() -> None:
    decoded = decode_transcript_bytes(JAPANESE.encode("shift_jis"))
    assert decoded.text == JAPANESE
    assert decoded.note is not None
    assert "Shift-JIS" in decoded.note


CURLY = "Client: \u201cYou\u2019re late,\u201d I said.\n"


@pytest.mark.parametrize("text", [ENGLISH, ACCENTED, CURLY])
def test_western_text_is_not_mistaken_for_shift_jis(text: str) -> None:
    decoded = decode_transcript_bytes(text.encode("cp1252"))
    assert decoded.text == text
    assert decoded.encoding == ("utf-8" if text.isascii() else "cp1252")


def test_the_shift_jis_golden_session_reads_as_four_turns() -> None:
    transcript = parse_transcript((GOLDEN / "shift_jis_session.txt").read_bytes(), "s.txt")
    assert [u.speaker for u in transcript.utterances] == ["セラピスト", "クライアント"] * 2
    assert "時間を気にしている" in transcript.utterances[3].text


def test_the_unmarked_utf16_golden_subtitles_read_like_utf8() -> None:
    source = GOLDEN / "utf16be_no_mark.srt"
    as_utf8 = source.read_bytes().decode("utf-16-be").encode("utf-8")
    here = parse_transcript(source.read_bytes(), source.name)
    there = parse_transcript(as_utf8, source.name)
    assert [(u.speaker, u.text) for u in here.utterances] == [
        (u.speaker, u.text) for u in there.utterances
    ]
    assert here.warnings == there.warnings


def test_a_binary_blob_is_refused_with_one_sentence() -> None:
    rng = random.Random(7)
    blob = bytes(rng.randrange(256) for _ in range(2048))
    with pytest.raises(ParseError) as refused:
        parse_transcript(blob, "session.txt")
    assert str(refused.value) == CANNOT_TELL
    assert "save it as UTF-8" in CANNOT_TELL


def test_control_characters_are_not_taken_for_western_text() -> None:
    data = b"Therapist: hello\x01\x02\x03\x1b\x90"
    with pytest.raises(ParseError, match="cannot tell which text encoding"):
        decode_transcript_bytes(data)


def test_a_marked_file_with_a_damaged_byte_is_read_with_a_note() -> None:
    data = codecs.BOM_UTF8 + ENGLISH.encode() + b"\xff" + ENGLISH.encode()
    decoded = decode_transcript_bytes(data)
    assert decoded.text == ENGLISH + "\ufffd" + ENGLISH
    assert decoded.note is not None
    assert "1 of its characters" in decoded.note


def test_a_marked_file_that_is_mostly_damage_is_refused() -> None:
    with pytest.raises(ParseError, match="cannot tell"):
        decode_transcript_bytes(codecs.BOM_UTF8 + b"\xff\xfe\xfd" * 50)
