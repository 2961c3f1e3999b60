"""Reading transcripts: golden files per format, then the edges one by one.

Golden files live in golden/: ``name.ext`` beside ``name.ext.expected.json`` with the
expected reading. After a deliberate change, rewrite the expectations with
``FULCRUM_UPDATE_GOLDEN=1 .venv/bin/pytest src/fulcrum/core/transcripts/tests`` and
review the diff.
"""

from __future__ import annotations

import codecs
import io
import json
import os
import zipfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest

from fulcrum.core.errors import InvalidInput, ParseError
from fulcrum.core.transcripts.model import Transcript
from fulcrum.core.transcripts.parsing import DEFAULT_MAX_BYTES, FORMAT_NAMES, parse_transcript

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("FULCRUM_UPDATE_GOLDEN") == "1"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

DOCX_PARAGRAPHS = (
    "Bodywork session 3 (fictional)",
    "",
    "MT: Would you prefer to start face up or face down?",
    "Client: Face up. My lower back is tender today.",
    "MT: Thanks for telling me. I'll keep the pressure light there.",
    "Let me know if anything feels like too much.",
    "Client: Will do.",
    "MT: Is the bolster under your knees comfortable?",
    "Client: Yes, that helps.",
)


def _reading(transcript: Transcript) -> dict[str, Any]:
    return {
        "source_format": transcript.source_format,
        "speakers": list(transcript.speakers),
        "practitioner": transcript.practitioner,
        "practitioner_confidence": transcript.practitioner_confidence,
        "practitioner_basis": transcript.practitioner_basis,
        "warnings": list(transcript.warnings),
        "utterances": [
            {"speaker": u.speaker, "text": u.text, "start": u.start, "end": u.end, "line": u.line}
            for u in transcript.utterances
        ],
    }


def _check_golden(transcript: Transcript, expected_path: Path) -> None:
    actual = _reading(transcript)
    if UPDATE:
        expected_path.write_text(
            json.dumps(actual, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    assert actual == expected


def _word_document(paragraphs: tuple[str, ...]) -> bytes:
    body = "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'
        if text
        else "<w:p/>"
        for text in paragraphs
    )
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{W_NS}"><w:body>{body}<w:sectPr/></w:body></w:document>'
    )
    return _zip({"word/document.xml": document})


