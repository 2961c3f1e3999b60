"""``fulcrum drift FILE.csv``: run the drift detector over check-ins kept in a CSV file."""

from __future__ import annotations

import csv
import dataclasses
import json
import math
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from fulcrum.cli import app
from fulcrum.core.drift import SessionPoint, detect_drift
from fulcrum.core.errors import CatalogueError, ParseError

if TYPE_CHECKING:
    from fulcrum.core.catalogue import Catalogue

COLUMNS = ("session_id", "date", "over", "under", "skilful", "indicators")


def parse_when(text: str) -> datetime:
    """Read an ISO date or datetime; dates are midnight UTC, naive times are taken as UTC."""
    text = text.strip()
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            return datetime(day.year, day.month, day.day, tzinfo=UTC)
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"must be an ISO date or date-time, got {text!r}") from None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _score(row: dict[str, str], column: str, line: int) -> float:
    raw = (row.get(column) or "").strip()
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and 0 <= value <= 10):
        raise ParseError(f"{column!r} must be a number from 0 to 10, got {raw!r}.", line=line)
    return value


def read_checkins(path: Path) -> list[SessionPoint]:
    """Read check-ins, oldest first, raising ParseError that names the CSV line."""
    try:
        handle = path.open(newline="", encoding="utf-8-sig")
    except OSError as exc:
        raise ParseError(f"Cannot open {path}: {exc.strerror}.") from None
    points: list[SessionPoint] = []
    with handle:
        reader = csv.DictReader(handle)
        try:
            # Text is decoded in chunks, so even the header can meet a byte that is not UTF-8.
            _read_rows(reader, points)
        except csv.Error as exc:
            raise ParseError(f"the CSV is malformed ({exc}).", line=reader.line_num) from None
        except UnicodeDecodeError:
            raise ParseError(f"{path} is not UTF-8 text.") from None
    return points


def _read_rows(reader: csv.DictReader[str], points: list[SessionPoint]) -> None:
    """Check the header, then append each row to ``points``; ParseError names the line."""
    seen: dict[str, int] = {}
    header = [name.strip() for name in reader.fieldnames or ()]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise ParseError(
            f"The header must name {', '.join(COLUMNS)}; missing {', '.join(missing)}.",
            line=1,
        )
    reader.fieldnames = header
    for row in reader:
        line = reader.line_num
        session_id = (row.get("session_id") or "").strip()
        if not session_id:
            raise ParseError("'session_id' is empty.", line=line)
        if session_id in seen:
            raise ParseError(
                f"session {session_id!r} already appears on line {seen[session_id]}.",
                line=line,
            )
        seen[session_id] = line
        try:
            at = parse_when(row.get("date") or "")
        except ValueError as exc:
            raise ParseError(f"'date' {exc}.", line=line) from None
        if points and at < points[-1].at:
            raise ParseError(
                "this check-in is dated before the row above it; list check-ins oldest first.",
                line=line,
            )
        raw = (row.get("indicators") or "").replace("|", ";")
        points.append(
            SessionPoint(
                session_id=session_id,
                at=at,
                over=_score(row, "over", line),
                under=_score(row, "under", line),
                skilful=_score(row, "skilful", line),
                observed=frozenset(x.strip() for x in raw.split(";") if x.strip()),
            )
        )


def _catalogue() -> Catalogue | None:
    # The catalogue only improves the wording; drift detection works without it.
    try:
        from fulcrum.core.catalogue import load_catalogue
    except ImportError:
        return None
    try:
        return load_catalogue()
    except CatalogueError:
        return None


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


@app.command("drift")
def drift(
    file: Annotated[
        Path, typer.Argument(help="CSV with session_id,date,over,under,skilful,indicators.")
    ],
    now: Annotated[
        str | None,
        typer.Option(help="Judge staleness as of this ISO date-time (default: now, UTC)."),
    ] = None,
) -> None:
    """Look for sustained drift towards over- or under-use in a CSV of check-ins."""
    if now is None:
        moment = datetime.now(UTC)
    else:
        try:
            moment = parse_when(now)
        except ValueError as exc:
            raise ParseError(f"--now {exc}.") from None
    points = read_checkins(file)
    report = detect_drift(points, moment, catalogue=_catalogue())
    payload = {
        "now": moment.isoformat(),
        "sessions": len(points),
        **{k: _jsonable(v) for k, v in dataclasses.asdict(report).items()},
    }
    typer.echo(json.dumps(payload, indent=2, ensure_ascii=False))
