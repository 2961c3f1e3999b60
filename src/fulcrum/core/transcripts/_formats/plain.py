"""Plain text with speaker labels (``T:``, ``Client:``, ``Dana:``), also used for .docx."""

from __future__ import annotations

import re
from collections.abc import Sequence

from fulcrum.core.errors import ParseError
from fulcrum.core.transcripts._formats.common import (
    Parsed,
    Segment,
    accepted_labels,
    excerpt,
    name_like,
    parse_clock,
    split_label,
)

_TS = r"(?:\d{1,3}:)?\d{1,3}:\d{1,2}(?:[.,]\d{1,3})?"
_BRACKETED_TS = re.compile(rf"^[\[(]\s*({_TS})\s*[\])]\s*")
_BARE_TS = re.compile(rf"^({_TS})\s+")
# Exports from some transcription services put "Name  0:03" on a line of its own and
# the words on the lines below.
_NAME_THEN_TIME = re.compile(rf"^([^\W\d_][\w.'\u2019()&/ -]{{0,39}}?)(?:\s{{2,}}|\t)\s*({_TS})$")


def _leading_time(text: str, pattern: re.Pattern[str]) -> tuple[float | None, str]:
    match = pattern.match(text)
    if match is not None:
        seconds = parse_clock(match.group(1))
        if seconds is not None:
            return seconds, text[match.end() :]
    return None, text


def parse_plain(
    lines: Sequence[tuple[int, str]], source_format: str = "text", unit: str = "line"
) -> Parsed:
    """Read labelled lines; unlabelled lines continue the turn above them.

    ``lines`` pairs each line's number in the source (a paragraph number for .docx)
    with its text. Lines before the first speaker label (a title, a date) are skipped
    with a warning.
    """
    entries: list[tuple[int, float | None, str | None, str, str]] = []
    for number, raw in lines:
        body = raw.strip()
        if not body:
            continue
        start, body = _leading_time(body, _BRACKETED_TS)
        if start is None:
            bare, rest = _leading_time(body, _BARE_TS)
            if bare is not None and split_label(rest) is not None:
                start, body = bare, rest
        name: str | None = None
        said = body
        header = _NAME_THEN_TIME.match(body)
        found = split_label(body) if header is None else None
        if header is not None and parse_clock(header.group(2)) is not None:
            name, said = " ".join(header.group(1).split()), ""
            start = parse_clock(header.group(2))
        elif found is not None:
            name, said, inline = found
            late, said = _leading_time(said, _BRACKETED_TS)
            start = next((t for t in (start, inline, late) if t is not None), None)
        entries.append((number, start, name, said, body))

    if not entries:
        raise ParseError("The file is empty.")
    accepted = accepted_labels(name for _, _, name, _, _ in entries if name is not None)

    turns: list[tuple[str, list[str], float | None, int]] = []
    skipped: list[int] = []
    folded: list[tuple[int, str]] = []
    for number, start, name, said, body in entries:
        if name is not None and name in accepted:
            turns.append((name, [said], start, number))
        elif turns:
            if name is not None and name_like(name):
                folded.append((number, name))
            turns[-1][1].append(body)
        else:
            skipped.append(number)

    if not turns:
        number, body = entries[0][0], entries[0][4]
        raise ParseError(
            "expected a speaker label at the start of the line, like 'Therapist: ...' or "
            f"'Dana: ...', got {excerpt(body)}; no speaker labels were found",
            line=number,
        )
    warnings = []
    if skipped:
        warnings.append(
            f"Skipped {len(skipped)} {unit}(s) before the first speaker label "
            f"(from {unit} {skipped[0]})."
        )
    if folded:
        where = ", ".join(f"{unit} {number} ({name!r})" for number, name in folded[:5])
        warnings.append(
            f"Read {len(folded)} label-like {unit} opening(s) as part of the turn above, "
            f"because that name speaks only once: {where}. If it is a speaker, name them "
            "on every turn."
        )
    segments = tuple(
        Segment(name, " ".join(parts), start=start, line=number)
        for name, parts, start, number in turns
    )
    return Parsed(segments, source_format, warnings=tuple(warnings))