def _zip(members: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


GOLDEN_SOURCES = sorted(p for p in GOLDEN.iterdir() if not p.name.endswith(".expected.json"))


@pytest.mark.parametrize("source", GOLDEN_SOURCES, ids=lambda p: p.name)
def test_it_reads_each_golden_file_as_expected(source: Path) -> None:
    transcript = parse_transcript(source.read_bytes(), source.name)
    _check_golden(transcript, source.with_name(source.name + ".expected.json"))


def test_it_has_a_golden_file_for_every_format() -> None:
    formats = {parse_transcript(p.read_bytes(), p.name).source_format for p in GOLDEN_SOURCES}
    assert formats >= set(FORMAT_NAMES) - {"docx"}


def test_it_reads_a_word_document_by_paragraph() -> None:
    transcript = parse_transcript(_word_document(DOCX_PARAGRAPHS), "session.docx")
    _check_golden(transcript, GOLDEN / "bodywork_session.docx.expected.json")
    assert transcript.utterances[0].line == 3  # the paragraph number, title included


def test_it_reads_utf16_with_either_byte_order_like_utf8() -> None:
    source = GOLDEN / "bodywork.srt"
    text = source.read_text(encoding="utf-8")
    expected = _reading(parse_transcript(source.read_bytes(), source.name))
    for data in (
        codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
        codecs.BOM_UTF8 + text.encode("utf-8"),
    ):
        assert _reading(parse_transcript(data, "bodywork.srt")) == expected


def test_it_reads_cr_and_crlf_line_endings_alike() -> None:
    text = (GOLDEN / "couples_three_speakers.txt").read_text(encoding="utf-8")
    readings = [
        _reading(parse_transcript(text.replace("\n", ending).encode(), "s.txt"))
        for ending in ("\n", "\r\n", "\r")
    ]
    assert readings[0] == readings[1] == readings[2]


def test_it_warns_when_it_falls_back_to_windows_1252() -> None:
    transcript = parse_transcript((GOLDEN / "cp1252_quotes.txt").read_bytes(), "q.txt")
    assert "\u201cyou\u2019re not a team player\u201d" in transcript.utterances[1].text
    assert any("Windows-1252" in w for w in transcript.warnings)


# --- WebVTT and SRT -------------------------------------------------------------------


def test_it_names_the_line_of_a_cue_without_timing() -> None:
    data = b"WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nDana: Hi.\n\nhello\n"
    with pytest.raises(ParseError) as caught:
        parse_transcript(data, "s.vtt")
    assert caught.value.line == 7
    assert str(caught.value) == (
        "Line 7: expected a cue timing like 00:01:02.000 --> 00:01:05.000, got 'hello'"
    )


def test_it_rejects_a_vtt_without_its_header() -> None:
    with pytest.raises(ParseError, match="expected 'WEBVTT'") as caught:
        parse_transcript(b"Dana: Hi\n", "s.vtt")
    assert caught.value.line == 1


def test_it_rejects_impossible_times() -> None:
    data = b"WEBVTT\n\n00:00:61.000 --> 00:01:02.000\nDana: Hi.\n"
    with pytest.raises(ParseError, match="below 60") as caught:
        parse_transcript(data, "s.vtt")
    assert caught.value.line == 3


def test_it_splits_a_cue_with_two_voices() -> None:
    data = b"WEBVTT\n\n00:01.000 --> 00:03.000\n<v.loud Ana>Ready?</v> <v Ben>Yes.</v>\n"
    transcript = parse_transcript(data, "s.vtt")
    assert [(u.speaker, u.text) for u in transcript.utterances] == [
        ("Ana", "Ready?"),
        ("Ben", "Yes."),
    ]


def test_it_strips_markup_but_keeps_a_bare_angle_bracket() -> None:
    data = b"1\n00:00:01,000 --> 00:00:02,000\nAna: <i>I</i> <3 this &lt;really&gt;\n"
    transcript = parse_transcript(data, "s.srt")
    assert transcript.utterances[0].text == "I <3 this <really>"


def test_it_gives_unlabelled_opening_cues_to_an_unknown_speaker() -> None:
    data = (
        b"WEBVTT\n\n00:01.000 --> 00:02.000\n(music)\n\n"
        b"00:02.000 --> 00:04.000\nAna: Hello?\n\n00:04.000 --> 00:05.000\nBen: Hi.\n"
    )
    transcript = parse_transcript(data, "s.vtt")
    assert transcript.speakers == ("Unknown speaker", "Ana", "Ben")
    assert any("name no speaker" in w for w in transcript.warnings)
    assert transcript.practitioner != "Unknown speaker"


def test_it_rejects_captions_that_name_nobody() -> None:
    data = b"WEBVTT\n\n00:01.000 --> 00:02.000\nhello there\n"
    with pytest.raises(ParseError, match="no speaker names") as caught:
        parse_transcript(data, "s.vtt")
    assert caught.value.line == 4


def test_it_reads_an_srt_named_txt_and_says_so() -> None:
    data = (GOLDEN / "bodywork.srt").read_bytes()
    transcript = parse_transcript(data, "export.txt")
    assert transcript.source_format == "srt"
    assert any("named .txt but reads as SRT" in w for w in transcript.warnings)


# --- plain text -----------------------------------------------------------------------


def test_it_joins_continuation_lines_to_the_turn_above() -> None:
    data = b"T: Breathe in.\nRemember: slow down.\n\nAnd again.\nC: OK.\nT: Good?\nC: Yes.\n"
    transcript = parse_transcript(data, "s.txt")
    assert transcript.utterances[0].text == "Breathe in. Remember: slow down. And again."
    assert transcript.speakers == ("T", "C")


def test_it_takes_timestamps_before_or_after_the_label() -> None:
    data = (
        b"[01:02:03] Dana: One.\nSam (12:03): Two.\nDana: [00:00:05.5] Three.\n00:07 Sam: Four.\n"
    )
    transcript = parse_transcript(data, "s.txt")
    assert [u.start for u in transcript.utterances] == [3723.0, 723.0, 5.5, 7.0]
    assert [u.text for u in transcript.utterances] == ["One.", "Two.", "Three.", "Four."]


def test_it_reads_name_and_time_header_lines() -> None:
    data = b"Dana Reyes  0:03\nHow are you?\n\nSam Okafor  0:07\nFine, thanks.\n"
    transcript = parse_transcript(data, "s.txt")
    assert [(u.speaker, u.text, u.start) for u in transcript.utterances] == [
        ("Dana Reyes", "How are you?", 3.0),
        ("Sam Okafor", "Fine, thanks.", 7.0),
    ]


def test_it_names_the_first_line_when_there_are_no_labels() -> None:
    with pytest.raises(ParseError, match="each turn should start with the speaker") as caught:
        parse_transcript(b"\n\njust some words\nand more words\n", "s.txt")
    assert caught.value.line == 3


def test_it_merges_consecutive_turns_keeping_earliest_start_and_latest_end() -> None:
    data = b"speaker,text,start,end\nAna,One?,5,6\nAna,Two.,1,9\nBen,Three.,10,11\n"
    transcript = parse_transcript(data, "s.csv")
    first = transcript.utterances[0]
    assert (first.text, first.start, first.end, first.line) == ("One? Two.", 1.0, 9.0, 2)
    assert [u.index for u in transcript.utterances] == [0, 1]


def test_it_strips_nul_characters() -> None:
    transcript = parse_transcript(b"T: he\x00llo?\nC: h\x00i\n", "s.txt")
    assert [u.text for u in transcript.utterances] == ["hello?", "hi"]


# --- CSV ------------------------------------------------------------------------------


def test_it_requires_a_csv_header() -> None:
    with pytest.raises(ParseError, match="expected a header row") as caught:
        parse_transcript(b"Ana,Hello\nBen,Hi\n", "s.csv")
    assert caught.value.line == 1


def test_it_names_the_row_with_an_unreadable_time() -> None:
    data = b"speaker,text,start\nAna,Hello,0\nBen,Hi,soon\n"
    with pytest.raises(ParseError, match="start time in seconds") as caught:
        parse_transcript(data, "s.csv")
    assert caught.value.line == 3


def test_it_reads_semicolon_and_tab_separated_files() -> None:
    for data in (b"Speaker;Text\nAna;Hello?\nBen;Hi\n", b"speaker\ttext\nAna\tHello?\nBen\tHi\n"):
        assert parse_transcript(data, "s.csv").speakers == ("Ana", "Ben")


def test_it_counts_lines_across_quoted_newlines() -> None:
    data = b'speaker,text\nAna,"one\ntwo"\nBen,three\n'
    transcript = parse_transcript(data, "s.csv")
    assert [u.line for u in transcript.utterances] == [2, 4]


def test_it_asks_for_one_annomi_transcript_at_a_time() -> None:
    source = (GOLDEN / "annomi_layout.csv").read_text(encoding="utf-8")
    extra = "high,902,Other,https://example.org/2,x,0,therapist,00:00:01,Hello.,1,question,n/a\n"
    data = (source + extra).encode()
    with pytest.raises(ParseError, match="holds 2 transcripts"):
        parse_transcript(data, "annomi.csv")
    chosen = parse_transcript(data, "annomi.csv", transcript_id="902")
    assert [u.text for u in chosen.utterances] == ["Hello."]
    with pytest.raises(InvalidInput, match="901, 902"):
        parse_transcript(data, "annomi.csv", transcript_id="7")


def test_it_refuses_transcript_id_for_other_formats() -> None:
    with pytest.raises(InvalidInput, match="AnnoMI"):
        parse_transcript(b"T: Hi?\nC: Hi.\n", "s.txt", transcript_id="1")


# --- JSON -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"segments": [', "expected valid JSON"),
        (b'{"text": "hi"}', "segments"),
        (b'[{"speaker": "A"}]', '"text" to be a string'),
        (b'[{"speaker": "A", "text": "hi", "start": -1}]', '"start" to be seconds'),
        (b'[{"speaker": "A", "text": "hi", "end": NaN}]', '"end" to be seconds'),
        (b"[" * 100_000, "JSON"),
    ],
)
def test_it_explains_bad_json(data: bytes, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        parse_transcript(data, "s.json")


def test_it_reads_speaker_names_from_json_text_when_there_is_no_speaker_field() -> None:
    data = b'[{"text": "Dana: Hi, how are you?"}, {"text": "Sam: Fine."}, {"text": "Thanks."}]'
    transcript = parse_transcript(data, "s.json")
    assert [(u.speaker, u.text) for u in transcript.utterances] == [
        ("Dana", "Hi, how are you?"),
        ("Sam", "Fine. Thanks."),
    ]


# --- Word -----------------------------------------------------------------------------


def test_it_splits_word_paragraphs_on_line_breaks() -> None:
    document = (
        f'<w:document xmlns:w="{W_NS}"><w:body>'
        "<w:p><w:r><w:t>T: Hello?</w:t><w:br/><w:t>C: Hi.</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>T: Face up </w:t></w:r><w:r><w:t>or face down?</w:t></w:r></w:p>"
        "</w:body></w:document>"
    )
    transcript = parse_transcript(_zip({"word/document.xml": document}), "s.docx")
    assert [(u.speaker, u.text, u.line) for u in transcript.utterances] == [
        ("T", "Hello?", 1),
        ("C", "Hi.", 1),
        ("T", "Face up or face down?", 2),
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not a zip at all", "not a zip archive"),
        (_zip({"other.xml": "<x/>"}), "no word/document.xml"),
        (_zip({"word/document.xml": "<w:document"}), "XML is damaged"),
        (
            _zip({"word/document.xml": '<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'}),
            "DOCTYPE",
        ),
        (b"PK\x03\x04" + b"\x00" * 40, "could not be opened"),
    ],
)
def test_it_explains_a_bad_word_file(data: bytes, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        parse_transcript(data, "s.docx")


def test_it_refuses_a_word_file_that_unpacks_too_large() -> None:
    paragraphs = tuple(f"T: {'word ' * 50}" for _ in range(200))
    data = _word_document(paragraphs)
    with pytest.raises(ParseError, match="too large"):
        parse_transcript(data, "s.docx", max_bytes=len(data) + 1)


# --- files, sizes and speakers --------------------------------------------------------


def test_it_states_the_size_limit_in_megabytes() -> None:
    data = b"T: " + b"a" * (DEFAULT_MAX_BYTES)
    with pytest.raises(ParseError, match=r"up to 5 MB"):
        parse_transcript(data, "s.txt")


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"ID3\x04\x00\x00\x00\x00\x00\x00" + bytes(64), "session.mp3"),
        (b"\xff\xfb\x90\x64" + bytes(64), "session.mp3"),
        (b"\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00" + bytes(64), "session.m4a"),
        (b"RIFF\x24\x08\x00\x00WAVEfmt " + bytes(64), "session.wav"),
        (b"\x00\x00\x00\x18ftypmp42" + bytes(64), "session.txt"),
        (bytes(range(256)), "session.m4a"),
    ],
)
def test_it_refuses_a_recording_and_says_to_transcribe_it_first(data: bytes, name: str) -> None:
    with pytest.raises(ParseError, match=r"^This is a sound or video recording") as caught:
        parse_transcript(data, name)
    assert "transcribed with the speakers named" in str(caught.value)
    assert caught.value.line is None


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(64), "notes.png"),
        (b"\x89PNG\r\n\x1a\n" + bytes(64), "notes.txt"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(64), "scan.jpg"),
        (b"RIFF\x24\x08\x00\x00WEBPVP8 " + bytes(64), "notes.txt"),
    ],
)
def test_it_refuses_a_picture_and_says_to_save_the_text(data: bytes, name: str) -> None:
    with pytest.raises(ParseError, match=r"^This is a picture") as caught:
        parse_transcript(data, name)
    assert ".docx" in str(caught.value)


