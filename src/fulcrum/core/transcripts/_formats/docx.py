"""Word .docx: the paragraphs of word/document.xml, read with the standard library only."""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree

from fulcrum.core.errors import ParseError
from fulcrum.core.transcripts._formats.common import Parsed, parse_clock
from fulcrum.core.transcripts._formats.plain import parse_plain

_DOCUMENT = "word/document.xml"


def _local(tag: str) -> str:
    # Both the transitional and the strict OOXML namespaces occur; only local names matter.
    return tag.rsplit("}", 1)[-1]


def docx_paragraphs(data: bytes, max_xml_bytes: int) -> list[tuple[int, str]]:
    """Return (paragraph number, text) for each paragraph; line breaks split a paragraph.

    Paragraphs are numbered 1, 2, ... in document order, empty ones included, so the
    numbers match what a person counts in Word.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            try:
                info = archive.getinfo(_DOCUMENT)
            except KeyError:
                raise ParseError(
                    "expected a Word .docx file, but the archive has no word/document.xml"
                ) from None
            if info.file_size > max_xml_bytes:
                raise ParseError("The Word document is too large to read once unpacked.")
            with archive.open(info) as stream:
                xml = stream.read(max_xml_bytes + 1)
    except ParseError:
        raise
    except Exception:
        # A damaged or hostile archive can fail in many ways (bad headers, CRC, zlib,
        # encryption, unsupported compression); to the person they all mean one thing.
        raise ParseError("expected a Word .docx file, but it could not be opened") from None
    if len(xml) > max_xml_bytes:
        raise ParseError("The Word document is too large to read once unpacked.")
    if b"<!DOCTYPE" in xml or b"<!ENTITY" in xml:
        # Word never writes these; refusing them keeps entity expansion out.
        raise ParseError("expected a Word document, but its XML declares a DOCTYPE")
    try:
        root = ElementTree.fromstring(xml)  # noqa: S314 - DOCTYPE/ENTITY refused above
    except ElementTree.ParseError:
        raise ParseError("expected a Word document, but its XML is damaged") from None

    paragraphs: list[tuple[int, str]] = []
    counter = [0]
    body = next((e for e in root if _local(e.tag) == "body"), root)
    _walk(body, paragraphs, counter)
    return paragraphs


def _paragraph_text(element: ElementTree.Element) -> str:
    pieces: list[str] = []
    for node in element.iter():
        name = _local(node.tag)
        if name == "t" and node.text:
            pieces.append(node.text)
        elif name == "tab":
            pieces.append("\t")
        elif name in ("br", "cr"):
            pieces.append("\n")
    return "".join(pieces)


def _walk(element: ElementTree.Element, out: list[tuple[int, str]], counter: list[int]) -> None:
    """Paragraphs in document order; a table row becomes one ``Name: words`` line."""
    for child in element:
        name = _local(child.tag)
        if name == "p":
            counter[0] += 1
            out.extend((counter[0], line) for line in _paragraph_text(child).split("\n"))
        elif name == "tbl":
            for row in (r for r in child.iter() if _local(r.tag) == "tr"):
                _table_row(row, out, counter)
        elif name not in ("del", "moveFrom"):
            # Deleted tracked changes are left out; everything else may hold paragraphs.
            _walk(child, out, counter)


def _table_row(row: ElementTree.Element, out: list[tuple[int, str]], counter: list[int]) -> None:
    """A transcript table's row: (time,) speaker, words — read as ``[time] speaker: words``."""
    first = counter[0] + 1
    cells = []
    for cell in (c for c in row if _local(c.tag) == "tc"):
        texts = []
        for paragraph in (p for p in cell.iter() if _local(p.tag) == "p"):
            counter[0] += 1
            texts.append(" ".join(_paragraph_text(paragraph).split()))
        cells.append(" ".join(t for t in texts if t))
    filled = [c for c in cells if c]
    if len(filled) >= 2 and _COLUMN_NAMES.issuperset(c.lower() for c in filled):
        return  # the header row: "Speaker | Text"
    if len(filled) >= 3 and parse_clock(filled[0]) is not None and len(filled[1].split()) <= 5:
        out.append((first, f"[{filled[0]}] {filled[1]}: {' '.join(filled[2:])}"))
    elif len(filled) >= 2 and len(filled[0].split()) <= 5 and parse_clock(filled[0]) is None:
        out.append((first, f"{filled[0].rstrip(':')}: {' '.join(filled[1:])}"))
    else:
        out.extend((first, c) for c in filled)


_COLUMN_NAMES = frozenset(
    {"speaker", "name", "who", "text", "words", "utterance", "transcript", "time", "timestamp"}
    | {"start", "said", "dialogue", "role", "participant", "what was said", "speech"}
)


def parse_docx(data: bytes, max_xml_bytes: int) -> Parsed:
    """Read a .docx as labelled paragraphs; ``line`` is the paragraph number."""
    paragraphs = docx_paragraphs(data, max_xml_bytes)
    if not any(text.strip() for _, text in paragraphs):
        raise ParseError("The Word document has no text.")
    return parse_plain(paragraphs, "docx", unit="paragraph")
