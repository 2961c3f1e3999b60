"""CSV: ``speaker,text[,start,end]`` with a header, and the AnnoMI column layout."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from fulcrum.core.errors import InvalidInput, ParseError
from fulcrum.core.transcripts._formats.common import (
    Parsed,
    Segment,
    attribute_speakers,
    excerpt,
    parse_clock,
    parse_seconds,
)

_SYNONYMS = {
    "speaker": ("speaker", "speaker_name", "name", "role", "interlocutor"),
    "text": ("text", "utterance", "utterance_text", "content", "transcript"),
    "start": ("start", "start_time", "begin", "timestamp", "time"),
    "end": ("end", "end_time", "stop"),
}
_ANNOMI = ("transcript_id", "utterance_id", "interlocutor", "utterance_text")
_ANNOMI_SPEAKERS = {"therapist": "Therapist", "client": "Client"}


def _column_key(name: str) -> str:
    return "_".join(name.strip().lower().replace("-", " ").split())


def _delimiter(header: str) -> str:
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > counts[","] else ","


def _rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """Yield (first line of the record, fields), skipping blank records."""
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line))
    last_line = 0
    try:
        for row in reader:
            begins = last_line + 1
            last_line = reader.line_num
            if any(field.strip() for field in row):
                yield begins, row
    except csv.Error as error:
        raise ParseError(f"expected well-formed CSV ({error})", line=reader.line_num) from None


def parse_csv(text: str, *, transcript_id: str | None = None) -> Parsed:
    """Read a headed CSV; the header decides between the simple and the AnnoMI layout."""
    rows = _rows(text)
    header_row = next(rows, None)
    if header_row is None:
        raise ParseError("The file is empty.")
    header_line, header = header_row
    columns = [_column_key(name) for name in header]
    if all(name in columns for name in _ANNOMI):
        return _parse_annomi(columns, rows, transcript_id)
    if transcript_id is not None:
        raise InvalidInput("transcript_id applies only to CSV files in the AnnoMI layout.")

    where: dict[str, int] = {}
    for role, names in _SYNONYMS.items():
        found = next((columns.index(name) for name in names if name in columns), None)
        if found is not None:
            where[role] = found
    if "speaker" not in where or "text" not in where:
        raise ParseError(
            "expected a header row naming the columns, like 'speaker,text,start,end', "
            f"got {excerpt(','.join(header))}",
            line=header_line,
        )
    needed = max(where["speaker"], where["text"]) + 1
    segments: list[Segment] = []
    for line, row in rows:
        if len(row) < needed:
            raise ParseError(
                f"expected at least {needed} columns (speaker and text), got {len(row)}",
                line=line,
            )
        times: dict[str, float | None] = {}
        for role in ("start", "end"):
            raw = row[where[role]].strip() if role in where and where[role] < len(row) else ""
            times[role] = parse_seconds(raw) if raw else None
            if raw and times[role] is None:
                raise ParseError(
                    f"expected the {role} time in seconds (like 62.5) or as hh:mm:ss, "
                    f"got {excerpt(raw)}",
                    line=line,
                )
        speaker = " ".join(row[where["speaker"]].split()) or None
        segments.append(Segment(speaker, row[where["text"]], times["start"], times["end"], line))
    resolved, warnings = attribute_speakers(segments, source_format="CSV", what="row")
    return Parsed(resolved, "csv", warnings=tuple(warnings))


def _parse_annomi(
    columns: list[str], rows: Iterator[tuple[int, list[str]]], wanted: str | None
) -> Parsed:
    """Read AnnoMI rows: one per utterance and annotator, so keep the first of each."""
    at = {name: columns.index(name) for name in (*_ANNOMI, "timestamp") if name in columns}
    needed = max(at.values()) + 1
    seen: set[tuple[str, str]] = set()
    ids: list[str] = []
    kept: list[tuple[str, int, list[str]]] = []
    for line, row in rows:
        if len(row) < needed:
            raise ParseError(f"expected {len(columns)} AnnoMI columns, got {len(row)}", line=line)
        key = (row[at["transcript_id"]].strip(), row[at["utterance_id"]].strip())
        if key in seen:
            continue
        seen.add(key)
        if key[0] not in ids:
            ids.append(key[0])
        if wanted is None or key[0] == wanted:
            kept.append((key[1], line, row))

    if wanted is not None and wanted not in ids:
        raise InvalidInput(
            f"No AnnoMI transcript {wanted!r} in this file (transcripts: {_listing(ids)})."
        )
    if wanted is None and len(ids) > 1:
        raise ParseError(
            f"This AnnoMI file holds {len(ids)} transcripts ({_listing(ids)}); "
            "split it into one file per transcript_id, or choose one with transcript_id=."
        )
    if all(utterance_id.isdigit() for utterance_id, _, _ in kept):
        kept.sort(key=lambda item: int(item[0]))

    segments: list[Segment] = []
    bad_times = 0
    for _, line, row in kept:
        role = row[at["interlocutor"]].strip().lower()
        if role not in _ANNOMI_SPEAKERS:
            raise ParseError(
                f"expected interlocutor 'therapist' or 'client', got {excerpt(role)}", line=line
            )
        start = None
        if "timestamp" in at and row[at["timestamp"]].strip():
            start = parse_clock(row[at["timestamp"]])
            bad_times += start is None
        segments.append(
            Segment(_ANNOMI_SPEAKERS[role], row[at["utterance_text"]], start, None, line)
        )
    warnings = []
    if bad_times:
        warnings.append(f"{bad_times} timestamp(s) could not be read and were left empty.")
    hint = "Therapist" if any(s.speaker == "Therapist" for s in segments) else None
    return Parsed(tuple(segments), "annomi-csv", practitioner_hint=hint, warnings=tuple(warnings))


def _listing(ids: list[str], limit: int = 8) -> str:
    shown = ", ".join(ids[:limit])
    return shown + (f" and {len(ids) - limit} more" if len(ids) > limit else "")
