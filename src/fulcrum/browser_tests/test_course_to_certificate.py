"""The course in a real browser: a practitioner reads a module, fails its quiz and then
passes it, gives the end-of-course evaluation, downloads the certificate, and the public
page the certificate names says it is valid."""

from __future__ import annotations

import re
import urllib.request
from typing import TYPE_CHECKING

import pytest

from fulcrum.browser_tests.signin import sign_in
from fulcrum.core.course.content import Module, load_course
from fulcrum.core.course.evaluation import STATEMENTS
from fulcrum.course.models import Attempt, Certificate
from fulcrum.course.services import submit_attempt
from fulcrum.course.tests.test_certificate_pdf import pdf_text
from fulcrum.testing import NOW, make_user, spend_course_time

if TYPE_CHECKING:
    from playwright.sync_api import Page
    from pytest_django.live_server_helper import LiveServer

pytestmark = pytest.mark.browser


def answer(page: Page, module: Module, *, right: bool) -> None:
    """Tick every item's choices: exactly the correct ones, or one that is not."""
    for item in module.items:
        wrong = next(c.key for c in item.choices if c.key not in item.correct)
        for choice in item.choices:
            wanted = choice.key in item.correct if right else choice.key == wrong
            box = page.locator(f'input[name="{item.item_id}"][value="{choice.key}"]')
            if box.get_attribute("type") == "radio":
                if wanted:
                    box.check()
            else:
                box.set_checked(wanted)
    page.get_by_role("button", name="Submit answers").click()


def test_a_practitioner_fails_then_passes_evaluates_and_gets_a_verified_certificate(
    page: Page, live_server: LiveServer, transactional_db: None
) -> None:
    base = live_server.url
    course = load_course()
    dana = make_user("dana")
    module, *others = course.modules
    # Every other module's quiz passed already, and the time the certificate asks for.
    for other in others:
        submit_attempt(dana, course, other.id, {i.item_id: i.correct for i in other.items}, now=NOW)
    spend_course_time(dana, until=NOW)
    sign_in(page, base, "dana")

    page.goto(f"{base}/course/")
    page.get_by_role("link", name=module.title).click()
    page.get_by_role("heading", name=f"{module.number}. {module.title}").wait_for()
    page.get_by_role("link", name="Take the quiz").click()
    answer(page, module, right=False)
    page.get_by_role("heading", name="Not passed yet").wait_for()
    assert "1 attempt left" in page.content()
    answer(page, module, right=True)
    page.get_by_role("heading", name="Passed").wait_for()
    assert Attempt.objects.filter(learner=dana, module_id=module.id).count() == 2

    page.goto(f"{base}/course/certificate/")
    page.get_by_role("link", name="evaluate the course").click()
    for statement in STATEMENTS:
        page.get_by_role("group", name=statement.text).get_by_label("Agree", exact=True).check()
    page.fill("#q-change", "More cases from bodywork, please.")
    page.get_by_role("button", name="Send the evaluation").click()
    page.wait_for_url(f"{base}/course/certificate/")

    page.fill("#learner_name", "Dana Reyes")
    page.get_by_role("button", name="Issue my certificate").click()
    page.get_by_role("heading", name="Certificate of completion").wait_for()
    with page.expect_download() as downloading:
        page.get_by_role("link", name="Download the certificate (PDF)").click()
    path = downloading.value.path()
    assert path is not None
    text = " ".join(pdf_text(path.read_bytes()).split())
    certificate = Certificate.objects.get(learner=dana)
    assert "Dana Reyes" in text
    assert f"{certificate.hours} CE hours" in text
    found = re.search(r"(https?://\S+/course/verify/[0-9A-Z-]+/)", text)
    assert found is not None, "the PDF names no verification address"
    address = found.group(1)
    assert certificate.code in address

    # Anyone, without an account or a cookie, checks it at the address printed.
    with urllib.request.urlopen(address) as answered:  # noqa: S310 (the live server)
        assert answered.status == 200
        public = answered.read().decode()
    assert "This certificate is valid" in public
    assert "Dana Reyes" in public
