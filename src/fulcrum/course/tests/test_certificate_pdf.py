"""The certificate PDF carries every field a reader needs, read back from its text."""

from __future__ import annotations

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from django.test import override_settings

from fulcrum.accounts.models import Role
from fulcrum.core.course.content import load_course
from fulcrum.course.pdf import render_certificate_pdf
from fulcrum.course.services import certificate_standing, issue_certificate, revoke_certificate
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


NCBTMB = {
    "FULCRUM_CE_APPROVAL_NUMBER": "NCBTMB approved provider no. 451234-00",
    "FULCRUM_CE_INSTRUCTOR": "Robin Adair, LMT",
    "FULCRUM_CE_ACCREDITATION": [
        "Approved by the National Certification Board for Therapeutic Massage & Bodywork",
        "Approved by the Example Counselling Association, approval EC-77",
    ],
}


def image_count(data: bytes) -> int:
    document = pdfium.PdfDocument(data)
    try:
        return sum(
            1
            for page in document
            for obj in page.get_objects()
            if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE
        )
    finally:
        document.close()


@override_settings(**NCBTMB)
def test_every_ncbtmb_field_is_in_the_text_of_the_pdf() -> None:
    course = load_course()
    learner = make_user("dana", Role.PRACTITIONER)
    complete_course(learner)
    certificate, code = issue_certificate(learner, course, "Dana Reyes", now=NOW)
    url = f"https://fulcrum.example/course/verify/{code}/"
    data = render_certificate_pdf(certificate, url)
    text = " ".join(pdf_text(data).split())
    fields = {
        "learner": "Dana Reyes",
        "course title": course.title,
        "provider": course.provider,
        "approval number": "NCBTMB approved provider no. 451234-00",
        "hours as CE hours": f"{course.hours.hours} CE hours",
        "date of completion": f"Date of completion {NOW.day} {NOW:%B %Y}",
        "format": f"Format {course.format}",
        "instructor": "Instructor Robin Adair, LMT",
        "verification code": f"Verification code {code}",
        "verification address": url,
        "first accreditation line": "Therapeutic Massage & Bodywork",
        "second accreditation line": "approval EC-77",
    }
    found = [name for name, value in fields.items() if value in text]
    print(f"certificate fields in the PDF's text: {len(found)} of {len(fields)}")
    assert found == list(fields)
    # The code carries at least 64 bits: 20 letters of a 32-letter alphabet is 100.
    assert len(code.replace("-", "")) * 5 >= 64
    assert image_count(data) == 1  # the QR code of the verification address


def test_a_certificate_issued_without_an_approval_number_says_so() -> None:
    course = load_course()
    learner = make_user("dana", Role.PRACTITIONER)
    complete_course(learner)
    certificate, _ = issue_certificate(learner, course, "Dana", now=NOW)
    text = " ".join(pdf_text(render_certificate_pdf(certificate, "https://x/")).split())
    assert "Provider's approval number none recorded" in text
    assert f"Instructor {course.provider}" in text


def test_a_revoked_certificate_prints_the_revocation() -> None:
    course = load_course()
    learner = make_user("dana", Role.PRACTITIONER)
    complete_course(learner)
    certificate, _ = issue_certificate(learner, course, "Dana", now=NOW)
    revoke_certificate(certificate, "Issued in error.", now=NOW)
    standing = certificate_standing(certificate, now=NOW)
    text = " ".join(pdf_text(render_certificate_pdf(certificate, "https://x/", standing)).split())
    assert f"Revoked on {NOW.day} {NOW:%B %Y}." in text
    assert "Issued in error." not in text
