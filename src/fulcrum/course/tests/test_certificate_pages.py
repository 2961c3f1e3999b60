"""The learner reaches the certificate from /course/, types a name, downloads the PDF;
anyone checks it by its code, and an unknown code gets one calm page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils.html import escape

from fulcrum.accounts.models import Role, User
from fulcrum.core.course.content import load_course
from fulcrum.course.models import Certificate
from fulcrum.course.services import issue_certificate, revoke_certificate
from fulcrum.course.tests.test_certificate_pdf import pdf_text
from fulcrum.course.tests.test_certificates import pass_every_quiz
from fulcrum.testing import NOW, complete_course, make_user

pytestmark = pytest.mark.django_db


def _learner(name: str = "dana") -> tuple[User, Client]:
    user = make_user(name, Role.PRACTITIONER)
    browser = Client()
    browser.force_login(user)
    return user, browser


def test_the_course_page_links_to_the_certificate_once_earned() -> None:
    user, browser = _learner()
    page = browser.get(reverse("course_index")).content.decode()
    assert reverse("course_certificate") in page
    course = load_course()
    complete_course(user)
    certificate, _ = issue_certificate(user, course, "Dana", now=NOW)
    page = browser.get(reverse("course_index")).content.decode()
    assert reverse("course_certificate_detail", args=[certificate.pk]) in page


def test_before_every_quiz_is_passed_the_page_says_what_is_left() -> None:
    user, browser = _learner()
    course = load_course()
    pass_every_quiz(user, course, skip=course.modules[0].id)
    response = browser.get(reverse("course_certificate"))
    assert response.status_code == 200
    page = response.content.decode()
    assert escape(course.modules[0].title) in page
    assert 'name="learner_name"' not in page
    response = browser.post(reverse("course_certificate"), {"learner_name": "Dana"})
    assert response.status_code == 400
    assert not Certificate.objects.exists()


def test_a_learner_types_a_name_and_gets_the_certificate_and_its_pdf() -> None:
    user, browser = _learner()
    complete_course(user)
    page = browser.get(reverse("course_certificate")).content.decode()
    assert 'name="learner_name"' in page
    # An empty name is refused and the form comes back.
    response = browser.post(reverse("course_certificate"), {"learner_name": "  "})
    assert response.status_code == 400
    assert "Type your name" in response.content.decode()
    response = browser.post(reverse("course_certificate"), {"learner_name": "Dana <b>Reyes</b>"})
    certificate = Certificate.objects.get(learner=user)
    detail = reverse("course_certificate_detail", args=[certificate.pk])
    assert response.status_code == 302
    assert response["Location"] == detail
    page = browser.get(detail).content.decode()
    assert escape("Dana <b>Reyes</b>") in page
    assert "<b>Reyes</b>" not in page
    assert certificate.code in page
    assert "<svg" in page
    verify = reverse("course_verify", args=[certificate.code])
    assert verify in page
    pdf = browser.get(reverse("course_certificate_pdf", args=[certificate.pk]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(pdf.content).split())
    assert certificate.code in text
    assert "CE hours" in text
    # Asking again shows the certificate held, not a second form.
    page = browser.get(reverse("course_certificate")).content.decode()
    assert detail in page
    assert 'name="learner_name"' not in page


@override_settings(FULCRUM_PUBLIC_URL="https://fulcrum.example")
def test_the_qr_and_pdf_use_the_public_address() -> None:
    user, browser = _learner()
    course = load_course()
    complete_course(user)
    certificate, code = issue_certificate(user, course, "Dana", now=NOW)
    pdf = browser.get(reverse("course_certificate_pdf", args=[certificate.pk]))
    text = " ".join(pdf_text(pdf.content).split())
    assert f"https://fulcrum.example/course/verify/{code}/" in text
    page = browser.get(reverse("course_certificate_detail", args=[certificate.pk]))
    assert f"https://fulcrum.example/course/verify/{code}/" in page.content.decode()
    assert "only opens on this computer" not in page.content.decode()


def test_a_local_address_is_named_as_one_no_one_else_can_open() -> None:
    user, browser = _learner()
    course = load_course()
    complete_course(user)
    certificate, _ = issue_certificate(user, course, "Dana", now=NOW)
    page = browser.get(
        reverse("course_certificate_detail", args=[certificate.pk]), HTTP_HOST="127.0.0.1"
    )
    assert "only opens on this computer" in page.content.decode()


def test_another_learner_gets_404_for_someone_elses_certificate() -> None:
    user, _ = _learner()
    course = load_course()
    complete_course(user)
    certificate, _ = issue_certificate(user, course, "Dana", now=NOW)
    _, other = _learner("eli")
    for name in ("course_certificate_detail", "course_certificate_pdf"):
        assert other.get(reverse(name, args=[certificate.pk])).status_code == 404


def test_the_public_page_verifies_a_valid_certificate_with_only_what_verifies_it() -> None:
    user, _ = _learner()
    course = load_course()
    complete_course(user)
    certificate, code = issue_certificate(user, course, "Dana <i>Reyes</i>", now=NOW)
    response = Client().get(reverse("course_verify", args=[code]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store, private"
    assert response["Referrer-Policy"] == "no-referrer"
    page = response.content.decode()
    assert "This certificate is valid" in page
    assert escape("Dana <i>Reyes</i>") in page
    assert "<i>Reyes</i>" not in page
    assert escape(course.title) in page
    assert f"{certificate.hours} CE hours" in page
    assert user.username not in page
    assert certificate.content_digest not in page
    # The code is found however it is typed.
    lowered = Client().get(reverse("course_verify", args=[code.lower()]))
    assert lowered.status_code == 200


def test_a_revoked_certificate_shows_the_date_not_a_404() -> None:
    user, _ = _learner()
    course = load_course()
    complete_course(user)
    certificate, code = issue_certificate(user, course, "Dana", now=NOW)
    revoke_certificate(certificate, "Issued in error.", now=NOW + timedelta(days=2))
    response = Client().get(reverse("course_verify", args=[code]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "revoked on 3 November 2026" in page
    assert "Issued in error." not in page


def test_an_unknown_code_gets_a_calm_page_and_guesses_are_limited() -> None:
    user, _ = _learner()
    course = load_course()
    complete_course(user)
    _, code = issue_certificate(user, course, "Dana", now=NOW)
    visitor = Client()
    response = visitor.get(reverse("course_verify", args=["00000-00000-00000-00000"]))
    assert response.status_code == 404
    page = response.content.decode()
    assert "No certificate has this code" in page
    assert f'href="{reverse("course_verify_ask")}"' in page  # a way to type it again
    assert "Dana" not in page
    assert response["Cache-Control"] == "no-store, private"
    statuses = [
        visitor.get(reverse("course_verify", args=[f"guess-{n}"])).status_code for n in range(20)
    ]
    assert statuses[-1] == 429
    # While limited, even a right code gets the calm page.
    limited = visitor.get(reverse("course_verify", args=[code]))
    assert limited.status_code == 429
    assert "Dana" not in limited.content.decode()


def test_anyone_may_type_a_code_to_check_it_without_an_account() -> None:
    user, _ = _learner()
    complete_course(user)
    _, code = issue_certificate(user, load_course(), "Dana", now=NOW)
    visitor = Client()
    ask = visitor.get("/course/verify/")
    assert ask.status_code == 200
    assert not ask.cookies
    assert ask["Referrer-Policy"] == "no-referrer"
    page = ask.content.decode()
    assert "Check a certificate" in page
    assert 'method="get"' in page
    assert "csrfmiddlewaretoken" not in page
    # Typed loosely (lower case, spaces for dashes), it goes to the check for that code.
    typed = code.lower().replace("-", " ")
    sent = visitor.get(reverse("course_verify_ask"), {"code": f"  {typed} "})
    assert sent.status_code == 302
    assert sent["Location"] == reverse("course_verify", args=[code])
    assert "This certificate is valid" in visitor.get(sent["Location"]).content.decode()
    assert not sent.cookies


def test_an_empty_code_is_asked_for_again() -> None:
    response = Client().get(reverse("course_verify_ask"), {"code": "  "})
    assert response.status_code == 400
    assert "Please type the code printed on the certificate." in response.content.decode()
