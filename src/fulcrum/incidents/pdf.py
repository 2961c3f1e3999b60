"""An incident as a PDF: every version as sealed, and the latest signed checkpoint
with a QR code of it, so a reader can check the record against the ledger."""

from __future__ import annotations

import io
import json
from collections.abc import Sequence

import segno
from fpdf import FPDF

from fulcrum.core import incidents as core
from fulcrum.core.integrity import Checkpoint
from fulcrum.incidents.services import IncidentVersion
from fulcrum.supervision.pdf import unicode_fonts


class _Document(FPDF):
    def __init__(self) -> None:
        super().__init__(format="A4")
        fonts = unicode_fonts()
        self.unicode = fonts is not None
        if fonts is not None:
            self.add_font("Body", "", fonts[0])
            self.add_font("Body", "B", fonts[1])
        self.face = "Body" if fonts is not None else "helvetica"
        self.set_margins(18, 18)
        self.set_auto_page_break(True, 18)

    def line_of(self, text: str, *, size: float = 10, bold: bool = False, gap: float = 1.5) -> None:
        if not self.unicode:
            text = text.encode("latin-1", errors="replace").decode("latin-1")
        self.set_font(self.face, "B" if bold else "", size)
        self.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        self.ln(gap)


def _labels(ids: Sequence[str], labels: dict[str, str]) -> str:
    return "; ".join(labels.get(i, i) for i in ids)


def render_incident_pdf(history: Sequence[IncidentVersion], checkpoint: Checkpoint | None) -> bytes:
    """Draw an incident's versions and the checkpoint that covers them."""
    pdf = _Document()
    pdf.add_page()
    first = history[0].record
    pdf.line_of(f"Incident of {first.happened_at:%d %B %Y, %H:%M} UTC", size=16, bold=True)
    for number, version in enumerate(history):
        record = version.record
        title = "Original" if number == 0 else f"Amendment {number}"
        pdf.line_of(f"{title} - ledger entry {version.sequence}", size=12, bold=True, gap=1)
        written = f"Written {version.written_at:%d %b %Y %H:%M} UTC"
        if version.late_by is not None:
            written += f" - written late: {core.describe_gap(version.late_by)} after the event"
        pdf.line_of(written, size=9)
        rows = [
            ("When it happened", f"{record.happened_at:%d %b %Y %H:%M} UTC"),
            ("Whose conduct", core.DIRECTIONS.get(record.direction, record.direction)),
            ("What kind of thing", _labels(record.conduct, core.CONDUCT)),
            ("Client", record.client_code),
            ("Who else was involved", record.others_involved),
            ("Kinds of power at play", ", ".join(record.power_kinds)),
            ("What happened", record.what_happened),
            ("What was done", record.what_was_done),
            ("Who was consulted", _labels(record.consulted, core.CONSULTED)),
            ("Follow-ups", record.follow_ups),
            ("Sealed hash", version.entry_hash),
        ]
        for label, value in rows:
            if value:
                pdf.line_of(label, size=9, bold=True, gap=0.3)
                pdf.line_of(value, size=10, gap=1.2)
        pdf.ln(2)
    pdf.line_of("Checkpoint", size=12, bold=True, gap=1)
    if checkpoint is None:
        pdf.line_of("No signed checkpoint covers these entries yet.", size=10)
        return bytes(pdf.output())
    pdf.line_of(
        f"Workspace {checkpoint.stream}, {checkpoint.size} entries, signed "
        f"{checkpoint.at:%d %b %Y %H:%M} UTC. Root {checkpoint.root.hex()}.",
        size=9,
    )
    pdf.line_of(
        "The QR code holds this checkpoint as JSON; `fulcrum incidents verify --checkpoint` "
        "checks the record against it.",
        size=8,
    )
    qr = segno.make(json.dumps(checkpoint.to_json(), separators=(",", ":")), error="m")
    image = io.BytesIO()
    qr.save(image, kind="png", scale=4, border=2)
    image.seek(0)
    pdf.image(image, w=60)
    return bytes(pdf.output())
