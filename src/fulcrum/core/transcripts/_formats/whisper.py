"""Speech-to-text JSON: Whisper-style segments, and Deepgram's diarised results."""

from __future__ import annotations

import json
from typing import Any

from fulcrum.core.errors import ParseError
from fulcrum.core.transcripts._formats.common import (
    Parsed,
    Segment,
    attribute_speakers,
    role_of,
    seconds_from_number,
)

_EXPECTED = 'expected {"segments": [{"start": 0.0, "end": 2.5, "speaker": "Dana", "text": "..."}]}'
# Keys a diarised segment may use for the speaker's side (WhisperX post-processing,
# call-centre pipelines).
_ROLE_KEYS = ("speaker_type", "speaker_role", "role")


def _load(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ParseError(f"expected valid JSON: {error.msg}", line=error.lineno) from None
    except (ValueError, RecursionError):
        # Numbers too long to convert, or nesting too deep for the decoder.
        raise ParseError("expected valid JSON of a reasonable shape") from None


def _speaker(value: object, number: int, what: str = "Segment") -> str | None:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if value is not None and not isinstance(value, str):
        raise ParseError(f'{what} {number}: expected "speaker" to be a name')
    return " ".join(value.split())[:100] or None if value else None


def _seconds(item: dict[str, Any], key: str, number: int, what: str = "Segment") -> float | None:
    value = item.get(key)
    seconds = seconds_from_number(value)
    if value is not None and seconds is None:
        raise ParseError(
            f'{what} {number}: expected "{key}" to be seconds (a number of 0 or '
            f"more), got {str(value)[:40]!r}"
        )
    return seconds


def parse_whisper_json(text: str) -> Parsed:
    """Read segments with ``text`` and optional ``speaker``, ``start`` and ``end`` (seconds).

    JSON carries no useful line numbers, so utterances have none and errors name the
    segment instead. A Deepgram response (``{"results": …}``) is read by its own rules.
    """
    document = _load(text)
    if isinstance(document, dict) and isinstance(document.get("results"), dict):
        return _parse_deepgram(document["results"])
    if (
        isinstance(document, dict)
        and "segments" not in document
        and isinstance(document.get("utterances"), list)
    ):
        return _parse_assemblyai(document["utterances"])
    items = document.get("segments") if isinstance(document, dict) else document
    if (
        isinstance(document, dict)
        and items is None
        and isinstance(document.get("diarization"), list)
    ):
        raise ParseError(
            "This file says who spoke when but not what was said (a diarisation), and Fulcrum "
            "reads the words; use the transcript made with it"
        )
    if not isinstance(items, list):
        raise ParseError(_EXPECTED + " or a list of such segments")

    segments: list[Segment] = []
    hints: dict[str, str] = {}
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise ParseError(f'Segment {number}: expected an object like {{"text": "..."}}')
        said = item.get("text")
        if not isinstance(said, str):
            raise ParseError(f'Segment {number}: expected "text" to be a string')
        speaker = _speaker(item.get("speaker"), number)
        for key in _ROLE_KEYS:
            side = role_of(item[key]) if isinstance(item.get(key), str) else None
            if speaker is not None and side is not None:
                hints.setdefault(speaker, side)
        start, end = _seconds(item, "start", number), _seconds(item, "end", number)
        segments.append(Segment(speaker, said, start, end, None))
    resolved, warnings = attribute_speakers(segments, source_format="JSON", what="segment")
    return Parsed(
        resolved, "whisper-json", warnings=tuple(warnings), role_hints=tuple(hints.items())
    )


_NO_DIARISATION = (
    "This Deepgram transcript was made without diarisation, so it does not say who spoke; "
    "transcribe the recording again with diarize=true (or one channel per speaker with "
    "multichannel=true) and upload that"
)


def _parse_deepgram(results: dict[str, Any]) -> Parsed:
    """Deepgram: ``utterances`` when asked for, else the words of the first alternative.

    Speakers come from diarisation (``speaker`` numbers) or, for multichannel audio,
    from the channel; without either, the file is refused.
    """
    channels = results.get("channels")
    channels = channels if isinstance(channels, list) else []
    utterances = results.get("utterances")
    if isinstance(utterances, list) and utterances:
        segments = _deepgram_utterances(utterances, multichannel=len(channels) > 1)
    else:
        segments = _deepgram_words(channels)
    if not segments:
        raise ParseError('expected Deepgram "results" with utterances or words; found none')
    if all(s.speaker is None for s in segments):
        raise ParseError(_NO_DIARISATION)
    resolved, warnings = attribute_speakers(segments, source_format="Deepgram", what="utterance")
    return Parsed(resolved, "deepgram-json", warnings=tuple(warnings))


def _deepgram_utterances(items: list[Any], *, multichannel: bool) -> list[Segment]:
    segments = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict) or not isinstance(item.get("transcript"), str):
            raise ParseError(f'Utterance {number}: expected an object with a "transcript"')
        speaker = _speaker(item.get("speaker"), number, "Utterance")
        if speaker is not None:
            speaker = f"Speaker {speaker}" if speaker.isdigit() else speaker
        elif multichannel and isinstance(item.get("channel"), int):
            speaker = f"Channel {item['channel'] + 1}"
        start = _seconds(item, "start", number, "Utterance")
        end = _seconds(item, "end", number, "Utterance")
        segments.append(Segment(speaker, item["transcript"], start, end, None))
    return segments


