"""Read a session transcript file into a :class:`~fulcrum.core.transcripts.model.Transcript`.

One entry point, :func:`parse_transcript`, takes the uploaded bytes and file name and
returns utterances, speakers and a guess at who the practitioner is. Every failure a
person can act on is a :class:`~fulcrum.core.errors.ParseError` (naming the line where
there is one) or an :class:`~fulcrum.core.errors.InvalidInput`. See docs/transcripts.md.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import replace

from fulcrum.core.errors import InvalidInput, ParseError
from fulcrum.core.transcripts._formats.chat import looks_like_chat, parse_chat
from fulcrum.core.transcripts._formats.common import Parsed, Segment, clean_text
from fulcrum.core.transcripts._formats.cues import (
    looks_like_sbv,
    looks_like_srt,
    parse_sbv,
    parse_srt,
    parse_vtt,
)
from fulcrum.core.transcripts._formats.docx import parse_docx
from fulcrum.core.transcripts._formats.plain import parse_plain
from fulcrum.core.transcripts._formats.tabular import SeveralTranscripts, parse_csv
from fulcrum.core.transcripts._formats.whisper import parse_whisper_json
from fulcrum.core.transcripts._formats.xlsx import parse_xlsx
from fulcrum.core.transcripts._speakers import guess_practitioner
from fulcrum.core.transcripts.encoding import decode_transcript_bytes
from fulcrum.core.transcripts.model import Transcript, Utterance, with_practitioner

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_UTTERANCES",
    "EXTENSIONS",
    "FORMAT_NAMES",
    "SeveralTranscripts",
    "parse_transcript",
]

MEGABYTE = 1024 * 1024
DEFAULT_MAX_BYTES = 5 * MEGABYTE
# The most utterances (speaker turns) one transcript may hold: a long session has a few
# thousand, and past this analysis and the report grow too heavy to be useful.
DEFAULT_MAX_UTTERANCES = 5_000
# How far a .docx may grow when unpacked: its XML is far more verbose than its text.
DOCX_EXPANSION = 10
LOW_CONFIDENCE = 0.6

EXTENSIONS: dict[str, str] = {
    "vtt": "vtt",
    "srt": "srt",
    "sbv": "sbv",
    "txt": "text",
    "text": "text",
    "csv": "csv",
    "tsv": "csv",
    "json": "json",
    "docx": "docx",
    "xlsx": "xlsx",
    "md": "markdown",
    "markdown": "markdown",
    "cha": "chat",
}
_FORMAT_NAMES = {
    "vtt": "WebVTT",
    "srt": "SRT",
    "sbv": "SBV",
    "text": "plain text",
    "markdown": "Markdown",
    "csv": "CSV",
    "json": "JSON",
    "docx": "Word",
    "xlsx": "Excel",
    "chat": "CHAT",
}
# Every ``source_format`` a transcript can have, with the name a person knows it by.
FORMAT_NAMES: dict[str, str] = {
    "vtt": "WebVTT captions",
    "youtube-vtt": "YouTube automatic captions (WebVTT)",
    "srt": "SRT subtitles",
    "sbv": "YouTube SubViewer captions (.sbv)",
    "text": "plain text with speaker labels",
    "markdown": "Markdown with speaker labels",
    "otter": "Otter text export",
    "diarised-text": "Whisper + pyannote text (diarised)",
    "chat-export": "messaging app chat export",
    "csv": "CSV table",
    "annomi-csv": "AnnoMI CSV",
    "xlsx": "Excel table",
    "whisper-json": "Whisper-style JSON segments",
    "deepgram-json": "Deepgram JSON (diarised)",
    "assemblyai-json": "AssemblyAI JSON (speaker labels)",
    "docx": "Word document",
    "chat": "CHAT (TalkBank .cha)",
}
_UNSUPPORTED = {
    "doc": "older Word .doc files",
    "xls": "older Excel .xls files",
    "pdf": "PDF files",
    "rtf": "RTF files",
    "odt": "OpenDocument files",
    "ods": "OpenDocument spreadsheets",
    "pages": "Pages files",
    "html": "web pages",
    "htm": "web pages",
}
# Recordings and pictures, by extension and by the bytes they open with: Fulcrum reads
# what was said as text, so these are refused with what to do instead.
_RECORDING_EXTENSIONS = frozenset(
    [
        "mp3",
        "m4a",
        "wav",
        "ogg",
        "oga",
        "opus",
        "flac",
        "aac",
        "amr",
        "wma",
        "mp4",
        "m4v",
        "mov",
        "avi",
        "mkv",
        "webm",
        "wmv",
        "3gp",
    ]
)
_IMAGE_EXTENSIONS = frozenset(
    ["png", "jpg", "jpeg", "gif", "webp", "heic", "heif", "bmp", "tif", "tiff", "svg"]
)
_RECORDING_MAGIC = (b"ID3", b"OggS", b"fLaC", b"\x1aE\xdf\xa3", b"#!AMR", b"0&\xb2u\x8ef\xcf\x11")
# Not FF FE: that opens UTF-16 text.
_MPEG_FRAMES = frozenset(
    {b"\xff\xfb", b"\xff\xfa", b"\xff\xf3", b"\xff\xf2", b"\xff\xf1", b"\xff\xf9"}
)
_IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*", b"BM")
_RECORDING = (
    "This is a sound or video recording, and Fulcrum reads transcripts, not recordings: "
    "have it transcribed with the speakers named (Zoom, Teams, Otter or WhisperX can), then "
    "upload the transcript as .vtt, .srt, .docx, .txt or .json."
)


def _media_kind(data: bytes, extension: str) -> str | None:
    """``"recording"`` or ``"image"`` when the file is one, by its opening bytes or its name."""
    head = data[:16]
    if head.startswith(_IMAGE_MAGIC) and (not head.startswith(b"BM") or extension == "bmp"):
        return "image"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image"
    if head[4:8] == b"ftyp":
        return "image" if head[8:12] in (b"heic", b"heix", b"mif1", b"avif") else "recording"
    if head.startswith(_RECORDING_MAGIC) or (
        head[:4] == b"RIFF" and head[8:12] in (b"WAVE", b"AVI ")
    ):
        return "recording"
    if head[:2] in _MPEG_FRAMES:
        return "recording"  # an MPEG audio frame (MP3, AAC) with no tag before it
    if extension in _RECORDING_EXTENSIONS:
        return "recording"
    if extension in _IMAGE_EXTENSIONS:
        return "image"
    return None


# Files that say who spoke when, but not what was said: nothing to read for power.
_NO_WORDS = {"rttm": "RTTM"}
_SAVE_AS = (
    "save the transcript as .docx, .xlsx, .txt, .md, .vtt, .srt, .csv or .json and upload that"
)


def parse_transcript(
    data: bytes,
    filename: str,
    *,
    practitioner: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    transcript_id: str | None = None,
    max_utterances: int = DEFAULT_MAX_UTTERANCES,
) -> Transcript:
    """Parse an uploaded transcript; the format comes from the extension and the content.

    ``practitioner`` names the practitioner outright (confidence 1) instead of guessing.
    ``transcript_id`` picks one transcript out of an AnnoMI-layout CSV holding several.
    A transcript of more than ``max_utterances`` turns is refused, naming the limit.
    Raises ParseError for an unreadable file, InvalidInput for bad arguments.
    """
    if max_bytes <= 0:
        raise InvalidInput("max_bytes must be a positive number of bytes.")
    if max_utterances <= 0:
        raise InvalidInput("max_utterances must be a positive number of utterances.")
    data = bytes(data)
    if len(data) > max_bytes:
        raise ParseError(
            f"The file is {_size(len(data))}; Fulcrum reads transcripts up to "
            f"{_size(max_bytes)}. Split it or remove what is not the session."
        )
    extension = _extension(filename)
    _refuse_unsupported(data, extension)
    warnings: list[str] = []

    if data.startswith(b"PK\x03\x04") or extension in ("docx", "xlsx"):
        if not data.startswith(b"PK"):
            kind = "an Excel .xlsx" if extension == "xlsx" else "a Word .docx"
            raise ParseError(f"expected {kind} file, but this is not one (not a zip archive)")
        if _is_workbook(data, extension):
            parsed = parse_xlsx(data, max_bytes * DOCX_EXPANSION)
        else:
            parsed = parse_docx(data, max_bytes * DOCX_EXPANSION)
        expected = EXTENSIONS.get(extension)
        if expected is not None and parsed.source_format != expected:
            warnings.append(
                f"The file is named .{extension} but reads as "
                f"{_FORMAT_NAMES[parsed.source_format]}; it was read as "
                f"{_FORMAT_NAMES[parsed.source_format]}."
            )
    else:
        text, note = _decode(data)
        if note:
            warnings.append(note)
        if not text.strip():
            raise ParseError("The file is empty.")
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        chosen = _sniff(text, lines, EXTENSIONS.get(extension))
        expected = EXTENSIONS.get(extension)
        if expected is not None and chosen != expected:
            warnings.append(
                f"The file is named .{extension} but reads as {_FORMAT_NAMES[chosen]}; "
                f"it was read as {_FORMAT_NAMES[chosen]}."
            )
        parsed = _parse_as(chosen, text, lines, transcript_id)
    if transcript_id is not None and parsed.source_format != "annomi-csv":
        raise InvalidInput("transcript_id applies only to CSV files in the AnnoMI layout.")
    return _assemble(parsed, practitioner, warnings, max_utterances)


def _parse_as(kind: str, text: str, lines: list[str], transcript_id: str | None) -> Parsed:
    if kind == "vtt":
        return parse_vtt(lines)
    if kind == "srt":
        return parse_srt(lines)
    if kind == "sbv":
        return parse_sbv(lines)
    if kind == "csv":
        return parse_csv("\n".join(lines), transcript_id=transcript_id)
    if kind == "json":
        return parse_whisper_json(text)
    if kind == "chat":
        return parse_chat(lines)
    if kind == "markdown":
        return parse_plain(list(enumerate(lines, start=1)), "markdown", markdown=True)
    return parse_plain(list(enumerate(lines, start=1)))


def _is_workbook(data: bytes, extension: str) -> bool:
    """Whether a zip archive is an Excel workbook rather than a Word document."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except Exception:
        # Let the reader the extension asks for explain what is wrong with the archive.
        return extension == "xlsx"
    if "xl/workbook.xml" in names:
        return True
    return extension == "xlsx" and "word/document.xml" not in names


