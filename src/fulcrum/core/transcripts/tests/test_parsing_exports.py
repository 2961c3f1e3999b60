"""The exports people really have, beyond the golden files: their edges and refusals."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from openpyxl import Workbook

from fulcrum.core.errors import ParseError
from fulcrum.core.transcripts.parsing import parse_transcript

GOLDEN = Path(__file__).parent / "golden"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _said(data: bytes, name: str) -> list[tuple[str, str]]:
    return [(u.speaker, u.text) for u in parse_transcript(data, name).utterances]


# --- WebVTT: the line an error names --------------------------------------------------


def test_it_names_the_malformed_timing_line_not_the_cue_id_above_it() -> None:
    data = (
        b"WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nDana: Hi.\n\n"
        b"2\n00:00:03.000 -> 00:00:04.000\nSam: Hello.\n"
    )
    with pytest.raises(ParseError) as caught:
        parse_transcript(data, "s.vtt")
    assert caught.value.line == 8
    assert "got '00:00:03.000 -> 00:00:04.000'" in str(caught.value)


def test_it_names_a_cue_id_line_when_no_timing_follows_it() -> None:
    data = b"WEBVTT\n\n00:01.000 --> 00:02.000\nDana: Hi.\n\nintro\nSam: Hello.\n"
    with pytest.raises(ParseError) as caught:
        parse_transcript(data, "s.vtt")
    assert caught.value.line == 6


# --- YouTube automatic captions -------------------------------------------------------


def test_it_refuses_youtube_captions_for_having_no_speakers() -> None:
    text = (GOLDEN / "youtube_named.vtt").read_text(encoding="utf-8")
    unnamed = text.replace("Dana:", "").replace("Sam:", "")
    with pytest.raises(ParseError) as caught:
        parse_transcript(unnamed.encode(), "captions.en.vtt")
    message = str(caught.value)
    assert "YouTube's automatic captions" in message
    assert "do not say who is speaking" in message
    assert "cue timing" not in message


def test_it_keeps_each_youtube_caption_line_once() -> None:
    transcript = parse_transcript((GOLDEN / "youtube_named.vtt").read_bytes(), "c.vtt")
    words = " ".join(u.text for u in transcript.utterances).split()
    assert words.count("week?") == 1
    assert words.count("slept") == 1


def test_it_still_ends_a_cue_at_a_line_of_spaces_before_the_next_cue() -> None:
    data = b"WEBVTT\n\n00:01.000 --> 00:02.000\nDana: Hi.\n   \n00:02.000 --> 00:03.000\nSam: Yo.\n"
    assert _said(data, "s.vtt") == [("Dana", "Hi."), ("Sam", "Yo.")]


# --- Teams ----------------------------------------------------------------------------


def test_it_reads_classic_teams_fractions_as_milliseconds_and_says_so() -> None:
    transcript = parse_transcript((GOLDEN / "teams_classic_fractions.vtt").read_bytes(), "t.vtt")
    kit = transcript.utterances[1]
    assert (kit.start, kit.end) == (4.5, 7.98)
    last = transcript.utterances[-1]
    assert (last.start, last.end) == (13.06, 13.58)  # 0:0:13.60 is 13.060 s, not 13.6
    assert not any("end before they start" in w for w in transcript.warnings)
    assert any("milliseconds without leading zeros" in w for w in transcript.warnings)


def test_it_reads_uniform_short_fractions_as_decimals() -> None:
    data = b"WEBVTT\n\n0:0:1.5 --> 0:0:2.5\n<v Ana>Hi?</v>\n\n0:0:2.5 --> 0:0:3.5\n<v Ben>Yo.</v>\n"
    transcript = parse_transcript(data, "s.vtt")
    assert [(u.start, u.end) for u in transcript.utterances] == [(1.5, 2.5), (2.5, 3.5)]
    assert not any("milliseconds" in w for w in transcript.warnings)


# --- Markdown, Otter, diarised text ---------------------------------------------------


def test_it_reads_bold_labels_in_a_text_file() -> None:
    data = b"**Dana:** How are you?\n**Sam**: Fine.\n**Dana:** Good?\n**Sam**: Yes.\n"
    assert _said(data, "s.txt")[:2] == [("Dana", "How are you?"), ("Sam", "Fine.")]


def test_it_unescapes_markdown_brackets() -> None:
    data = b"**Dana:** \\[laughs\\] Hello.\n**Sam:** Hi \\(quietly\\).\n"
    assert _said(data, "s.md") == [("Dana", "[laughs] Hello."), ("Sam", "Hi (quietly).")]


def test_it_gives_a_once_speaking_otter_guest_their_own_turn() -> None:
    transcript = parse_transcript((GOLDEN / "otter_export.txt").read_bytes(), "otter.txt")
    assert "Lee Marsh" in transcript.speakers
    assert all("0:31" not in u.text for u in transcript.utterances)


def test_it_drops_the_otter_footer() -> None:
    transcript = parse_transcript((GOLDEN / "otter_export.txt").read_bytes(), "otter.txt")
    assert all("otter.ai" not in u.text for u in transcript.utterances)
    assert transcript.source_format == "otter"


def _word_document(paragraphs: list[tuple[str, bool]]) -> bytes:
    body = "".join(
        f"<w:p><w:r>{'<w:rPr><w:b/></w:rPr>' if bold else ''}"
        f'<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'
        for text, bold in paragraphs
    )
    document = f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", document)
    return buffer.getvalue()


def test_it_reads_otter_word_exports_with_bold_single_spaced_headers() -> None:
    data = _word_document(
        [
            ("Dana Reyes 0:03", True),
            ("What would you like from today?", False),
            ("Sam Okafor 0:09", True),
            ("Some quiet.", False),
            ("Guest Speaker 0:15", True),
            ("I only say this once.", False),
            ("Transcribed by https://otter.ai", False),
        ]
    )
    transcript = parse_transcript(data, "otter.docx")
    assert [(u.speaker, u.start) for u in transcript.utterances] == [
        ("Dana Reyes", 3.0),
        ("Sam Okafor", 9.0),
        ("Guest Speaker", 15.0),
    ]
    assert transcript.utterances[-1].text == "I only say this once."


def test_it_takes_start_and_end_from_whisper_pyannote_lines() -> None:
    transcript = parse_transcript((GOLDEN / "whisper_pyannote.txt").read_bytes(), "w.txt")
    assert transcript.source_format == "diarised-text"
    first = transcript.utterances[0]
    assert (first.speaker, first.start, first.end) == ("SPEAKER_00", 0.512, 4.107)


# --- CHAT -----------------------------------------------------------------------------


def test_it_drops_chat_dependent_tiers_and_joins_continuations() -> None:
    transcript = parse_transcript((GOLDEN / "speech_therapy.cha").read_bytes(), "s.cha")
    texts = " ".join(u.text for u in transcript.utterances)
    assert "pro|" not in texts
    assert "points at" not in texts
    assert transcript.utterances[2].text == "okay, I pick this one. what is it?"
    assert transcript.speakers == ("Kim", "Target Child")
    assert transcript.practitioner == "Kim"


def test_it_names_the_line_of_a_stray_line_in_chat() -> None:
    data = b"@Begin\n@Participants:\tCHI Target_Child, INV Investigator\n*INV:\thi .\noops\n"
    with pytest.raises(ParseError) as caught:
        parse_transcript(data, "s.cha")
    assert caught.value.line == 4


def test_it_sniffs_chat_without_its_extension() -> None:
    data = (GOLDEN / "speech_therapy.cha").read_bytes()
    assert parse_transcript(data, "export.txt").source_format == "chat"


# --- Excel ----------------------------------------------------------------------------


def _workbook(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_it_reads_an_excel_table_even_when_named_docx() -> None:
    data = _workbook([["Speaker", "Text"], ["Ana", "Hello?"], ["Ben", "Hi."]])
    transcript = parse_transcript(data, "transcript.docx")
    assert transcript.source_format == "xlsx"
    assert any("named .docx but reads as Excel" in w for w in transcript.warnings)


def test_it_names_the_row_and_sheet_of_a_bad_excel_time() -> None:
    data = _workbook([["Speaker", "Text", "Start"], ["Ana", "Hello?", 0], ["Ben", "Hi.", "soon"]])
    with pytest.raises(ParseError, match=r"Row 3 of sheet 'Sheet': expected the start time"):
        parse_transcript(data, "t.xlsx")


def test_it_asks_for_speaker_and_text_columns_in_excel() -> None:
    data = _workbook([["Who said it", "When"], ["Ana", "1"]])
    with pytest.raises(ParseError, match="expected a header row naming the columns"):
        parse_transcript(data, "t.xlsx")


# --- JSON: Deepgram and role hints ----------------------------------------------------


def _deepgram_without_speakers() -> bytes:
    document = json.loads((GOLDEN / "deepgram_diarised.json").read_text(encoding="utf-8"))
    for utterance in document["results"]["utterances"]:
        del utterance["speaker"]
    for word in document["results"]["channels"][0]["alternatives"][0]["words"]:
        del word["speaker"]
    return json.dumps(document).encode()


def test_it_refuses_deepgram_results_without_diarisation() -> None:
    with pytest.raises(ParseError, match=r"without diarisation.*diarize=true"):
        parse_transcript(_deepgram_without_speakers(), "dg.json")


def test_it_reads_deepgram_words_when_utterances_were_not_asked_for() -> None:
    document = json.loads((GOLDEN / "deepgram_diarised.json").read_text(encoding="utf-8"))
    del document["results"]["utterances"]
    transcript = parse_transcript(json.dumps(document).encode(), "dg.json")
    assert [(u.speaker, u.text) for u in transcript.utterances] == [
        ("Speaker 0", "How are you finding the exercises?"),
        ("Speaker 1", "I'm doing them most days."),
    ]


def test_it_lets_speaker_type_decide_over_who_speaks_first() -> None:
    transcript = parse_transcript((GOLDEN / "whisperx_speaker_type.json").read_bytes(), "w.json")
    assert transcript.practitioner == "SPEAKER_01"
    assert transcript.practitioner_basis == "label"


# --- the practitioner guess -----------------------------------------------------------


def test_it_guesses_the_speaker_who_leads_a_class_even_when_they_speak_second() -> None:
    lines = ["Rae: Is this the breathing class?"]
    for n in range(6):
        lines.append(
            "Mo: Let the breath settle, notice the weight of your body on the mat, and let "
            f"the shoulders soften a little more with each breath out, part {n}."
        )
        lines.append("Rae: Okay?" if n % 2 else "Rae: Mm.")
    transcript = parse_transcript("\n".join(lines).encode(), "class.txt")
    assert transcript.practitioner == "Mo"


def test_it_reads_a_role_in_a_speaker_name() -> None:
    data = b"Sam (client): Hello?\nCounsellor Lee: Hello, come in.\nSam (client): Thanks?\n"
    transcript = parse_transcript(data, "s.txt")
    assert (transcript.practitioner, transcript.practitioner_basis) == ("Counsellor Lee", "label")


def test_it_records_how_the_practitioner_was_decided() -> None:
    data = b"Ana: How are you?\nBen: Fine.\nAna: And?\nBen: Good.\n"
    assert parse_transcript(data, "s.txt").practitioner_basis == "heuristic"
    named = parse_transcript(data, "s.txt", practitioner="Ben")
    assert (named.practitioner, named.practitioner_basis) == ("Ben", "named")


# --- WhisperX and caption speaker marks -----------------------------------------------


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (
            b"1\n00:00:01,000 --> 00:00:02,000\n[SPEAKER_00]: Hello there?\n\n"
            b"2\n00:00:02,000 --> 00:00:03,000\n[SPEAKER_01]: Hi.\n",
            "whisperx.srt",
        ),
        (b"[SPEAKER_00]: Hello there?\n[SPEAKER_01]: Hi.\n", "whisperx.txt"),
    ],
)
def test_it_reads_whisperx_bracketed_speakers(data: bytes, name: str) -> None:
    assert _said(data, name) == [("SPEAKER_00", "Hello there?"), ("SPEAKER_01", "Hi.")]


def test_it_reads_caption_change_marks_before_a_name() -> None:
    data = (
        b"WEBVTT\n\n00:01.000 --> 00:02.000\n>> DANA: Hello?\n\n"
        b"00:02.000 --> 00:03.000\n- SAM: Hi.\n"
    )
    assert _said(data, "c.vtt") == [("DANA", "Hello?"), ("SAM", "Hi.")]


def test_it_does_not_take_a_bracketed_sound_for_a_speaker() -> None:
    data = b"Dana: Hello?\n[laughs] Yes.\nSam: Hi.\nDana: Good.\n"
    assert _said(data, "s.txt")[0] == ("Dana", "Hello? [laughs] Yes.")


# --- Teams' Word export, Google Meet, Zoom captions, AssemblyAI ------------------------


def test_it_reads_teams_word_exports_of_timed_cues_with_names_above_the_words() -> None:
    data = _word_document(
        [
            ("0:0:0.0 --> 0:0:4.230", False),
            ("Lee Marsh", False),
            ("Is the room warm enough?", False),
            ("0:0:4.230 --> 0:0:6.100", False),
            ("Robin Hale", False),
            ("It's fine.", False),
        ]
    )
    transcript = parse_transcript(data, "Session transcript.docx")
    assert [(u.speaker, u.text, u.start, u.end) for u in transcript.utterances] == [
        ("Lee Marsh", "Is the room warm enough?", 0.0, 4.23),
        ("Robin Hale", "It's fine.", 4.23, 6.1),
    ]


def test_it_gives_a_time_on_its_own_line_to_the_turn_below_not_to_the_words() -> None:
    transcript = parse_transcript((GOLDEN / "google_meet.txt").read_bytes(), "meet.txt")
    assert all("00:05:00" not in u.text for u in transcript.utterances)
    assert transcript.utterances[3].start == 300.0


def test_it_reads_zoom_closed_caption_lines() -> None:
    transcript = parse_transcript((GOLDEN / "zoom_closed_captions.txt").read_bytes(), "cc.txt")
    assert transcript.speakers == ("Dana Reyes", "Sam Okafor")
    assert transcript.utterances[1].text == "Yes. I tried saying no to the extra shift."


def test_it_refuses_assemblyai_utterances_without_speaker_labels() -> None:
    document = json.loads((GOLDEN / "assemblyai_utterances.json").read_text(encoding="utf-8"))
    for utterance in document["utterances"]:
        utterance["speaker"] = None
    with pytest.raises(ParseError, match="do not say who spoke"):
        parse_transcript(json.dumps(document).encode(), "a.json")


def _word_table(rows: list[list[str]], before: tuple[str, ...] = ()) -> bytes:
    def cell(text: str) -> str:
        return f'<w:tc><w:p><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p></w:tc>'

    paragraphs = "".join(f"<w:p><w:r><w:t>{escape(t)}</w:t></w:r></w:p>" for t in before)
    table = "".join("<w:tr>" + "".join(cell(c) for c in row) + "</w:tr>" for row in rows)
    document = (
        f'<w:document xmlns:w="{W_NS}"><w:body>{paragraphs}<w:tbl>{table}</w:tbl>'
        "</w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", document)
    return buffer.getvalue()


def test_it_reads_a_transcript_kept_as_a_word_table() -> None:
    data = _word_table(
        [
            ["Time", "Speaker", "What was said"],
            ["00:00:05", "Counsellor", "Where shall we begin?"],
            ["00:00:09", "Noor", "With the letter from my landlord."],
        ],
        before=("Session 2 (fictional)",),
    )
    transcript = parse_transcript(data, "session.docx")
    assert [(u.speaker, u.text, u.start) for u in transcript.utterances] == [
        ("Counsellor", "Where shall we begin?", 5.0),
        ("Noor", "With the letter from my landlord.", 9.0),
    ]
    assert transcript.utterances[0].line == 5  # title, three header cells, then this row


def test_it_reads_a_two_column_word_table_without_a_header() -> None:
    data = _word_table([["Dana", "How are you arriving today?"], ["Sam", "Tired, honestly."]])
    assert _said(data, "s.docx") == [
        ("Dana", "How are you arriving today?"),
        ("Sam", "Tired, honestly."),
    ]


# --- time above the name, numbered speakers -------------------------------------------


def test_it_reads_numbered_speakers_with_a_time_before_the_colon() -> None:
    data = b"Speaker 1 (00:00):\nHello there?\n\nSpeaker 2 (00:04):\nHi.\n"
    transcript = parse_transcript(data, "rev.txt")
    assert [(u.speaker, u.text, u.start) for u in transcript.utterances] == [
        ("Speaker 1", "Hello there?", 0.0),
        ("Speaker 2", "Hi.", 4.0),
    ]


def test_it_reads_a_time_then_a_name_above_the_words() -> None:
    data = b"00:00:00 Speaker 1\nHow are you?\n\n00:00:04 Speaker 2\nFine.\nReally fine.\n"
    assert _said(data, "transcribe.txt") == [
        ("Speaker 1", "How are you?"),
        ("Speaker 2", "Fine. Really fine."),
    ]


def test_it_keeps_a_time_in_running_text_as_words() -> None:
    data = b"T: Shall we meet at\n10:30 Sharp\nC: Fine.\n"
    assert _said(data, "s.txt")[0] == ("T", "Shall we meet at 10:30 Sharp")


# --- files without the words ----------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"SPEAKER s 1 0.50 2.30 <NA> <NA> SPEAKER_00 <NA> <NA>\n", "s.rttm", "who spoke when"),
        (b"SPEAKER s 1 0.50 2.30 <NA> <NA> SPEAKER_00 <NA> <NA>\n", "s.txt", "who spoke when"),
        (b'{"diarization": [{"speaker": "A", "start": 0.5, "end": 2.3}]}', "d.json", "who spoke"),
        (b"<!DOCTYPE html><html><body>Dana: hi</body></html>", "page.txt", "web pages"),
    ],
)
def test_it_refuses_files_without_the_words_in_one_sentence(
    data: bytes, name: str, message: str
) -> None:
    with pytest.raises(ParseError, match=message) as caught:
        parse_transcript(data, name)
    assert str(caught.value).count(". ") == 0  # one sentence


def test_it_reads_f4_and_maxqda_time_stamps_as_the_end_of_the_turn() -> None:
    data = b"I: How did you come here? #00:00:05-2#\n\nB: A friend suggested it. #00:00:11-0#\n"
    transcript = parse_transcript(data, "f4.txt")
    assert [(u.speaker, u.text, u.end) for u in transcript.utterances] == [
        ("I", "How did you come here?", 5.2),
        ("B", "A friend suggested it.", 11.0),
    ]


def test_it_names_an_old_excel_file_as_excel() -> None:
    with pytest.raises(ParseError, match=r"older Excel \.xls files"):
        parse_transcript(b"\xd0\xcf\x11\xe0 the rest of an old workbook", "table.xls")


def test_it_reads_a_new_workbook_that_kept_an_old_name() -> None:
    data = _workbook([["Speaker", "Text"], ["Ana", "Hello?"], ["Ben", "Hi."]])
    assert parse_transcript(data, "table.xls").source_format == "xlsx"


# --- messaging apps -------------------------------------------------------------------


def test_it_reads_a_chat_export_with_times_of_day_and_drops_the_apps_notices() -> None:
    transcript = parse_transcript((GOLDEN / "text_counselling_android.txt").read_bytes(), "c.txt")
    assert transcript.source_format == "chat-export"
    assert transcript.utterances[0].start == 19 * 3600 + 2 * 60  # 19:02 is a time of day
    texts = " ".join(u.text for u in transcript.utterances)
    assert "Media omitted" not in texts
    assert "end-to-end" not in texts


def test_it_joins_a_chat_message_that_runs_over_several_lines() -> None:
    transcript = parse_transcript((GOLDEN / "text_counselling_chat.txt").read_bytes(), "c.txt")
    assert transcript.utterances[3].text == (
        "What happened first, I think. It started over who does the weekend visits."
    )
    assert transcript.practitioner == "Counsellor (Lee)"


# --- what meeting tools write around the words ---------------------------------------


def test_it_drops_google_meets_closing_notices() -> None:
    data = (
        b"Supervision - Transcript\n00:00:00\n\nAma: Shall we start?\nRui: Yes.\n\n"
        b"Transcription ended after 00:06:12\n\n"
        b"This editable transcript was computer generated and might contain errors. "
        b"People can also change the text after it was created.\n"
    )
    assert _said(data, "meet.txt") == [("Ama", "Shall we start?"), ("Rui", "Yes.")]


def test_it_drops_google_meets_closing_notices_in_markdown() -> None:
    data = (
        b"### 00:00:00\n\n**Ama:** Shall we start?\n**Rui:** Yes.\n\n"
        b"### Transcription ended after 00:06:12\n\n"
        b"*This editable transcript was computer generated and might contain errors. "
        b"People can also change the text after it was created.*\n"
    )
    assert _said(data, "meet.md") == [("Ama", "Shall we start?"), ("Rui", "Yes.")]


def test_it_drops_teams_notices_that_transcription_started_or_stopped() -> None:
    data = (
        b"Lee Marsh started transcription\n\nLee Marsh   0:03\nIs the room warm enough?\n\n"
        b"Robin Hale   0:08\nIt's fine.\n\nLee Marsh stopped transcription\n\n"
        b"Lee Marsh started transcription\n\nLee Marsh   4:10\nWe are back.\n"
    )
    assert _said(data, "teams.txt") == [
        ("Lee Marsh", "Is the room warm enough?"),
        ("Robin Hale", "It's fine."),
        ("Lee Marsh", "We are back."),
    ]


# --- a name and a time above the words -------------------------------------------------


def _timed(data: bytes, name: str) -> list[tuple[str, str, float | None]]:
    return [(u.speaker, u.text, u.start) for u in parse_transcript(data, name).utterances]


def test_it_reads_zooms_saved_transcript_with_the_words_below_the_name_and_time() -> None:
    data = (
        b"[Dana Reyes] 14:02:03\nShall we start?\n\n[Sam Okafor] 14:02:09\nYes.\n"
        b"I tried saying no.\n\n[Dana Reyes] 14:02:15\nHow did that go?\n"
    )
    assert _timed(data, "zoom.txt") == [
        ("Dana Reyes", "Shall we start?", 50523.0),
        ("Sam Okafor", "Yes. I tried saying no.", 50529.0),
        ("Dana Reyes", "How did that go?", 50535.0),
    ]


@pytest.mark.parametrize(
    "data",
    [
        b"Dana Reyes\n00:00:03\nShall we start?\n\nSam Okafor\n00:00:09\nYes, please.\n",
        b"**Dana Reyes**\n00:00:03\nShall we start?\n\n**Sam Okafor**\n00:00:09\nYes, please.\n",
    ],
    ids=["plain", "bold"],
)
def test_it_reads_a_name_then_a_time_on_its_own_line_above_the_words(data: bytes) -> None:
    assert _timed(data, "s.txt") == [
        ("Dana Reyes", "Shall we start?", 3.0),
        ("Sam Okafor", "Yes, please.", 9.0),
    ]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Dana Reyes - 00:03", "Sam Okafor - 00:09"),
        ("Dana Reyes \u2013 0:00:03", "Sam Okafor \u2013 0:00:09"),
        ("Dana Reyes (00:00:03 - 00:00:08)", "Sam Okafor (00:00:09 - 00:00:12)"),
    ],
    ids=["dash", "en-dash", "range"],
)
def test_it_reads_a_name_and_a_time_after_a_dash_or_a_range_above_the_words(
    first: str, second: str
) -> None:
    data = f"{first}\nShall we start?\n\n{second}\nYes, please.\n".encode()
    assert _timed(data, "s.txt") == [
        ("Dana Reyes", "Shall we start?", 3.0),
        ("Sam Okafor", "Yes, please.", 9.0),
    ]


def test_it_does_not_take_the_colon_inside_a_time_for_a_label() -> None:
    data = b"Dana Reyes 10:02 AM: Shall we start?\nSam Okafor 1:03 PM: Yes.\n"
    assert _timed(data, "s.txt") == [
        ("Dana Reyes", "Shall we start?", 10 * 3600 + 2 * 60.0),
        ("Sam Okafor", "Yes.", 13 * 3600 + 3 * 60.0),
    ]


# --- names at the start of a cue -------------------------------------------------------


def _srt(*texts: str) -> bytes:
    blocks = [
        f"{n}\n00:00:{n:02d},000 --> 00:00:{n:02d},900\n{text}\n" for n, text in enumerate(texts, 1)
    ]
    return "\n".join(blocks).encode()


def test_it_reads_a_bracketed_name_before_the_words_of_a_subtitle() -> None:
    data = _srt("[Dana Reyes] Shall we start?", "[Sam Okafor] [laughs] Yes.", "[Music]", "Okay.")
    assert _said(data, "s.srt") == [
        ("Dana Reyes", "Shall we start?"),
        ("Sam Okafor", "[laughs] Yes. [Music] Okay."),
    ]


def test_it_keeps_a_colon_in_an_unlabelled_cue_as_words() -> None:
    data = _srt(
        "SPEAKER_00: How was the week?",
        "SPEAKER_01: Long.",
        "So here's the thing: it was hard.",
        "SPEAKER_00: Tell me more.",
    )
    assert _said(data, "s.srt") == [
        ("SPEAKER_00", "How was the week?"),
        ("SPEAKER_01", "Long. So here's the thing: it was hard."),
        ("SPEAKER_00", "Tell me more."),
    ]


def test_it_reads_a_long_display_name_at_the_start_of_a_cue() -> None:
    name = "Katarzyna Wiśniewska (Fulcrum Counselling Services)"
    data = _srt(f"{name}: Shall we start?", "Sam: Yes.", f"{name}: Good.")
    assert [s for s, _ in _said(data, "s.srt")] == [name, "Sam", name]


# --- labels that open only one line ----------------------------------------------------


def test_it_reads_a_role_label_with_a_note_in_brackets_however_often_it_speaks() -> None:
    transcript = parse_transcript(b"Therapist (me): How was the week?\nClient: Long.\n", "s.txt")
    assert [u.speaker for u in transcript.utterances] == ["Therapist (me)", "Client"]
    assert transcript.practitioner == "Therapist (me)"


def test_it_gives_a_once_speaking_guest_their_turn_when_every_line_is_labelled() -> None:
    data = (
        b"Ama Boateng: Thanks for making time.\nRui Costa: Of course.\n"
        b"Ama Boateng: I answer, mostly.\nPatrick King: Sorry, wrong room.\n"
        b"Rui Costa: No problem.\n"
    )
    assert ("Patrick King", "Sorry, wrong room.") in _said(data, "meet.txt")


def test_it_still_folds_a_once_seen_name_into_a_turn_that_runs_over_lines() -> None:
    data = (
        b"Dana: How was the week?\nSam: Long. I kept thinking about one thing.\n"
        b"Remember: slow down.\nThat is what you said.\nDana: And did you?\nSam: Mostly.\n"
    )
    assert _said(data, "s.txt")[1] == (
        "Sam",
        "Long. I kept thinking about one thing. Remember: slow down. That is what you said.",
    )


def test_it_never_guesses_otters_unknown_speaker_as_the_practitioner() -> None:
    data = (
        b"Speaker 1  0:00\nThe week was long, I think.\n\nSpeaker 2  0:05\nI see.\n\n"
        b"Unknown Speaker  0:09\nCan you hear us? Is your sound on?\n\n"
        b"Speaker 1  0:14\nI was tired all week.\n\nTranscribed by https://otter.ai\n"
    )
    assert parse_transcript(data, "otter.txt").practitioner != "Unknown Speaker"


def test_it_reads_labels_with_a_full_width_colon() -> None:
    data = (GOLDEN / "mandarin_fullwidth_colon.txt").read_bytes()
    assert b"\xef\xbc\x9a" in data  # U+FF1A, the full-width colon
    transcript = parse_transcript(data, "s.txt")
    assert len(transcript.speakers) == 2
    assert len(transcript.utterances) == 4


def test_it_reads_a_once_speaking_participant_named_after_their_device() -> None:
    data = (
        b"WEBVTT\n\n1\n00:00:01.000 --> 00:00:03.000\nDana Reyes: Can everyone hear me?\n\n"
        b"2\n00:00:03.000 --> 00:00:04.000\nSam Okafor: Yes.\n\n"
        b"3\n00:00:04.000 --> 00:00:05.000\nRobin's iPad: I can, too.\n\n"
        b"4\n00:00:05.000 --> 00:00:06.000\nDana Reyes: Good.\n"
    )
    assert ("Robin's iPad", "I can, too.") in _said(data, "zoom.vtt")


def test_it_reads_zooms_saved_chat_with_private_messages_and_words_below() -> None:
    data = (
        b"10:02:03 From Dana Reyes to Everyone:\n\tHere is the worksheet.\n"
        b"10:02:09 From Sam Okafor to Everyone:\n\tThanks, got it.\n"
        b"10:02:15 From Dana Reyes to Sam Okafor(privately):\n\tTake your time with it.\n"
    )
    assert _said(data, "chat.txt") == [
        ("Dana Reyes", "Here is the worksheet."),
        ("Sam Okafor", "Thanks, got it."),
        ("Dana Reyes", "Take your time with it."),
    ]


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (
            b'{"text": " Hi.", "segments": [{"id": 0, "start": 0.0, "end": 1.0, "text": " Hi."}]}',
            "w.json",
        ),
        (
            b"1\n00:00:00,000 --> 00:00:01,000\nHi.\n\n2\n00:00:01,000 --> 00:00:02,000\nHello.\n",
            "w.srt",
        ),
    ],
    ids=["json", "srt"],
)
def test_it_refuses_whisper_output_without_speakers_saying_diarisation_is_missing(
    data: bytes, name: str
) -> None:
    with pytest.raises(ParseError) as caught:
        parse_transcript(data, name)
    message = str(caught.value)
    assert "no speaker names" in message
    assert "diarisation" in message


@pytest.mark.parametrize(
    "closing", ["[END OF TRANSCRIPT]", "End of transcript.", "(End of recording)"]
)
def test_it_drops_a_transcribers_closing_line(closing: str) -> None:
    data = f"Interviewer: How was it?\nParticipant: Fine.\n\n{closing}\n".encode()
    assert _said(data, "s.txt") == [("Interviewer", "How was it?"), ("Participant", "Fine.")]


def test_it_reads_a_participant_who_dialled_in_and_is_named_by_their_number() -> None:
    data = (
        b"WEBVTT\n\n1\n00:00:01.000 --> 00:00:03.000\nDana Reyes: Can you hear me?\n\n"
        b"2\n00:00:03.000 --> 00:00:04.000\n15551234567: Yes, I can.\n\n"
        b"3\n00:00:04.000 --> 00:00:05.000\nDana Reyes: Good.\n"
    )
    assert _said(data, "zoom.vtt") == [
        ("Dana Reyes", "Can you hear me?"),
        ("15551234567", "Yes, I can."),
        ("Dana Reyes", "Good."),
    ]


def test_it_reads_a_time_in_a_markdown_heading_as_the_start_of_the_turn_below() -> None:
    data = (
        b"### 00:00:00\n\n**Ama:** Shall we start?\n**Rui:** Yes.\n\n"
        b"### 00:04:10\n\n**Ama:** Next.\n"
    )
    assert _timed(data, "meet.md") == [
        ("Ama", "Shall we start?", 0.0),
        ("Rui", "Yes.", None),
        ("Ama", "Next.", 250.0),
    ]


def test_it_reads_a_numbered_speaker_whose_words_start_with_a_number() -> None:
    data = b"Speaker 1: 5 o'clock works for you?\nSpeaker 2: 6 would be better.\n"
    assert [s for s, _ in _said(data, "s.txt")] == ["Speaker 1", "Speaker 2"]


# --- meeting marks, directory names, titles, names alone ------------------------------


def test_a_teams_guest_mark_is_not_read_as_the_client() -> None:
    transcript = parse_transcript(
        (GOLDEN / "teams_practitioner_as_guest.vtt").read_bytes(), "t.vtt"
    )
    assert transcript.practitioner == "Robin Hale (Guest)"
    assert transcript.practitioner_basis == "heuristic"


def test_a_role_field_of_host_or_guest_is_no_side() -> None:
    data = (
        b"speaker,role,text\nAva,host,How are you?\nBo,guest,Tired. I slept badly.\n"
        b"Ava,host,What kept you up?\nBo,guest,My job. I worry I will lose it.\n"
    )
    assert parse_transcript(data, "s.csv").practitioner_basis == "heuristic"


def test_it_reads_trint_names_with_the_time_and_the_words_on_one_line() -> None:
    data = (
        b"Dana Reyes [00:00:03] How has the week been?\n\n"
        b"Sam de la Cruz [00:00:07] Long. I barely slept.\n\n"
        b"Dana Reyes [00:00:12] Tell me more.\n"
    )
    transcript = parse_transcript(data, "trint.txt")
    assert [(u.speaker, u.start, u.text) for u in transcript.utterances] == [
        ("Dana Reyes", 3.0, "How has the week been?"),
        ("Sam de la Cruz", 7.0, "Long. I barely slept."),
        ("Dana Reyes", 12.0, "Tell me more."),
    ]
    assert transcript.source_format == "text"


def test_it_reads_family_name_particles_in_a_single_spaced_header() -> None:
    data = (
        b"Sam de la Cruz  0:03\nHow has the week been?\n\n"
        b"Jo van Dijk  0:07\nLong.\n\nSam de la Cruz 0:12\nTell me more.\n"
    )
    assert [u.speaker for u in parse_transcript(data, "o.txt").utterances] == [
        "Sam de la Cruz",
        "Jo van Dijk",
        "Sam de la Cruz",
    ]


def test_it_reads_a_directory_name_written_last_name_first() -> None:
    data = (
        b"Reyes, Dana   0:03\nHow has the week been?\n\n"
        b"Okafor, Sam   0:07\nLong.\n\nReyes, Dana   0:12\nTell me more.\n"
    )
    transcript = parse_transcript(data, "teams.txt")
    assert transcript.speakers == ("Reyes, Dana", "Okafor, Sam")


def test_it_reads_a_dash_between_a_time_and_the_name_above_the_words() -> None:
    data = (
        b"[00:00:03.02] - Dana Reyes\nHow has the week been?\n\n"
        b"[00:00:07.10] - Sam Okafor\nLong.\n\n00:00:12.00 - Dana Reyes\nTell me more.\n"
    )
    transcript = parse_transcript(data, "s.txt")
    assert [(u.speaker, u.start) for u in transcript.utterances] == [
        ("Dana Reyes", 3.02),
        ("Sam Okafor", 7.1),
        ("Dana Reyes", 12.0),
    ]


def test_it_keeps_a_first_speaker_who_speaks_once_in_step_with_the_rest() -> None:
    data = b"Lee Marsh  0:00\nSam is here.\n\nDana Reyes  0:04\nCome in.\n\nSam Okafor  0:07\nHi.\n"
    assert parse_transcript(data, "o.txt").speakers == ("Lee Marsh", "Dana Reyes", "Sam Okafor")


def test_it_reads_a_title_with_a_time_as_a_title_not_a_speaker() -> None:
    transcript = parse_transcript((GOLDEN / "session_title_over_labels.txt").read_bytes(), "s.txt")
    assert "Session 4" not in transcript.speakers
    assert transcript.warnings[0].startswith("Skipped 2 line(s)")


def test_it_keeps_a_word_and_a_colon_inside_one_cue_as_words() -> None:
    data = (
        b"1\n00:00:01,000 --> 00:00:03,000\nDana: How are you today?\nNote: I have ten minutes.\n"
        b"\n2\n00:00:03,500 --> 00:00:06,000\nSam: Tired.\n"
    )
    assert _said(data, "s.srt") == [
        ("Dana", "How are you today? Note: I have ten minutes."),
        ("Sam", "Tired."),
    ]


def test_it_reads_names_alone_on_their_lines_only_when_they_head_words_twice() -> None:
    data = b"Thank You\nfor coming, said the note.\n"
    with pytest.raises(ParseError):
        parse_transcript(data, "s.txt")


# --- table times ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "first", "expected"),
    [
        ("Time Offset (ms),Speaker,Text", "3120", (3.12, None)),
        ("Start (ms),End (ms),Speaker,Text", "3120,6000", (3.12, 6.0)),
        ("In,Out,Speaker,Dialogue", "00:00:03,00:00:06", (3.0, 6.0)),
        ("Timecode,Speaker,Text", "00:00:03;12", (3.0, None)),
        ("Timestamp,Speaker,Text", "[00:03]", (3.0, None)),
        ("End Time,Speaker,Text", "00:00:06", (None, 6.0)),
    ],
)
def test_it_reads_the_times_of_a_table_as_each_row_writes_them(
    header: str, first: str, expected: tuple[float | None, float | None]
) -> None:
    data = f"{header}\n{first},Dana,Hello?\n{first},Sam,Hi.\n".encode()
    turn = parse_transcript(data, "t.csv").utterances[0]
    assert (turn.start, turn.end) == expected
