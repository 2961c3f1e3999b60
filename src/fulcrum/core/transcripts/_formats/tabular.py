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
    role_of,
)

_SYNONYMS = {
    "speaker": (
        "speaker",
        "speaker_name",
        "speaker_label",
        "name",
        "who",
        "participant",
        "person",
        "talker",
        "voice",
        "role",
        "interlocutor",
    ),
    "text": (
        "text",
        "utterance",
        "utterance_text",
        "content",
        "transcript",
        "transcription",
        "words",
        "message",
        "said",
        "dialogue",
        "sentence",
        "caption",
        "verbatim",
        "speech",
        "statement",
        "comment",
    ),
    "start": (
        "start",
        "start_time",
        "begin",
        "timestamp",
        "time",
        "timecode",
        "time_code",
        "start_(s)",
        "from",
        # A video editor's in and out points, as subtitle and edit tools export them.
        "in",
        "timecode_in",
        "tc_in",
        "time_in",
        "start_timecode",
        "in_point",
    ),
    "end": (
        "end",
        "end_time",
        "stop",
        "end_(s)",
        "to",
        "out",
        "timecode_out",
        "tc_out",
        "time_out",
        "end_timecode",
        "out_point",
    ),
}
# A time column whose name says it counts milliseconds: "Start (ms)", "start_ms",
# "Time offset (milliseconds)".
_MILLISECONDS = ("(ms)", "_ms", "millisecond")
# A column that gives a speaker's side, beside a column that names them.
_ROLE_COLUMNS = ("speaker_type", "speaker_role", "role", "interlocutor", "side", "party")
# Words a column name contains when it is one of the roles above, for headers like
# "Speaker (name)" or "Utterance text".
_CONTAINS = {
    "speaker": ("speaker", "interlocutor"),
    "text": ("text", "utterance", "transcript"),
    "start": ("start", "begin", "timestamp", "timecode", "offset", "time"),
    "end": ("end", "stop"),
}
# Words that make a time column the end's, so "End time" is never taken for the start.
_END_WORDS = ("end", "stop", "out", "duration")
Cell = str | float | None
_ANNOMI = ("transcript_id", "utterance_id", "interlocutor", "utterance_text")
_ANNOMI_SPEAKERS = {"therapist": "Therapist", "client": "Client"}


class SeveralTranscripts(ParseError):
    """An AnnoMI-layout file holds more than one transcript; ``ids`` lists them."""

    def __init__(self, ids: list[str]) -> None:
        self.ids = tuple(ids)
        super().__init__(
            f"This AnnoMI file holds {len(ids)} transcripts ({_listing(ids)}); "
            "split it into one file per transcript_id and read them one at a time"
        )


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
    columns = [_column_key(name) for name in header_row[1]]
    if all(name in columns for name in _ANNOMI):
        return _parse_annomi(columns, rows, transcript_id)
    if transcript_id is not None:
        raise InvalidInput("transcript_id applies only to CSV files in the AnnoMI layout.")
    table: list[tuple[int, list[Cell]]] = [(header_row[0], list(header_row[1]))]
    table.extend((line, list(row)) for line, row in rows)
    return parse_table(table, "csv")


def _find_columns(columns: list[str]) -> dict[str, int]:
    where: dict[str, int] = {}
    for role, names in _SYNONYMS.items():
        found = next((columns.index(name) for name in names if name in columns), None)
        if found is None:
            found = next(
                (
                    i
                    for i, name in enumerate(columns)
                    if i not in where.values()
                    and any(word in name for word in _CONTAINS[role])
                    and not any(r == name for r in _ROLE_COLUMNS[:2])
                    and not (role == "start" and any(w in name for w in _END_WORDS))
                ),
                None,
            )
        if found is not None and found not in where.values():
            where[role] = found
    role_at = next((columns.index(n) for n in _ROLE_COLUMNS if n in columns), None)
    if role_at is not None and role_at not in where.values():
        where["role"] = role_at
    return where


def _cell_text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float):
        return f"{cell:g}"
    return cell


def parse_table(
    rows: list[tuple[int, list[Cell]]],
    source_format: str,
    *,
    header_within: int = 1,
    unit: str = "line",
) -> Parsed:
    """Read a table with a header row naming a speaker and a text column.

    ``rows`` pairs each row's line (or spreadsheet row number) with its cells; a number
    in a time column is seconds. The header is looked for in the first
    ``header_within`` rows, since spreadsheets often open with a title.
    """
    where: dict[str, int] = {}
    header_at = 0
    for at, (_, cells) in enumerate(rows[:header_within]):
        where = _find_columns([_column_key(_cell_text(c)) for c in cells])
        if "speaker" in where and "text" in where:
            header_at = at
            break
    if "speaker" not in where or "text" not in where:
        line, cells = rows[0]
        shown = ",".join(_cell_text(c) for c in cells)
        raise ParseError(
            "expected a header row naming the columns, like 'speaker,text,start,end', "
            f"got {excerpt(shown)}",
            line=line,
        )
    needed = max(where["speaker"], where["text"]) + 1
    header = [_column_key(_cell_text(c)) for c in rows[header_at][1]]
    scale = {
        role: 0.001 if any(unit in header[where[role]] for unit in _MILLISECONDS) else 1.0
        for role in ("start", "end")
        if role in where
    }
    segments: list[Segment] = []
    hints: dict[str, str] = {}
    for line, row in rows[header_at + 1 :]:
        if all(not _cell_text(c).strip() for c in row):
            continue
        if len(row) < needed:
            raise ParseError(
                f"expected at least {needed} columns (speaker and text), got {len(row)}",
                line=line,
            )
        times: dict[str, float | None] = {}
        for role in ("start", "end"):
            cell = row[where[role]] if role in where and where[role] < len(row) else None
            if isinstance(cell, float):
                times[role] = cell * scale[role] if cell >= 0 else None
                continue
            raw = _cell_text(cell).strip()
            # "[00:00:03]": a time written in the brackets it has in running text.
            raw = raw[1:-1].strip() if raw[:1] + raw[-1:] in ("[]", "()") else raw
            seconds = parse_seconds(raw) if raw else None
            if seconds is not None and ":" not in raw:
                seconds *= scale[role]
            times[role] = seconds
            if raw and seconds is None:
                raise ParseError(
                    f"expected the {role} time in seconds (like 62.5) or as hh:mm:ss, "
                    f"got {excerpt(raw)}",
                    line=line,
                )
        # "Therapist:" in a speaker column is a label written as in running text.
        speaker = " ".join(_cell_text(row[where["speaker"]]).split()).rstrip(":").strip() or None
        if speaker is not None and "role" in where and where["role"] < len(row):
            side = role_of(_cell_text(row[where["role"]]))
            if side is not None:
                hints.setdefault(speaker, side)
        said = _cell_text(row[where["text"]])
        segments.append(Segment(speaker, said, times["start"], times["end"], line))
    shown_as = {"xlsx": "Excel"}.get(source_format, source_format.upper())
    resolved, warnings = attribute_speakers(segments, source_format=shown_as, what="row")
    return Parsed(
        resolved, source_format, warnings=tuple(warnings), role_hints=tuple(hints.items())
    )


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
        raise SeveralTranscripts(ids)
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
