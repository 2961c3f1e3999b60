"""A course certificate as a PDF (fpdf2), drawn only from a ``Certificate``, its standing
and the address that verifies it; the QR code carries that address and nothing else.

It prints every field NCBTMB asks of a certificate: the learner, the course title, the
provider and its approval number, the hours as "CE hours", the date of completion, the
format (home study or live), the instructor, a verification code and its QR code, and
each approval line configured when it was issued."""

from __future__ import annotations

import io
from datetime import datetime

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from fulcrum.core.course.standing import Standing, State
from fulcrum.course.models import Certificate
from fulcrum.kernel.qr import qr_png
from fulcrum.supervision.pdf import unicode_fonts

INK = (0x22, 0x25, 0x2A)
MUTED = (0x5D, 0x63, 0x6B)


class _Certificate(FPDF):
    def __init__(self) -> None:
        super().__init__(format="A4")
        fonts = unicode_fonts()
        self.unicode_text = fonts is not None
        if fonts is not None:
            self.add_font("Body", "", fonts[0])
            self.add_font("Body", "B", fonts[1])
        self.face = "Body" if fonts is not None else "helvetica"
        self.set_margins(20, 20, 20)
        self.set_auto_page_break(True, 20)
        self.set_title("Certificate of completion")
        self.set_creator("Fulcrum")

    def para(
        self,
        text: str,
        *,
        size: float = 11,
        bold: bool = False,
        colour: tuple[int, int, int] = INK,
        gap: float = 2,
    ) -> None:
        if not self.unicode_text:
            text = text.encode("latin-1", errors="replace").decode("latin-1")
        self.set_font(self.face, "B" if bold else "", size)
        self.set_text_color(*colour)
        self.multi_cell(0, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
        self.ln(gap)


def _day(certificate: Certificate) -> str:
    day = certificate.completed_on
    return f"{day.day} {day:%B %Y}"


def _date(moment: datetime) -> str:
    return f"{moment.day} {moment:%B %Y}"


def render_certificate_pdf(
    certificate: Certificate, verify_url: str, standing: Standing | None = None
) -> bytes:
    """Draw ``certificate`` on one A4 page, with a QR code of ``verify_url``; a revoked or
    expired ``standing`` is printed in words."""
    facts = certificate.facts
    pdf = _Certificate()
    pdf.add_page()
    pdf.para("Certificate of completion", size=22, bold=True, gap=6)
    pdf.para("This certifies that", size=11, colour=MUTED, gap=1)
    pdf.para(certificate.learner_name, size=18, bold=True, gap=4)
    pdf.para("completed the course", size=11, colour=MUTED, gap=1)
    pdf.para(str(facts["title"]), size=15, bold=True, gap=6)
    rows = (
        ("Learner", certificate.learner_name),
        ("Provider", str(facts["provider"])),
        ("Provider's approval number", str(facts.get("approval_number") or "none recorded")),
        ("CE hours", f"{certificate.hours} CE hours"),
        ("How the hours were computed", str(facts["arithmetic"])),
        ("Format", str(facts["format"])),
        ("Instructor", str(facts.get("instructor") or facts["provider"])),
        ("Date of completion", _day(certificate)),
        (
            "Course version",
            f"{certificate.course_version} (content {certificate.content_digest[:12]})",
        ),
        ("Verification code", certificate.code),
    )
    for label, value in rows:
        pdf.para(label, size=9, bold=True, colour=MUTED, gap=0.5)
        pdf.para(value, size=11, gap=3)
    accreditation = [str(line) for line in facts.get("accreditation", [])]
    if accreditation:
        pdf.para("Approvals", size=9, bold=True, colour=MUTED, gap=0.5)
        for line in accreditation:
            pdf.para(line, size=11, gap=1)
        pdf.ln(2)
    if standing is not None and standing.state is State.REVOKED and standing.since:
        pdf.para(f"Revoked on {_date(standing.since)}.", size=11, bold=True, gap=3)
    elif standing is not None and standing.state is State.EXPIRED and standing.since:
        pdf.para(f"Expired on {_date(standing.since)}.", size=11, bold=True, gap=3)
    pdf.ln(2)
    pdf.para("Check this certificate at", size=9, colour=MUTED, gap=0.5)
    pdf.para(verify_url, size=10, gap=2)
    pdf.image(io.BytesIO(qr_png(verify_url)), w=40)
    return bytes(pdf.output())