def _assemble(
    parsed: Parsed,
    practitioner: str | None,
    warnings: list[str],
    max_utterances: int = DEFAULT_MAX_UTTERANCES,
) -> Transcript:
    utterances = _merge_turns(parsed.segments)
    if not utterances:
        if not parsed.segments:
            raise ParseError("The file holds no words to read: it has no cues or lines of speech.")
        raise ParseError("No utterances found: the file has speaker labels but no words.")
    if len(utterances) > max_utterances:
        raise ParseError(too_many_utterances(len(utterances), max_utterances))
    speakers = tuple(dict.fromkeys(u.speaker for u in utterances))
    guess = guess_practitioner(
        utterances, speakers, parsed.practitioner_hint, dict(parsed.role_hints)
    )
    warnings.extend(parsed.warnings)
    if len(speakers) > 2:
        warnings.append(
            f"This transcript has {len(speakers)} speakers ({', '.join(speakers)}); "
            "Fulcrum's readings assume one practitioner and one client, so read them with care."
        )
    transcript = Transcript(
        utterances=utterances,
        speakers=speakers,
        source_format=parsed.source_format,
        practitioner=guess.speaker,
        practitioner_confidence=guess.confidence,
        practitioner_basis=guess.basis,
    )
    if practitioner is not None:
        transcript = with_practitioner(transcript, _match_speaker(practitioner, speakers))
    elif guess.speaker is None:
        warnings.append("Fulcrum could not tell who the practitioner is; please name them.")
    elif guess.confidence < LOW_CONFIDENCE:
        warnings.append(
            f"Fulcrum guessed that {guess.speaker} is the practitioner, but only just; "
            "please confirm."
        )
    return replace(transcript, warnings=tuple(warnings))