def test_a_transcript_that_opens_like_a_bitmap_is_still_read() -> None:
    transcript = parse_transcript(b"BM: Hello.\nAl: Hi.\n", "s.txt")
    assert transcript.speakers == ("BM", "Al")


def test_a_webvtt_file_with_no_cues_says_it_holds_no_words() -> None:
    with pytest.raises(ParseError, match="holds no words") as caught:
        parse_transcript(b"WEBVTT\n\n", "s.vtt")
    assert "speaker labels" not in str(caught.value)


@pytest.mark.parametrize("data", [b"", b"   \r\n\n", codecs.BOM_UTF8, codecs.BOM_UTF16_LE])
def test_it_rejects_an_empty_file(data: bytes) -> None:
    with pytest.raises(ParseError, match="empty"):
        parse_transcript(data, "s.txt")


def test_it_rejects_labels_without_words() -> None:
    with pytest.raises(ParseError, match="No utterances"):
        parse_transcript(b"speaker,text\nAna,\nBen,  \n", "s.csv")


@pytest.mark.parametrize(
    ("data", "filename"),
    [(b"%PDF-1.7 ...", "s.pdf"), (b"\xd0\xcf\x11\xe0rest", "s.doc"), (b"{\\rtf1 x}", "s.rtf")],
)
def test_it_asks_for_another_format_when_it_cannot_read_one(data: bytes, filename: str) -> None:
    with pytest.raises(ParseError, match="save the transcript as"):
        parse_transcript(data, filename)


