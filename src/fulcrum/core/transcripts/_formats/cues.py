"""WebVTT (Zoom, Teams, YouTube) and SRT captions: blocks of cue id, timing line and text."""

from __future__ import annotations

import html
import itertools
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from fulcrum.core.errors import ParseError
from fulcrum.core.transcripts._formats.common import (
    Parsed,
    Segment,
    attribute_speakers,
    excerpt,
    is_role_label,
    parse_clock,
    split_label,
)

_TS = r"(?:\d{1,3}:)?\d{1,3}:\d{1,2}(?:[.,]\d{1,3})?"
_TIMING = re.compile(rf"^\s*(?P<start>{_TS})\s*-->\s*(?P<end>{_TS})(?:\s.*)?$")
# A line that was meant as a timing but is not one: it opens with a time-like figure.
_TIMING_LIKE = re.compile(r"^\s*\d{1,3}:\d")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?(?:\s+([^>]*))?>", re.IGNORECASE)
# Markup tags and inline timestamps; a bare "<" in speech ("I <3 it") is left alone.
_TAG = re.compile(r"</?[A-Za-z][^<>]*>|<\d[\d:.]*>")
# YouTube's automatic captions time each word: "so<00:00:00.160><c> today</c>".
_WORD_TIMING = re.compile(r"<\d{1,2}:\d{2}(?::\d{2})?\.\d{3}>|<c[.>]")
_FRACTION = re.compile(r"[.,](\d{1,3})\s*$")
# Teams writes a participant's directory id as the voice when it has no display name.
_GUID = re.compile(r"^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}", re.I)
_SKIPPED_BLOCKS = ("NOTE", "STYLE", "REGION")
# Caption marks for a change of speaker before a name: ">> DANA: …", "- Sam: …".
_CHANGE_MARK = re.compile(r"^\s*(?:>>|-)\s+")

Block = list[tuple[int, str]]


@dataclass(frozen=True, slots=True)
class _Cue:
    timing_line: int
    start: str
    end: str
    payload: tuple[tuple[int, str], ...]
    ident: str = ""


# Webex names the speaker in the cue id: '12 "Dana Reyes" (3141592)'.
_WEBEX_ID = re.compile(r'^\s*\d+\s+"(?P<name>[^"]{1,80})"')


def _starts_cue(lines: Sequence[str], at: int) -> bool:
    """Whether a cue (or a NOTE, STYLE or REGION block) begins on line index ``at``."""
    if at >= len(lines) or not lines[at].strip():
        return True
    line = lines[at].strip()
    if "-->" in line or line.split(maxsplit=1)[0] in _SKIPPED_BLOCKS:
        return True
    return at + 1 < len(lines) and "-->" in lines[at + 1]


def _blocks(lines: Sequence[str], first: int = 0) -> Iterator[Block]:
    """Split into blocks at empty lines.

    A line of spaces ends a block only when a new cue follows it: YouTube writes a line
    holding one space inside its cues.
    """
    block: Block = []
    for index in range(first, len(lines)):
        line = lines[index]
        if line.strip():
            block.append((index + 1, line.rstrip()))
        elif block and (not line or _starts_cue(lines, index + 1)):
            yield block
            block = []
    if block:
        yield block


def _timing_error(number: int, line: str, example: str) -> ParseError:
    return ParseError(f"expected a cue timing like {example}, got {excerpt(line)}", line=number)


def _read_cues(blocks: Iterator[Block], example: str) -> list[_Cue]:
    cues: list[_Cue] = []
    for block in blocks:
        first_line = block[0][1].strip()
        head = first_line.split(maxsplit=1)[0] if first_line else ""
        if head in _SKIPPED_BLOCKS and "-->" not in first_line:
            continue
        if "-->" in block[0][1]:
            timing_at = 0
        elif len(block) > 1 and "-->" in block[1][1]:
            timing_at = 1
        elif len(block) > 1 and _TIMING_LIKE.match(block[1][1]):
            # An id line, then a timing gone wrong: the second line is the bad one.
            raise _timing_error(block[1][0], block[1][1], example)
        else:
            raise _timing_error(block[0][0], block[0][1], example)
        number, line = block[timing_at]
        match = _TIMING.match(line)
        if match is None:
            raise _timing_error(number, line, example)
        payload = tuple(block[timing_at + 1 :])
        ident = block[0][1] if timing_at == 1 else ""
        cues.append(_Cue(number, match.group("start"), match.group("end"), payload, ident))
    return cues