def _merge_turns(segments: Sequence[Segment]) -> tuple[Utterance, ...]:
    """Join consecutive segments by one speaker: earliest start, latest end, first line."""
    turns: list[tuple[str, list[str], list[float], list[float], int | None]] = []
    for segment in segments:
        text = clean_text(segment.text)
        speaker = clean_text(segment.speaker or "")
        if not text or not speaker:
            continue
        if turns and turns[-1][0] == speaker:
            turn = turns[-1]
            turn[1].append(text)
        else:
            turn = (speaker, [text], [], [], segment.line)
            turns.append(turn)
        if segment.start is not None:
            turn[2].append(segment.start)
        if segment.end is not None:
            turn[3].append(segment.end)
    return tuple(
        Utterance(
            index=index,
            speaker=speaker,
            text=" ".join(parts),
            start=min(starts) if starts else None,
            end=max(ends) if ends else None,
            line=line,
        )
        for index, (speaker, parts, starts, ends, line) in enumerate(turns)
    )


def _match_speaker(name: str, speakers: tuple[str, ...]) -> str:
    """Accept the practitioner's name as written or differing only in case and spacing."""
    if name in speakers:
        return name
    wanted = " ".join(name.split()).casefold()
    matches = [s for s in speakers if s.casefold() == wanted]
    # with_practitioner raises InvalidInput listing the speakers when nothing matches.
    return matches[0] if len(matches) == 1 else name


