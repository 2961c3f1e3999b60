"""Whisper-style JSON: ``{"segments": [...]}`` or a bare list of segments."""

from __future__ import annotations

import json

from fulcrum.core.errors import ParseError
from fulcrum.core.transcripts._formats.common import (
    Parsed,
    Segment,
    attribute_speakers,
    seconds_from_number,
)

_EXPECTED = 'expected {"segments": [{"start": 0.0, "end": 2.5, "speaker": "Dana", "text": "..."}]}'


def parse_whisper_json(text: str) -> Parsed:
    """Read segments with ``text`` and optional ``speaker``, ``start`` and ``end`` (seconds).

    JSON carries no useful line numbers, so utterances have none and errors name the
    segment instead.
    """
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ParseError(f"expected valid JSON: {error.msg}", line=error.lineno) from None
    except (ValueError, RecursionError):
        # Numbers too long to convert, or nesting too deep for the decoder.
        raise ParseError("expected valid JSON of a reasonable shape") from None

    items = document.get("segments") if isinstance(document, dict) else document
    if not isinstance(items, list):
        raise ParseError(_EXPECTED + " or a list of such segments")

    segments: list[Segment] = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise ParseError(f'Segment {number}: expected an object like {{"text": "..."}}')
        said = item.get("text")
        if not isinstance(said, str):
            raise ParseError(f'Segment {number}: expected "text" to be a string')
        speaker = item.get("speaker")
        if isinstance(speaker, int) and not isinstance(speaker, bool):
            speaker = str(speaker)
        if speaker is not None and not isinstance(speaker, str):
            raise ParseError(f'Segment {number}: expected "speaker" to be a name')
        speaker = " ".join(speaker.split())[:100] if speaker else None
        times: list[float | None] = []
        for key in ("start", "end"):
            value = item.get(key)
            seconds = seconds_from_number(value)
            if value is not None and seconds is None:
                raise ParseError(
                    f'Segment {number}: expected "{key}" to be seconds (a number of 0 or '
                    f"more), got {str(value)[:40]!r}"
                )
            times.append(seconds)
        segments.append(Segment(speaker or None, said, times[0], times[1], None))
    resolved, warnings = attribute_speakers(segments, source_format="JSON", what="segment")
    return Parsed(resolved, "whisper-json", warnings=tuple(warnings))