def _times(cues: Sequence[_Cue], example: str) -> tuple[list[tuple[float, float]], list[str]]:
    """Read every cue's times, choosing how short fractions are meant.

    ``0:0:6.80`` is 6.8 s in most files, but 6.080 s in older Teams and Stream captions,
    which drop the leading zeros of the milliseconds. Where the fractions differ in
    length, both readings are tried and the one whose cues run forwards wins.
    """
    lengths = {
        len(m.group(1)) for c in cues for t in (c.start, c.end) if (m := _FRACTION.search(t))
    }
    readings = [False, True] if len(lengths) > 1 and min(lengths) < 3 else [False]
    best: tuple[int, list[tuple[float, float]], bool] | None = None
    for as_ms in readings:
        times: list[tuple[float, float]] = []
        for cue in cues:
            start = parse_clock(cue.start, fraction_as_ms=as_ms)
            end = parse_clock(cue.end, fraction_as_ms=as_ms)
            if start is None or end is None:
                raise ParseError(
                    "expected times with minutes and seconds below 60, like "
                    f"{example.split()[0]}, got {excerpt(cue.start + ' --> ' + cue.end)}",
                    line=cue.timing_line,
                )
            times.append((start, end))
        disorder = sum(end < start for start, end in times) + sum(
            later[0] < earlier[0] for earlier, later in itertools.pairwise(times)
        )
        if best is None or disorder < best[0]:
            best = (disorder, times, as_ms)
    assert best is not None
    notes = []
    if best[2]:
        notes.append(
            "Times with short fractions (like 0:4:6.80) were read as milliseconds without "
            "leading zeros (6.080 seconds), as older Teams and Stream captions write them."
        )
    return best[1], notes


def _voices(payload: str, names: dict[str, str]) -> list[tuple[str | None, str]]:
    """Split cue text on ``<v Name>`` voice tags into (speaker or None, text) pairs."""
    parts = _VOICE.split(payload)
    pieces: list[tuple[str | None, str]] = []
    if parts[0].strip():
        pieces.append((None, parts[0]))
    for index in range(1, len(parts), 2):
        name = parts[index]
        speaker = " ".join(html.unescape(name).split()) if name else None
        if speaker and _GUID.match(speaker):
            speaker = names.setdefault(speaker, f"Speaker {len(names) + 1}")
        pieces.append((speaker or None, parts[index + 1]))
    return [(speaker, _plain(text)) for speaker, text in pieces]


def _plain(text: str) -> str:
    return html.unescape(_TAG.sub("", text)).strip()


def _caption_segments(cues: Sequence[_Cue], times: Sequence[tuple[float, float]]) -> list[Segment]:
    """YouTube's automatic captions: each line shows again in the next cue; keep it once."""
    segments: list[Segment] = []
    last = ""
    for cue, (start, end) in zip(cues, times, strict=True):
        for number, raw in cue.payload:
            text = _plain(raw)
            # A name added by hand to one copy of a line must not make the copies differ.
            labelled = split_label(text)
            words = " ".join((labelled[1] if labelled else text).split())
            if not words or words == last:
                continue
            last = words
            segments.append(Segment(None, text, start, end, number))
    return segments


def _line_label(text: str) -> str | None:
    """The name a cue's line opens with (``Dana: …``, ``- Sam: …``), if any."""
    if ":" not in text and "\uff1a" not in text:
        return None
    found = split_label(_CHANGE_MARK.sub("", _plain(text)))
    return found[0] if found is not None else None


def _names_within_cues(cues: Sequence[_Cue]) -> frozenset[str]:
    """Names that start a speaker's words partway through a cue, below another's line.

    Subtitles put two people's lines in one cue, one under the other (``Dana: How are
    you?`` then ``Sam: Tired.``); joined, the second speaker's words would go to the
    first. A name there counts when it is a role, also opens a cue, or opens two lines or
    more, so that "Note: …" inside one cue stays words.
    """
    inner: Counter[str] = Counter(
        name for cue in cues for _, raw in cue.payload[1:] if (name := _line_label(raw)) is not None
    )
    if not inner:
        return frozenset()
    openers = {name for cue in cues if cue.payload and (name := _line_label(cue.payload[0][1]))}
    return frozenset(n for n, c in inner.items() if n in openers or c >= 2 or is_role_label(n))


def _speaker_lines(
    payload: Sequence[tuple[int, str]], within: frozenset[str]
) -> list[tuple[int, str]]:
    """Join a cue's lines, starting afresh at a line that opens with a name in ``within``."""
    if len(payload) == 1 or not within:
        return [(payload[0][0], " ".join(text.strip() for _, text in payload))]
    groups: list[tuple[int, list[str]]] = []
    for number, raw in payload:
        text = raw.strip()
        if groups and _line_label(text) not in within:
            groups[-1][1].append(text)
        else:
            groups.append((number, [text]))
    return [(number, " ".join(parts)) for number, parts in groups]


