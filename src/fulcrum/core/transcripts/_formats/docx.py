"""Word .docx: the paragraphs of word/document.xml, read with the standard library only."""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree

from fulcrum.core.errors import ParseError
from fulcrum.core.transcripts._formats.common import Parsed
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
    number = 0
    for element in root.iter():
        if _local(element.tag) != "p":
            continue
        number += 1
        pieces: list[str] = []
        for node in element.iter():
            name = _local(node.tag)
            if name == "t" and node.text:
                pieces.append(node.text)
            elif name == "tab":
                pieces.append("\t")
            elif name in ("br", "cr"):
                pieces.append("\n")
        paragraphs.extend((number, line) for line in "".join(pieces).split("\n"))
    return paragraphs


def parse_docx(data: bytes, max_xml_bytes: int) -> Parsed:
    """Read a .docx as labelled paragraphs; ``line`` is the paragraph number."""
    paragraphs = docx_paragraphs(data, max_xml_bytes)
    if not any(text.strip() for _, text in paragraphs):
        raise ParseError("The Word document has no text.")
    return parse_plain(paragraphs, "docx", unit="paragraph")
