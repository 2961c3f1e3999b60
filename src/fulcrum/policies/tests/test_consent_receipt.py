"""The consent receipt: a PDF with each version's title, number and hash, for the client
just after answering (the link stays used) and for the practitioner at any time."""

from __future__ import annotations

from datetime import timedelta

import pypdfium2 as pdfium
import time_machine
from django.urls import reverse

from fulcrum.policies import services
from fulcrum.policies.consent import record_consent
from fulcrum.policies.links import create_consent_link
from fulcrum.policies.models import PolicyVersion
from fulcrum.policies.pdf import render_receipt_pdf
from fulcrum.policies.receipt import client_receipt, receipt_minutes
from fulcrum.testing import NOW, BaseTestCase, make_checkin


def pdf_text(data: bytes) -> str:
    document = pdfium.PdfDocument(data)
    try:
        text = "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()
    return " ".join(text.split())


def qr_payloads(data: bytes) -> int:
    """How many images the PDF draws (the QR code is one)."""
    document = pdfium.PdfDocument(data)
    try:
        return sum(
            1
            for page in document
            for obj in page.get_objects()
            if obj.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE
        )
    finally:
        document.close()


class ConsentReceiptTestCase(BaseTestCase):
    def publish(self, kind: str, title: str, text: str, change: str = "") -> PolicyVersion:
        draft = services.start_draft(self.alice, kind, now=NOW)
        services.edit_draft(draft, title=title, text=text, now=NOW)
        return services.publish(
            draft,
            change=change,
            summary="A change." if change else "",
            effective_on=NOW.date(),
            now=NOW,
        )

    def setUp(self) -> None:
        self.publish("cancellation", "If you need to cancel", "Tell me a day ahead.")
        self.cancel = self.publish(
            "cancellation", "If you need to cancel", "Tell me two days ahead.", "material"
        )
        self.fees = self.publish("payment", "Paying for sessions", "Pay on the day.")
        self.link, self.token = create_consent_link(
            self.alice_client, [self.cancel, self.fees], now=NOW
        )
        self.answer_url = reverse("consent_answer", args=[self.token])
        self.receipt_url = reverse("consent_receipt", args=[self.token])

    def send(self) -> None:
        r = self.client.post(
            self.answer_url,
            {
                f"answer_{self.cancel.pk}": "accepted",
                f"answer_{self.fees.pk}": "accepted",
                "typed_name": "Sam Quillfeather",
            },
        )
        assert r.status_code == 200
        self.assertContains(r, self.receipt_url)

    def assert_holds_every_version(self, data: bytes) -> str:
        assert data.startswith(b"%PDF")
        text = pdf_text(data)
        for version in (self.cancel, self.fees):
            assert version.title in text
            assert f"version {version.number}" in text
            assert version.sha256 in text
        assert qr_payloads(data) == 1
        return text

    def test_the_client_downloads_a_receipt_after_answering_and_the_link_stays_used(self) -> None:
        assert self.client.get(self.receipt_url).status_code == 404  # nothing answered yet
        self.send()
        r = self.client.get(self.receipt_url)
        assert r.status_code == 200
        assert r["Content-Type"] == "application/pdf"
        assert r["Referrer-Policy"] == "no-referrer"
        assert "no-store" in r["Cache-Control"]
        text = self.assert_holds_every_version(b"".join(r))
        assert "version 2" in text  # the newer cancellation version, not the first
        assert "Sam Quillfeather" not in text  # the typed name stays off the receipt
        assert self.client.get(self.answer_url).status_code == 410

    def test_the_receipt_closes_after_its_window(self) -> None:
        self.send()
        later = NOW + timedelta(minutes=receipt_minutes() + 1)
        with time_machine.travel(later, tick=False):
            assert self.client.get(self.receipt_url).status_code == 410

    def test_an_unknown_token_gets_the_calm_page(self) -> None:
        r = self.client.get(reverse("consent_receipt", args=["x" * 43]))
        assert r.status_code == 404
        assert r["Content-Type"].startswith("text/html")

    def test_the_practitioner_downloads_the_clients_receipt(self) -> None:
        checkin = make_checkin(self.alice_client, days_ago=1)
        for version in (self.cancel, self.fees):
            record_consent(
                self.alice_client,
                version,
                event="accepted",
                channel="verbal",
                checkin=checkin,
                now=NOW,
            )
        self.login(self.alice)
        page = self.client.get(reverse("consent_client", args=[self.alice_client.pk]))
        url = reverse("consent_client_receipt", args=[self.alice_client.pk])
        self.assertContains(page, url)
        r = self.client.get(url)
        assert r.status_code == 200
        text = self.assert_holds_every_version(b"".join(r))
        assert self.alice_client.code in text
        assert (
            self.client.get(
                reverse("consent_client_receipt", args=[self.bob_client.pk])
            ).status_code
            == 404
        )

    def test_the_reference_changes_with_the_answers(self) -> None:
        checkin = make_checkin(self.alice_client, days_ago=1)
        record_consent(
            self.alice_client,
            self.cancel,
            event="accepted",
            channel="verbal",
            checkin=checkin,
            now=NOW,
        )
        first = client_receipt(self.alice_client)
        assert first.reference == client_receipt(self.alice_client).reference
        record_consent(
            self.alice_client,
            self.cancel,
            event="withdrawn",
            channel="verbal",
            checkin=checkin,
            now=NOW + timedelta(minutes=1),
        )
        second = client_receipt(self.alice_client)
        assert second.reference != first.reference
        assert self.cancel.sha256 in second.qr_text()
        assert "Withdrew agreement" in pdf_text(render_receipt_pdf(second))
