"""What a supervisor sees passes through the whole de-identifier, not the aliases alone:
a name nobody listed, a town, a date, a phone number or a workplace in a chosen note or
reflection is replaced before it leaves, on the page, in the PDF and in the stored
snapshot, and one person keeps one stand-in across the report."""

from __future__ import annotations

import pypdfium2 as pdfium
from django.urls import reverse

from fulcrum.core.snapshot import thaw
from fulcrum.reflection.tests.helpers import make_entry
from fulcrum.supervision.pdf import render_pdf
from fulcrum.supervision.report import ReportChoice, build_report
from fulcrum.supervision.tests.helpers import SINCE, UNTIL, linked, make_supervisor, share_for
from fulcrum.testing import NOW, BaseTestCase, make_checkin, make_client

ALIAS = "Perpetua Vance"
CODE = "P-310"
# Invented for this test: none of it is a workspace's alias, so only the later stages
# of the de-identifier can find it.
LEAKS = (
    "Oswin Thackeray",
    "Thackeray",
    "Hebden Bridge",
    "07700 900123",
    "14 March 2026",
    "Calderdale Royal Hospital",
)
ENTRY = (
    f"Session with {ALIAS} from Hebden Bridge on 14 March 2026. She rang me on "
    "07700 900123 because her husband Oswin Thackeray works at Calderdale Royal Hospital "
    "and wants to sit in. I felt the pull to say yes."
)
NOTE = "Oswin Thackeray waited in the car park again. Thackeray looked cross."


class ReportIsDeidentifiedTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.case = make_client(self.alice, CODE, alias=ALIAS)
        make_checkin(self.case, days_ago=30, note=NOTE)
        self.entry = make_entry(
            self.alice,
            ENTRY,
            client=self.case,
            prompt_id="how_did_i_know",
            include_in_supervision=True,
        )

    def _report(self) -> str:
        report = build_report(
            self.alice,
            ReportChoice(
                clients=(self.case,),
                since=SINCE,
                until=UNTIL,
                entry_ids=frozenset({self.entry.pk}),
                notes=frozenset({"checkin"}),
            ),
            now=NOW,
        )
        (reflection,) = report.reflections
        (note,) = report.clients[0].notes
        return f"{reflection.body}\n{note.text}"

    def test_names_places_dates_and_numbers_nobody_listed_are_replaced(self) -> None:
        text = self._report()
        for leak in (*LEAKS, ALIAS, "Perpetua", "Vance"):
            assert leak not in text, leak
        assert f"Session with [{CODE}] from [a place] on [date]." in text
        assert "[phone]" in text
        assert "I felt the pull to say yes." in text  # the practitioner's own words stay

    def test_one_person_keeps_one_stand_in_across_the_report(self) -> None:
        body, note = self._report().split("\n")
        (husband,) = {w for w in ("Person A", "Person B") if f"her husband {w}" in body}
        assert note.startswith(f"{husband} waited in the car park again. {husband} looked")

    def test_the_supervisor_page_pdf_and_snapshot_hold_none_of_it(self) -> None:
        supervisor = make_supervisor()
        share = share_for(
            self.alice,
            linked(self.alice, supervisor),
            self.case,
            entry_ids=frozenset({self.entry.pk}),
            notes=frozenset({"checkin"}),
        )
        self.login(supervisor)
        page = self.client.get(reverse("supervisor_share", args=[share.pk])).content.decode()
        assert f"[{CODE}]" in page
        pdf = pdfium.PdfDocument(render_pdf(thaw(share.snapshot).report))
        words = " ".join(
            " ".join(pdf[i].get_textpage().get_text_range().split()) for i in range(len(pdf))
        )
        assert "[phone]" in words
        for text in (str(share.snapshot), page, words):
            for leak in (*LEAKS, ALIAS):
                assert leak not in text, leak
