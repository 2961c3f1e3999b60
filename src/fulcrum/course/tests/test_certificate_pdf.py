"""The certificate PDF carries every field a reader needs, read back from its text."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest
from django.test import override_settings

from fulcrum.accounts.models import Role
from fulcrum.core.course.content import load_course
from fulcrum.course.pdf import render_certificate_pdf
from fulcrum.course.services import issue_certificate
from fulcrum.testing import NOW, complete_course, make_user

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    document = pdfium.PdfDocument(data)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def test_the_pdf_holds_every_required_field() -> None:
    course = load_course()
    learner = make_user("dana", Role.PRACTITIONER)
    complete_course(learner)
    certificate, code = issue_certificate(learner, course, "Dana Reyes-Øberg", now=NOW)
    url = f"https://fulcrum.example/course/verify/{code}/"
    data = render_certificate_pdf(certificate, url)
    assert data.startswith(b"%PDF")
    text = " ".join(pdf_text(data).split())
    required = [
        "Dana Reyes",
        course.title,
        course.provider,
        f"{course.hours.hours} CE hours",
        "How the hours were computed",
        course.hours.arithmetic,
        course.format,
        "Date of completion",
        f"{NOW.day} {NOW:%B %Y}",
        code,
        url,
    ]
    missing = [field for field in required if field not in text]
    assert missing == []


@override_settings(
    FULCRUM_CE_ACCREDITATION=[
        "Approved by the Example Board of Massage, provider no. 1234",
        "Approved by the Example Counselling Association, approval EC-77",
    ]
)
def test_configured_approval_lines_are_printed_as_issued() -> None:
    course = load_course()
    learner = make_user("dana", Role.PRACTITIONER)
    complete_course(learner)
    certificate, _ = issue_certificate(learner, course, "Dana", now=NOW)
    with override_settings(FULCRUM_CE_ACCREDITATION=[]):
        text = " ".join(pdf_text(render_certificate_pdf(certificate, "https://x/")).split())
    assert "provider no. 1234" in text
    assert "approval EC-77" in text


def test_without_approvals_configured_no_approval_heading_is_printed() -> None:
    course = load_course()
    learner = make_user("dana", Role.PRACTITIONER)
    complete_course(learner)
    certificate, _ = issue_certificate(learner, course, "Dana", now=NOW)
    assert certificate.facts["accreditation"] == []
    text = pdf_text(render_certificate_pdf(certificate, "https://x/"))
    assert "Approvals" not in text