def _deepgram_words(channels: list[Any]) -> list[Segment]:
    """Group the words of each channel's first alternative into runs by one speaker."""
    segments: list[Segment] = []
    for channel_number, channel in enumerate(channels):
        alternatives = channel.get("alternatives") if isinstance(channel, dict) else None
        if not isinstance(alternatives, list) or not alternatives:
            continue
        best = alternatives[0] if isinstance(alternatives[0], dict) else {}
        words = best.get("words")
        if not isinstance(words, list):
            continue
        for number, word in enumerate(words, start=1):
            if not isinstance(word, dict):
                raise ParseError(f'Word {number}: expected an object like {{"word": "..."}}')
            said = word.get("punctuated_word") or word.get("word")
            if not isinstance(said, str):
                raise ParseError(f'Word {number}: expected "word" to be a string')
            speaker = _speaker(word.get("speaker"), number, "Word")
            if speaker is not None:
                speaker = f"Speaker {speaker}" if speaker.isdigit() else speaker
            elif len(channels) > 1:
                speaker = f"Channel {channel_number + 1}"
            start = _seconds(word, "start", number, "Word")
            end = _seconds(word, "end", number, "Word")
            segments.append(Segment(speaker, said, start, end, None))
    if len(channels) > 1:
        # Channels are recorded side by side: put the words back in the order spoken.
        segments.sort(key=lambda s: s.start if s.start is not None else 0.0)
    return segments


def _parse_assemblyai(items: list[Any]) -> Parsed:
    """AssemblyAI's ``utterances`` (speaker labels on): speakers ``A``, ``B``; times in ms."""
    segments = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise ParseError(f'Utterance {number}: expected an object with a "text"')
        speaker = _speaker(item.get("speaker"), number, "Utterance")
        times = [_seconds(item, key, number, "Utterance") for key in ("start", "end")]
        start, end = (None if t is None else t / 1000 for t in times)
        segments.append(
            Segment(f"Speaker {speaker}" if speaker else None, item["text"], start, end)
        )
    if segments and all(s.speaker is None for s in segments):
        raise ParseError(
            "These utterances do not say who spoke; transcribe the recording again with "
            "speaker labels turned on and upload that"
        )
    resolved, warnings = attribute_speakers(segments, source_format="JSON", what="utterance")
    return Parsed(resolved, "assemblyai-json", warnings=tuple(warnings))