def _cue_segments(
    cues: Sequence[_Cue], times: Sequence[tuple[float, float]]
) -> tuple[list[Segment], list[str]]:
    segments: list[Segment] = []
    backwards = 0
    guids: dict[str, str] = {}
    within = _names_within_cues(cues)
    for cue, (start, end) in zip(cues, times, strict=True):
        if end < start:
            backwards += 1
            end = start
        if not cue.payload:
            continue
        webex = _WEBEX_ID.match(cue.ident)
        for line, payload in _speaker_lines(cue.payload, within):
            for speaker, text in _voices(payload, guids):
                if speaker is None and webex is not None and split_label(text) is None:
                    speaker = " ".join(webex.group("name").split())
                if text or speaker:
                    segments.append(Segment(speaker, text, start, end, line))
    warnings = []
    if backwards:
        warnings.append(f"{backwards} cue(s) end before they start; their end was set to start.")
    if guids:
        warnings.append(
            f"{len(guids)} voice(s) carry an id instead of a name; they are called "
            f"{', '.join(guids.values())} in order of first appearance."
        )
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
    example = "00:01:02.000 --> 00:01:05.000"
    cues = _read_cues(_blocks(lines, body_start), example)
    times, notes = _times(cues, example)
    if any(_WORD_TIMING.search(text) for cue in cues for _, text in cue.payload):
        segments = _caption_segments(cues, times)
        if segments and not any(split_label(s.text) is not None for s in segments):
            raise ParseError(
                "These look like YouTube's automatic captions, which do not say who is "
                "speaking, and Fulcrum needs to know who said what: add each speaker's "
                "name where they start to speak (like 'Dana: '), or use a transcript "
                "with speaker names",
                line=segments[0].line,
            )
        resolved, more = attribute_speakers(segments, source_format="WebVTT", what="cue")
        return Parsed(resolved, "youtube-vtt", warnings=tuple(notes + more))
    segments, warnings = _cue_segments(cues, times)
    resolved, more = attribute_speakers(segments, source_format="WebVTT", what="cue")
    return Parsed(resolved, "vtt", warnings=tuple(notes + warnings + more))


def parse_srt(lines: Sequence[str]) -> Parsed:
    """Read SRT: numbered blocks with ``00:00:01,000 --> 00:00:04,000`` timings."""
    example = "00:01:02,000 --> 00:01:05,000"
    cues = _read_cues(_blocks(lines), example)
    times, notes = _times(cues, example)
    segments, warnings = _cue_segments(cues, times)
    resolved, more = attribute_speakers(segments, source_format="SRT", what="subtitle")
    return Parsed(resolved, "srt", warnings=tuple(notes + warnings + more))


_SBV_TIMING = re.compile(rf"^\s*(?P<start>{_TS})\s*,\s*(?P<end>{_TS})\s*$")


def parse_sbv(lines: Sequence[str]) -> Parsed:
    """Read YouTube's SubViewer captions: ``0:00:00.599,0:00:04.160``, then the text."""
    example = "0:01:02.000,0:01:05.000"
    cues: list[_Cue] = []
    for block in _blocks(lines):
        number, line = block[0]
        match = _SBV_TIMING.match(line)
        if match is None:
            raise _timing_error(number, line, example)
        cues.append(_Cue(number, match.group("start"), match.group("end"), tuple(block[1:])))
    times, notes = _times(cues, example)
    segments, warnings = _cue_segments(cues, times)
    resolved, more = attribute_speakers(segments, source_format="SBV", what="caption")
    return Parsed(resolved, "sbv", warnings=tuple(notes + warnings + more))


def looks_like_srt(lines: Sequence[str]) -> bool:
    """Whether the file opens like an SRT: a cue number, then a comma-millisecond timing."""
    head = [line.strip() for line in lines[:20] if line.strip()][:2]
    if len(head) == 2 and head[0].isdigit():
        return _TIMING.match(head[1]) is not None
    return len(head) >= 1 and _TIMING.match(head[0]) is not None and "," in head[0]


def looks_like_sbv(lines: Sequence[str]) -> bool:
    """Whether the file opens like YouTube's SBV: a ``start,end`` timing line."""
    head = next((line for line in lines[:20] if line.strip()), "")
    return _SBV_TIMING.match(head) is not None