def _extension(filename: str) -> str:
    base = filename.replace("\\", "/").rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[-1].lower().strip() if "." in base else ""


def _refuse_unsupported(data: bytes, extension: str) -> None:
    media = _media_kind(data, extension)
    if media == "recording":
        raise ParseError(_RECORDING)
    if media == "image":
        raise ParseError(
            "This is a picture, and Fulcrum reads a transcript's text, not an image of it: "
            f"{_SAVE_AS}."
        )
    kind = _UNSUPPORTED.get(extension)
    if data.startswith(b"PK\x03\x04") and extension in ("xls", "doc"):
        kind = None  # a workbook or document saved in the new format, with an old name
    if data.startswith(b"%PDF"):
        kind = _UNSUPPORTED["pdf"]
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        # The same container holds old Word and old Excel files.
        kind = _UNSUPPORTED["xls" if extension in ("xls", "xlt") else "doc"]
    elif data.lstrip().startswith(b"{\\rtf"):
        kind = _UNSUPPORTED["rtf"]
    if kind is not None:
        raise ParseError(f"Fulcrum cannot read {kind}; {_SAVE_AS}.")
    head = data.lstrip()[:200].lower()
    if extension in _NO_WORDS or (head.startswith(b"speaker ") and b"<na>" in head):
        name = _NO_WORDS.get(extension, "RTTM")
        raise ParseError(
            f"This {name} file says who spoke when but not what was said, and Fulcrum reads "
            "the words; use the transcript made with it (WhisperX, or a Whisper + pyannote "
            "script, writes one)."
        )
    if head.startswith((b"<!doctype html", b"<html")):
        raise ParseError(f"Fulcrum cannot read {_UNSUPPORTED['html']}; {_SAVE_AS}.")


def _decode(data: bytes) -> tuple[str, str | None]:
    """Decode with :func:`~fulcrum.core.transcripts.encoding.decode_transcript_bytes`.

    NUL characters are dropped here because PostgreSQL cannot store them in text.
    """
    decoded = decode_transcript_bytes(data)
    return decoded.text.lstrip("\ufeff").replace("\x00", ""), decoded.note


def _sniff(text: str, lines: list[str], expected: str | None) -> str:
    """Let unmistakable content win over the extension; otherwise trust the extension."""
    head = text.lstrip()
    if head.startswith("WEBVTT"):
        return "vtt"
    if expected in (None, "text", "vtt") and looks_like_srt(lines):
        return "srt"
    if expected in (None, "text") and looks_like_chat(lines):
        return "chat"
    if expected in (None, "text") and looks_like_sbv(lines):
        return "sbv"
    if expected is not None:
        return expected
    if head.startswith(("{", "[")):
        try:
            parse_whisper_json(text)
        except ParseError:
            pass
        else:
            return "json"
    first = next((line.strip().lower() for line in lines if line.strip()), "")
    if ("speaker" in first and "text" in first) or "utterance_text" in first:
        return "csv"
    bold_labels = sum(bool(_BOLD_LABEL.match(line)) for line in lines[:200])
    if (first.startswith("#") and "**" in text) or bold_labels >= 2:
        return "markdown"
    return "text"


# "**Dana:** …" or "**Dana**: …": a Markdown label, as podcast sites publish transcripts.
_BOLD_LABEL = re.compile(r"^\s*\*\*[^*\n]{1,60}(?::\*\*|\*\*:)")


def too_many_utterances(count: int, limit: int) -> str:
    """The sentence for a transcript over the utterance limit, naming both numbers."""
    return (
        f"The transcript has {count:,} utterances; Fulcrum analyses up to {limit:,} "
        "utterances in one transcript. Split it into its sessions or remove what is not "
        "the session."
    )


def _size(count: int) -> str:
    if count >= MEGABYTE // 10:
        return f"{count / MEGABYTE:.1f}".removesuffix(".0") + " MB"
    return f"{count:,} bytes"
