"""The supervision report as a PDF (fpdf2), drawn only from a ``SupervisionReport``.

Text uses DejaVu Sans when the system has it (Debian's ``fonts-dejavu-core``, or the
files named by ``FULCRUM_PDF_FONT`` / ``FULCRUM_PDF_FONT_BOLD`` in settings), so any
language prints; without it the PDF falls back to the built-in Helvetica and spells
typographic marks in plain Latin-1. Nothing is fetched from anywhere.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from fulcrum.core.report import (
    NOTE_KINDS,
    ClientSection,
    MapSummary,
    SupervisionReport,
    TrendPoint,
    notes_phrase,
)

FONT_CANDIDATES: tuple[tuple[str, str], ...] = (
    (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    ),
    ("/usr/share/fonts/dejavu/DejaVuSans.ttf", "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf"),
    ("/usr/share/fonts/TTF/DejaVuSans.ttf", "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf"),
)
# Score lines: the colours and dashes of the on-screen charts, so colour is never the only cue.
SERIES: tuple[tuple[str, str, tuple[int, int, int], float], ...] = (
    ("over", "Over-use", (0x9A, 0x3B, 0x1B), 0),
    ("under", "Under-use", (0x2D, 0x5A, 0x8C), 1.6),
    ("skilful", "Skilful use", (0x1D, 0x6B, 0x73), 0.6),
)
_PLAIN = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2013": "-",
    "\u2014": "-",
    "\u2026": "...",
    "\u2192": "->",
    "\u2212": "-",
    "\u00a0": " ",
}
INK = (0x22, 0x25, 0x2A)
MUTED = (0x5D, 0x63, 0x6B)
LINE = (0xDC, 0xD9, 0xD0)


def unicode_fonts() -> tuple[str, str] | None:
    """Paths of a regular and a bold Unicode font, or None to fall back to Helvetica."""
    configured = getattr(settings, "FULCRUM_PDF_FONT", "")
    if configured:
        bold = getattr(settings, "FULCRUM_PDF_FONT_BOLD", "") or configured
        return str(configured), str(bold)
    for regular, bold in FONT_CANDIDATES:
        if Path(regular).is_file() and Path(bold).is_file():
            return regular, bold
    return None


def _latin1(text: str) -> str:
    for fancy, plain in _PLAIN.items():
        text = text.replace(fancy, plain)
    text = unicodedata.normalize("NFKC", text)
    return text.encode("latin-1", errors="replace").decode("latin-1")


def _day(value: date | datetime) -> str:
    if isinstance(value, datetime):
        value = timezone.localtime(value).date()
    return f"{value.day} {value:%b %Y}"


class _Report(FPDF):
    footer_text = "Supervision report · clients by code only · page "

    def __init__(self) -> None:
        super().__init__(format="A4")
        fonts = unicode_fonts()
        if fonts is not None:
            self.add_font("Body", "", fonts[0])
            self.add_font("Body", "B", fonts[1])
            self.body_font = "Body"
            self.unicode_text = True
        else:
            self.body_font = "helvetica"
            self.unicode_text = False
        self.set_margins(16, 16, 16)
        self.set_auto_page_break(auto=True, margin=16)
        self.set_title("Supervision report")
        self.set_creator("Fulcrum")

    def t(self, text: str) -> str:
        """Text the chosen font can draw."""
        return text if self.unicode_text else _latin1(text)

    def footer(self) -> None:
        self.set_y(-12)
        self.use_font(8, colour=MUTED)
        self.cell(
            0,
            6,
            self.t(self.footer_text) + f"{self.page_no()}/{{nb}}",
            align="C",
        )

    def use_font(
        self, size: float, *, bold: bool = False, colour: tuple[int, int, int] = INK
    ) -> None:
        self.set_font(self.body_font, "B" if bold else "", size)
        self.set_text_color(*colour)

    def para(
        self,
        text: str,
        *,
        size: float = 10,
        bold: bool = False,
        colour: tuple[int, int, int] = INK,
        gap: float = 1.5,
    ) -> None:
        self.use_font(size, bold=bold, colour=colour)
        self.multi_cell(0, size * 0.5, self.t(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
        self.ln(gap)

    def heading(self, text: str, size: float = 13) -> None:
        if self.get_y() > self.h - 50:
            self.add_page()
        self.ln(2)
        self.para(text, size=size, bold=True, gap=1)

    def rule(self) -> None:
        self.set_draw_color(*LINE)
        self.set_line_width(0.3)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(3)


def render_pdf(report: SupervisionReport) -> bytes:
    """Draw ``report`` as an A4 PDF and return its bytes."""
    pdf = _Report()
    pdf.add_page()
    pdf.para("Supervision report", size=20, bold=True, gap=1)
    pdf.para(
        f"{_day(report.period_start)} to {_day(report.period_end)} · prepared "
        f"{_day(report.generated_at)} · {len(report.clients)} client"
        f"{'s' if len(report.clients) != 1 else ''}",
        size=10,
        colour=MUTED,
    )
    pdf.para(
        "Clients appear by code only. Scores, warnings and gaps are prompts for reflection "
        "and supervision, not diagnoses or verdicts.",
        size=9,
        colour=MUTED,
    )
    included = notes_phrase(report.notes_included)
    pdf.para(
        "Free-text notes included: " + (f"{included}." if included else "none."),
        size=9,
        colour=MUTED,
    )
    pdf.rule()
    for i, section in enumerate(report.clients):
        if i:
            pdf.add_page()  # one client per page, as the print layout does
        _client(pdf, section)
    if report.reflections:
        pdf.add_page()
        pdf.heading("Reflections chosen for supervision", size=15)
        for entry in report.reflections:
            about = f" · {entry.client_code}" if entry.client_code else ""
            pdf.para(f"{_day(entry.written_at)}{about}", size=10, bold=True, gap=0.5)
            if entry.prompt:
                pdf.para(entry.prompt, size=9, colour=MUTED, gap=0.5)
            pdf.para(entry.body, size=10, gap=3)
    if report.policies:
        pdf.add_page()
        pdf.heading("Practice policies and consent", size=15)
        pdf.para(
            "The newest published version of each policy, and where each client in this "
            "report stands with it. A gap is something to talk through, not a finding.",
            size=9,
            colour=MUTED,
        )
        for policy in report.policies:
            pdf.para(f"{policy.title} ({policy.kind}, version {policy.number})", size=11, bold=True)
            pdf.para(
                f"In effect from {_day(policy.effective_on)}; {policy.change.lower()}. "
                f"SHA-256 {policy.sha256}",
                size=8,
                colour=MUTED,
                gap=0.5,
            )
            for standing in policy.clients:
                pdf.para(f"{standing.code}: {standing.state}", size=10, gap=0.5)
            pdf.ln(2)
    return bytes(pdf.output())


def _client(pdf: _Report, section: ClientSection) -> None:
    pdf.heading(
        f"{section.code} · {section.modality} · {section.sessions} session"
        f"{'s' if section.sessions != 1 else ''} in the period",
        size=15,
    )
    if section.map_latest is not None:
        _map(pdf, section.map_latest, section.map_start)
    else:
        pdf.para("No power map by the end of the period.", colour=MUTED)
    pdf.heading("Scores per session", size=11)
    if section.trend:
        _trend(pdf, section.trend)
    else:
        pdf.para("No check-ins in the period.", colour=MUTED)
    pdf.heading("Drift warnings", size=11)
    if not section.warnings:
        pdf.para("None in the period.", colour=MUTED)
    for w in section.warnings:
        label = "Over-use" if w.direction == "over" else "Under-use"
        state = " (taken to reflection)" if w.acknowledged else ""
        pdf.para(f"{label}: {w.title}{state}", bold=True, gap=0.3)
        pdf.para(w.explanation, size=9, gap=0.3)
        pdf.para(f"For supervision: {w.question}", size=9, colour=MUTED, gap=2)
    pdf.heading("The client's voice", size=11)
    if not section.voice_answers:
        pdf.para("No answers from the client in the period.", colour=MUTED)
    else:
        gaps = len(section.voice_gaps)
        pdf.para(
            f"{section.voice_answers} session{'s' if section.voice_answers != 1 else ''} "
            f"answered; {gaps} gap{'s' if gaps != 1 else ''} flagged.",
            gap=1,
        )
    for v in section.voice:
        marker = "Gap" if v.flagged else "Reflection"
        pdf.para(f"{_day(v.session_at)} · {marker}: {v.title}", bold=True, gap=0.3)
        pdf.para(v.explanation, size=9, gap=0.3)
        pdf.para(f"For supervision: {v.question}", size=9, colour=MUTED, gap=2)
    if section.notes:
        pdf.heading("Notes chosen for this report", size=11)
        for note in section.notes:
            pdf.para(f"{_day(note.at)} · {NOTE_KINDS[note.kind]}", size=9, bold=True, gap=0.3)
            pdf.para(note.text, size=9, gap=2)


def _signed(value: int | None) -> str:
    if value is None:
        return ""
    return f"{value:+d}" if value else "0"


def _map(pdf: _Report, latest: MapSummary, start: MapSummary | None) -> None:
    title = f"Power map, assessed {_day(latest.assessed_at)}"
    if start is not None:
        title += f" (change since {_day(start.assessed_at)})"
    pdf.heading(title, size=11)
    pdf.para(latest.reading, size=9)
    third = latest.has_third_party
    # A narrow column: the kind of third party is named under the table instead.
    header = ["Kind of power", "You", "Client", *(["Third party"] if third else []), "Balance"]
    if start is not None:
        header.append("Change")
    rows: list[Sequence[str]] = [header]
    for r in latest.rows:
        row = [r.kind, str(r.practitioner), str(r.client)]
        if third:
            row.append("not rated" if r.third_party is None else str(r.third_party))
        row.append(_signed(r.balance))
        if start is not None:
            row.append(_signed(r.change))
        rows.append(row)
    pdf.use_font(9)
    widths = (46, *([22] * (len(header) - 1)))
    with pdf.table(
        col_widths=widths,
        width=sum(widths),
        align="LEFT",
        line_height=5,
        first_row_as_headings=True,
        text_align=("LEFT", *(["CENTER"] * (len(header) - 1))),
        borders_layout="HORIZONTAL_LINES",
    ) as table:
        for values in rows:
            cells = table.row()
            for value in values:
                cells.cell(pdf.t(value))
    pdf.ln(1.5)
    if third and latest.third_party:
        pdf.para(f"Third party: {latest.third_party.lower()}.", size=8, colour=MUTED, gap=0.5)
    pdf.para(
        f"Mean balance {latest.overall:+.1f} (-4 to +4, above 0 you hold more) · setting "
        f"{latest.amplification:.2f} · counterweight {latest.counterweight:.2f}",
        size=8,
        colour=MUTED,
    )
    pdf.heading("Where you are exposed", size=10)
    if latest.exposure:
        for sentence in latest.exposure:
            pdf.para(f"• {sentence}", size=9, gap=0.5)
    else:
        pdf.para("Nothing on these ratings stands out.", size=9, colour=MUTED)
    pdf.heading("What shifts power toward the client", size=10)
    if latest.counter_factors:
        for label in latest.counter_factors:
            pdf.para(f"• {label}", size=9, gap=0.5)
    else:
        pdf.para("No counter-factors ticked.", size=9, colour=MUTED)


def _trend(pdf: _Report, points: Sequence[TrendPoint]) -> None:
    """Three score lines over 0..10, sessions evenly spaced, with a key below."""
    if pdf.get_y() > pdf.h - 70:
        pdf.add_page()
    left, top = pdf.l_margin + 8, pdf.get_y() + 2
    width, height = pdf.w - pdf.l_margin - pdf.r_margin - 10, 38.0
    pdf.set_line_width(0.2)
    pdf.set_draw_color(*LINE)
    pdf.use_font(7, colour=MUTED)
    for tick in (0, 5, 10):
        y = top + height * (1 - tick / 10)
        pdf.line(left, y, left + width, y)
        pdf.text(left - 5, y + 1, str(tick))
    count = len(points)

    def x(i: int) -> float:
        return left + (width / 2 if count == 1 else width * i / (count - 1))

    for key, _, colour, dash in SERIES:
        coords = [
            (x(i), top + height * (1 - min(10.0, max(0.0, getattr(p, key))) / 10))
            for i, p in enumerate(points)
        ]
        pdf.set_draw_color(*colour)
        pdf.set_fill_color(*colour)
        pdf.set_line_width(0.6)
        pdf.set_dash_pattern(dash=dash, gap=dash)
        if len(coords) > 1:
            pdf.polyline(coords)
        pdf.set_dash_pattern()
        for cx, cy in coords:
            pdf.circle(x=cx, y=cy, radius=0.7, style="F")
    pdf.set_y(top + height + 2)
    pdf.use_font(7, colour=MUTED)
    pdf.cell(0, 4, pdf.t(f"{_day(points[0].at)}"), align="L")
    pdf.set_x(pdf.l_margin)
    pdf.cell(0, 4, pdf.t(f"{_day(points[-1].at)}"), align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    key_x = pdf.l_margin
    for _, label, colour, dash in SERIES:
        pdf.set_draw_color(*colour)
        pdf.set_line_width(0.8)
        pdf.set_dash_pattern(dash=dash, gap=dash)
        pdf.line(key_x, pdf.get_y() + 2.2, key_x + 8, pdf.get_y() + 2.2)
        pdf.set_dash_pattern()
        pdf.text(key_x + 10, pdf.get_y() + 3, pdf.t(label))
        key_x += 34
    pdf.ln(7)


class _HoursSheet(_Report):
    footer_text = "Approved supervision hours · page "


@dataclass(frozen=True)
class HoursSheet:
    """What the approved-hours PDF prints: the two people, the supervisor's
    qualification as they gave it on accepting, and the approved sessions."""

    supervisee: str
    supervisor: str
    kind: str
    started_on: date
    qualification: str
    registration: str
    jurisdiction: str
    # (held on, minutes, kind, approved at), oldest first.
    sessions: Sequence[tuple[date, int, str, datetime]]
    totals: Sequence[tuple[str, int]]
    generated_at: datetime


def _hours(minutes: int) -> str:
    return f"{minutes / 60:.2f}"


def render_hours_pdf(sheet: HoursSheet) -> bytes:
    """Draw approved supervision hours as an A4 PDF, as licensing applications ask for.
    Topics are left out: they can hold clinical detail, and the record of hours needs none."""
    pdf = _HoursSheet()
    pdf.set_title("Approved supervision hours")
    pdf.add_page()
    pdf.para("Approved supervision hours", size=20, bold=True, gap=1)
    pdf.para(f"Prepared {_day(sheet.generated_at)}", size=10, colour=MUTED)
    pdf.rule()
    pdf.para(f"Supervisee: {sheet.supervisee}", size=10, gap=0.5)
    pdf.para(f"Supervisor: {sheet.supervisor}", size=10, gap=0.5)
    pdf.para(f"Qualification: {sheet.qualification or 'not given'}", size=10, gap=0.5)
    pdf.para(f"Registration: {sheet.registration or 'not given'}", size=10, gap=0.5)
    pdf.para(f"Jurisdiction: {sheet.jurisdiction or 'not given'}", size=10, gap=0.5)
    pdf.para(f"Supervision: {sheet.kind}, since {_day(sheet.started_on)}", size=10, gap=2)
    pdf.heading("Totals")
    total = sum(m for _, m in sheet.totals)
    for label, minutes in sheet.totals:
        pdf.para(f"{label}: {_hours(minutes)} hours ({minutes} minutes)", size=10, gap=0.5)
    pdf.para(
        f"All approved: {_hours(total)} hours ({total} minutes) in {len(sheet.sessions)} "
        f"session{'s' if len(sheet.sessions) != 1 else ''}",
        size=10,
        bold=True,
        gap=2,
    )
    pdf.heading("Sessions")
    if not sheet.sessions:
        pdf.para("No approved sessions yet.", size=10, colour=MUTED)
    widths = (38, 24, 20, 58, 38)
    columns = ("Date", "Minutes", "Hours", "Kind", "Approved on")
    if sheet.sessions:
        pdf.use_font(9, bold=True)
        for width, column in zip(widths, columns, strict=True):
            pdf.cell(width, 6, pdf.t(column), border="B")
        pdf.ln(6)
        pdf.use_font(9)
        for held_on, minutes, kind, approved_at in sheet.sessions:
            row = (_day(held_on), str(minutes), _hours(minutes), kind, _day(approved_at))
            for width, value in zip(widths, row, strict=True):
                pdf.cell(width, 6, pdf.t(value))
            pdf.ln(6)
    return bytes(pdf.output())
