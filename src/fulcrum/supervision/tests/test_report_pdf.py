from __future__ import annotations

from unittest import mock

import pypdfium2 as pdfium
from django.urls import reverse

from fulcrum.supervision import pdf as pdf_module
from fulcrum.supervision.report import ReportChoice, build_report
from fulcrum.supervision.tests.helpers import ALIAS, CODE, SINCE, UNTIL, query, reportable_client
from fulcrum.testing import NOW, BaseTestCase

# A rendered A4 page of text and charts darkens well over this share of its pixels;
# a blank page (or one with only a footer) stays under it.
MIN_INK_SHARE = 0.01


def read(data: bytes) -> tuple[list[float], str]:
    """Each page's share of non-white pixels, and all the text, via pdfium."""
    document = pdfium.PdfDocument(data)
    try:
        shares, text = [], []
        for page in document:
            pixels = page.render(scale=1).to_numpy()
            shares.append(float((pixels[..., :3].min(axis=-1) < 200).mean()))
            textpage = page.get_textpage()
            text.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return shares, "\n".join(text)
    finally:
        document.close()


class ReportPdfTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.mine, self.shared, _ = reportable_client(self.alice)

    def test_it_renders_a_pdf_that_is_not_blank_and_names_codes_only(self) -> None:
        self.login(self.alice)
        r = self.client.get(reverse("supervision_pdf"), query(self.mine, self.shared))
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r["Content-Type"], "application/pdf")
        self.assertIn("attachment;", r["Content-Disposition"])
        shares, text = read(r.content)
        self.assertGreater(shares[0], MIN_INK_SHARE, f"page 1 looks blank: {shares[0]:.4f}")
        self.assertIn(CODE, text)
        self.assertIn("Supervision report", text)
        self.assertIn("urge to please", text)
        self.assertNotIn(ALIAS, text)
        self.assertNotIn("Check-in note", text)

    def test_it_prints_chosen_notes_with_the_alias_replaced(self) -> None:
        self.login(self.alice)
        r = self.client.get(reverse("supervision_pdf"), query(self.mine, notes=("map",)))
        _, text = read(r.content)
        self.assertIn(f"[{CODE}] mentioned lawyers", text)
        self.assertNotIn(ALIAS, text)

    def test_it_falls_back_to_a_builtin_font_without_dejavu(self) -> None:
        report = build_report(
            self.alice,
            ReportChoice(
                clients=(self.mine,),
                since=SINCE,
                until=UNTIL,
                entry_ids=frozenset({self.shared.pk}),
            ),
            now=NOW,
        )
        with mock.patch.object(
            pdf_module, "FONT_CANDIDATES", (("/nowhere.ttf", "/nowhere-b.ttf"),)
        ):
            self.assertIsNone(pdf_module.unicode_fonts())
            data = pdf_module.render_pdf(report)
        shares, text = read(data)
        self.assertGreater(shares[0], MIN_INK_SHARE)
        self.assertIn(CODE, text)
        self.assertIn("How did I know a client held more power?", text)

    def test_a_blank_page_reads_as_blank(self) -> None:
        import fpdf

        empty = fpdf.FPDF()
        empty.add_page()
        shares, _ = read(bytes(empty.output()))
        self.assertEqual(shares, [0.0])
