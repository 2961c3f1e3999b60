"""An incident's PDF: every version as sealed and the signed checkpoint covering it."""

from __future__ import annotations

from datetime import timedelta

import pypdfium2 as pdfium
from django.urls import reverse

from fulcrum.core import integrity
from fulcrum.core.incidents import IncidentRecord
from fulcrum.incidents.services import amend_incident, latest_checkpoint, record_incident
from fulcrum.ledger.models import Stream
from fulcrum.ledger.services import trusted_public_key
from fulcrum.testing import NOW, BaseTestCase


def _text(data: bytes) -> str:
    document = pdfium.PdfDocument(data)
    try:
        parts = []
        for page in document:
            textpage = page.get_textpage()
            parts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return "\n".join(parts)
    finally:
        document.close()


class IncidentPdfTestCase(BaseTestCase):
    def test_it_carries_every_version_and_the_signed_checkpoint(self) -> None:
        record = IncidentRecord(
            happened_at=NOW - timedelta(days=5),
            direction="client",
            what_happened="Threatened a complaint to the board.",
            conduct=("complaint_threatened",),
        )
        incident = record_incident(self.alice, record, client=self.alice_client, now=NOW)
        amended = IncidentRecord(**{**record.__dict__, "what_happened": "Later account."})
        amend_incident(incident, amended, now=NOW + timedelta(hours=1))
        self.client.force_login(self.alice)
        r = self.client.get(reverse("incident_pdf", args=[incident.pk]))
        assert r.status_code == 200
        assert r["Content-Type"] == "application/pdf"
        text = " ".join(_text(r.content).split())
        assert "Threatened a complaint to the board." in text
        assert "Amendment 1" in text
        assert "Later account." in text
        assert "written late: 5 days" in text
        checkpoint = latest_checkpoint(self.alice, covering=2)
        assert checkpoint is not None
        assert checkpoint.size == 2
        assert checkpoint.root.hex() in text.replace(" ", "")
        stream = Stream.objects.get(owner=self.alice)
        assert checkpoint.is_signed_by(integrity.signature_check(trusted_public_key(stream)))

    def test_it_is_nobody_elses(self) -> None:
        record = IncidentRecord(happened_at=NOW, direction="client", what_happened="x")
        incident = record_incident(self.alice, record, client=None, now=NOW)
        self.client.force_login(self.bob)
        assert self.client.get(reverse("incident_pdf", args=[incident.pk])).status_code == 404