def test_it_sniffs_the_format_when_the_extension_says_nothing() -> None:
    for source in GOLDEN_SOURCES:
        named = parse_transcript(source.read_bytes(), source.name)
        unnamed = parse_transcript(source.read_bytes(), "upload")
        assert unnamed.source_format == named.source_format, source.name


def test_it_lets_the_caller_name_the_practitioner() -> None:
    data = b"Ana: Hello.\nBen: What brings you here?\nAna: My knee.\n"
    transcript = parse_transcript(data, "s.txt", practitioner="  ana ")
    assert (transcript.practitioner, transcript.practitioner_confidence) == ("Ana", 1.0)
    with pytest.raises(InvalidInput, match="speakers: Ana, Ben"):
        parse_transcript(data, "s.txt", practitioner="Cleo")


def test_it_guesses_the_practitioner_from_how_they_speak() -> None:
    lines = []
    for _ in range(8):
        lines += ["Kim: Would you prefer to start face up or face down?", "Lou: Face down."]
    transcript = parse_transcript("\n".join(lines).encode(), "s.txt")
    assert transcript.practitioner == "Kim"
    assert 0.6 < transcript.practitioner_confidence <= 0.85


def test_it_is_unsure_when_speakers_sound_alike() -> None:
    data = b"Kim: Hello there.\nLou: Hello there.\n"
    transcript = parse_transcript(data, "s.txt")
    assert transcript.practitioner_confidence < 0.6
    assert any("please confirm" in w for w in transcript.warnings)


