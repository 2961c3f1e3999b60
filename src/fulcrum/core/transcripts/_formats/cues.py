"""WebVTT (Zoom, Teams) and SRT captions: blocks of cue id, timing line and text."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Sequence

from fulcrum.core.errors import ParseError
from fulcrum.core.transcripts._formats.common import (
    Parsed,
    Segment,
    attribute_speakers,
    excerpt,
    parse_clock,
)

_TS = r"(?:\d{1,3}:)?\d{1,3}:\d{1,2}(?:[.,]\d{1,3})?"
_TIMING = re.compile(rf"^\s*(?P<start>{_TS})\s*-->\s*(?P<end>{_TS})(?:\s.*)?$")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?(?:\s+([^>]*))?>", re.IGNORECASE)
# Markup tags and inline timestamps; a bare "<" in speech ("I <3 it") is left alone.
_TAG = re.compile(r"</?[A-Za-z][^<>]*>|<\d[\d:.]*>")
_SKIPPED_BLOCKS = ("NOTE", "STYLE", "REGION")

Block = list[tuple[int, str]]


def _blocks(lines: Sequence[str], first: int = 0) -> Iterator[Block]:
    block: Block = []
    for number, line in enumerate(lines[first:], start=first + 1):
        if line.strip():
            block.append((number, line.rstrip()))
        elif block:
            yield block
            block = []
    if block:
        yield block


def _timing_error(number: int, line: str, example: str) -> ParseError:
    return ParseError(f"expected a cue timing like {example}, got {excerpt(line)}", line=number)


def _read_timing(number: int, line: str, example: str) -> tuple[float, float]:
    match = _TIMING.match(line)
    if match is None:
        raise _timing_error(number, line, example)
    start = parse_clock(match.group("start"))
    end = parse_clock(match.group("end"))
    if start is None or end is None:
        raise ParseError(
            f"expected times with minutes and seconds below 60, like {example.split()[0]}, "
            f"got {excerpt(line)}",
            line=number,
        )
    return start, end


def _voices(payload: str) -> list[tuple[str | None, str]]:
    """Split cue text on ``<v Name>`` voice tags into (speaker or None, text) pairs."""
    parts = _VOICE.split(payload)
    pieces: list[tuple[str | None, str]] = []
    if parts[0].strip():
        pieces.append((None, parts[0]))
    for index in range(1, len(parts), 2):
        name = parts[index]
        speaker = " ".join(html.unescape(name).split()) if name else None
        pieces.append((speaker or None, parts[index + 1]))
    return [(speaker, html.unescape(_TAG.sub("", text)).strip()) for speaker, text in pieces]


def _cue_segments(blocks: Iterator[Block], example: str) -> tuple[list[Segment], list[str]]:
    segments: list[Segment] = []
    backwards = 0
    for block in blocks:
        first_line = block[0][1].strip()
        head = first_line.split(maxsplit=1)[0] if first_line else ""
        if head in _SKIPPED_BLOCKS and "-->" not in first_line:
            continue
        if "-->" in block[0][1]:
            timing_at = 0
        elif len(block) > 1 and "-->" in block[1][1]:
            timing_at = 1
        else:
            raise _timing_error(block[0][0], block[0][1], example)
        number, line = block[timing_at]
        start, end = _read_timing(number, line, example)
        if end < start:
            backwards += 1
            end = start
        payload_lines = block[timing_at + 1 :]
        if not payload_lines:
            continue
        payload = " ".join(text.strip() for _, text in payload_lines)
        for speaker, text in _voices(payload):
            if text or speaker:
                segments.append(Segment(speaker, text, start, end, payload_lines[0][0]))
    warnings = []
    if backwards:
        warnings.append(f"{backwards} cue(s) end before they start; their end was set to start.")
    return segments, warnings


def parse_vtt(lines: Sequence[str]) -> Parsed:
    """Read WebVTT: a ``WEBVTT`` header, then cues; NOTE, STYLE and REGION blocks skipped."""
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise ParseError("The file is empty.")
    header = lines[first].strip()
    if not (header == "WEBVTT" or header.startswith(("WEBVTT ", "WEBVTT\t"))):
        raise ParseError(f"expected 'WEBVTT' on the first line, got {excerpt(header)}", line=1)
    # The header block runs to the first blank line; some exporters start the first cue
    # straight after it, so let a timing line inside it begin the cues.
    body_start = first + 1
    while body_start < len(lines) and lines[body_start].strip():
        if "-->" in lines[body_start]:
            break
        body_start += 1
    segments, warnings = _cue_segments(_blocks(lines, body_start), "00:01:02.000 --> 00:01:05.000")
    resolved, more = attribute_speakers(segments, source_format="WebVTT", what="cue")
    return Parsed(resolved, "vtt", warnings=tuple(warnings + more))


def parse_srt(lines: Sequence[str]) -> Parsed:
    """Read SRT: numbered blocks with ``00:00:01,000 --> 00:00:04,000`` timings."""
    segments, warnings = _cue_segments(_blocks(lines), "00:01:02,000 --> 00:01:05,000")
    resolved, more = attribute_speakers(segments, source_format="SRT", what="subtitle")
    return Parsed(resolved, "srt", warnings=tuple(warnings + more))


def looks_like_srt(lines: Sequence[str]) -> bool:
    """Whether the file opens like an SRT: a cue number, then a comma-millisecond timing."""
    head = [line.strip() for line in lines[:20] if line.strip()][:2]
    if len(head) == 2 and head[0].isdigit():
        return _TIMING.match(head[1]) is not None
    return len(head) >= 1 and _TIMING.match(head[0]) is not None and "," in head[0]
