"""The consent receipt as a PDF (fpdf2), drawn only from a ``Receipt``: each version's
title, number and SHA-256 and the answer, and a QR code of the reference and hashes."""

from __future__ import annotations

import io

from django.utils import timezone
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from fulcrum.kernel.qr import qr_png
from fulcrum.policies.receipt import Receipt
from fulcrum.supervision.pdf import unicode_fonts

INK = (0x22, 0x25, 0x2A)
MUTED = (0x5D, 0x63, 0x6B)
_PLAIN = {"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'", "\u2014": "-"}


class _Receipt(FPDF):
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
        self.set_title("Consent receipt")
        self.set_creator("Fulcrum")

    def para(
        self,
        text: str,
        *,
        size: float = 11,
        bold: bool = False,
        colour: tuple[int, int, int] = INK,
        gap: float = 2,
        mono: bool = False,
    ) -> None:
        if not self.unicode_text:
            for fancy, plain in _PLAIN.items():
                text = text.replace(fancy, plain)
            text = text.encode("latin-1", errors="replace").decode("latin-1")
        face = "courier" if mono else self.face
        self.set_font(face, "B" if bold and not mono else "", size)
        self.set_text_color(*colour)
        self.multi_cell(0, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
        self.ln(gap)


def _when(moment: object) -> str:
    local = timezone.localtime(moment)  # type: ignore[arg-type]
    return f"{local.day} {local:%B %Y, %H:%M}"


def render_receipt_pdf(receipt: Receipt) -> bytes:
    """Draw ``receipt``: one block per version, then the reference and its QR code."""
    pdf = _Receipt()
    pdf.add_page()
    pdf.para("Consent receipt", size=20, bold=True, gap=3)
    pdf.para(
        "Your answers about your practitioner's policies, and a fingerprint (SHA-256) of "
        "exactly the words you were shown. The same words always give the same fingerprint.",
        size=10,
        colour=MUTED,
        gap=4,
    )
    if receipt.client_code:
        pdf.para(f"Client: {receipt.client_code}", size=11, bold=True, gap=3)
    for line in receipt.lines:
        pdf.para(f"{line.title} (version {line.number})", size=13, bold=True, gap=1)
        pdf.para(f"{line.policy} · {line.answer} · {_when(line.recorded_at)}", size=10, gap=1)
        pdf.para(line.channel, size=9, colour=MUTED, gap=1)
        if line.statement:
            pdf.para(line.statement, size=10, gap=1)
        pdf.para("SHA-256 of the words shown", size=9, bold=True, colour=MUTED, gap=0.5)
        pdf.para(line.sha256, size=9, mono=True, gap=5)
    if not receipt.lines:
        pdf.para("No answer has been recorded yet.", size=11, gap=4)
    pdf.para("Receipt reference", size=9, bold=True, colour=MUTED, gap=0.5)
    pdf.para(receipt.reference, size=12, mono=True, gap=2)
    pdf.image(io.BytesIO(qr_png(receipt.qr_text())), w=50)
    return bytes(pdf.output())