def test_it_names_no_practitioner_for_a_single_unlabelled_speaker() -> None:
    transcript = parse_transcript(b"Kim: Talking to myself.\n", "s.txt")
    assert (transcript.practitioner, transcript.practitioner_confidence) == (None, 0.0)


def test_it_rejects_a_non_positive_limit() -> None:
    with pytest.raises(InvalidInput):
        parse_transcript(b"T: hi", "s.txt", max_bytes=0)


def test_it_parses_six_hundred_timestamped_utterances() -> None:
    turns = []
    for i in range(300):
        turns.append(f"[00:{i // 60 % 60:02d}:{i % 60:02d}] T: How did that land for you, {i}?")
        turns.append(f"C: It landed somewhere between the shoulders, I think ({i}).")
    data = "\n".join(turns).encode()
    transcript = parse_transcript(data, "s.txt")
    assert len(transcript.utterances) == 600
    assert transcript.utterances[-2].start == 299.0


def test_it_warns_when_a_lone_name_is_read_as_text() -> None:
    data = b"T: Hello?\nC: Hi.\nT: Breathe out.\nRemember: slow.\nC: Okay.\n"
    transcript = parse_transcript(data, "s.txt")
    assert transcript.utterances[2].text == "Breathe out. Remember: slow."
    assert any("line 4 ('Remember')" in w for w in transcript.warnings)
