"""Excel ``.xlsx`` transcript tables, read with openpyxl from the bytes in memory."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

from fulcrum.core.errors import ParseError
from fulcrum.core.transcripts._formats.common import Parsed
from fulcrum.core.transcripts._formats.tabular import Cell, parse_table

# How many rows may open a sheet before its header (a title, a date, a blank row).
HEADER_WITHIN = 10


def _cell(value: Any) -> Cell:
    """A cell as text, or as seconds when Excel stored a time or a number."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, dt.datetime):
        value = value.time()
    if isinstance(value, dt.time):
        return value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
    return str(value)


def _check_archive(data: bytes, max_xml_bytes: int) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
            if "xl/workbook.xml" not in names:
                raise ParseError(
                    "expected an Excel .xlsx workbook, but the archive has no xl/workbook.xml"
                )
            if sum(info.file_size for info in infos) > max_xml_bytes:
                raise ParseError("The workbook is too large to read once unpacked.")
            for info in infos:
                if info.filename.endswith(".xml"):
                    with archive.open(info) as stream:
                        head = stream.read(4096)
                    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                        # Excel never writes these; refusing them keeps entity expansion out.
                        raise ParseError(
                            "expected an Excel workbook, but its XML declares a DOCTYPE"
                        )
    except ParseError:
        raise
    except Exception:
        raise ParseError("expected an Excel .xlsx workbook, but it could not be opened") from None


def parse_xlsx(data: bytes, max_xml_bytes: int) -> Parsed:
    """Read the first sheet holding a speaker and a text column; ``line`` is the row."""
    from openpyxl import load_workbook

    _check_archive(data, max_xml_bytes)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        # Damaged or unusual workbooks fail in many ways; to the person they mean one thing.
        raise ParseError("expected an Excel .xlsx workbook, but it could not be opened") from None
    first_error: ParseError | None = None
    try:
        for sheet in workbook.worksheets:
            rows = [
                (number, [_cell(v) for v in values])
                for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
                if any(v is not None and str(v).strip() for v in values)
            ]
            if not rows:
                continue
            try:
                return parse_table(rows, "xlsx", header_within=HEADER_WITHIN, unit="row")
            except ParseError as error:
                first_error = first_error or _in_sheet(error, sheet.title)
    finally:
        workbook.close()
    if first_error is not None:
        raise first_error
    raise ParseError("The workbook has no cells with text.")


def _in_sheet(error: ParseError, title: str) -> ParseError:
    """Say "row 3 of sheet 'Transcript'", as a person finds it in Excel."""
    if error.line is None:
        return error
    message = str(error).removeprefix(f"Line {error.line}: ")
    found = ParseError(f"Row {error.line} of sheet {title!r}: {message}")
    found.line = error.line
    return found
