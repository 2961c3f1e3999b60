"""A certificate is issued by one service once every module's quiz is passed, keeps the
course as it was, and is kept six years."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from decimal import Decimal

import pytest

from fulcrum.accounts.models import Role
from fulcrum.core.course.content import Course, load_course
from fulcrum.core.course.standing import State
from fulcrum.core.errors import InvalidInput
from fulcrum.course.models import Certificate
from fulcrum.course.services import (
    certificate_standing,
    course_digest,
    delete_certificate,
    find_certificate,
    hash_code,
    issue_certificate,
    revoke_certificate,
    submit_attempt,
)
from fulcrum.testing import NOW, complete_course, make_user

pytestmark = pytest.mark.django_db


def pass_every_quiz(learner: object, course: Course, *, skip: str = "") -> None:
    for module in course.modules:
        if module.id == skip:
            continue
        answers = {item.item_id: item.correct for item in module.items}
        submit_attempt(learner, course, module.id, answers, now=NOW)  # type: ignore[arg-type]


def test_it_refuses_until_every_quiz_is_passed_and_names_what_is_left() -> None:
    course = load_course()
    learner = make_user("dana", Role.PRACTITIONER)
    last = course.modules[-1]
    pass_every_quiz(learner, course, skip=last.id)
    with pytest.raises(InvalidInput, match="not passed yet") as refused:
        issue_certificate(learner, course, "Dana Reyes", now=NOW)
    assert last.title in str(refused.value)
    assert not Certificate.objects.exists()


def test_it_issues_with_the_course_as_it_was_and_the_name_typed() -> None:
    course = load_course()
    learner = make_user("dana", Role.PRACTITIONER)
    complete_course(learner)
    certificate, code = issue_certificate(learner, course, "  Dana   Reyes ", now=NOW)
    certificate.refresh_from_db()
    assert certificate.learner_name == "Dana Reyes"
    assert certificate.course_id == course.id
    assert certificate.course_version == course.version
    assert certificate.content_digest == course_digest(course)
    assert certificate.hours == course.hours.hours
    assert certificate.facts["arithmetic"] == course.hours.arithmetic
    assert certificate.facts["provider"] == course.provider
    assert certificate.completed_on == NOW.date()
    assert certificate.code == code
    assert certificate.code_hash == hash_code(code)
    assert code not in certificate.code_hash
    # At least 64 bits: 20 characters of a 32-letter alphabet.
    assert len(code.replace("-", "")) == 20


def test_the_digest_follows_the_content() -> None:
    course = load_course()
    assert course_digest(course) == course_digest(load_course())
    edited = dataclasses.replace(course, title=course.title + " (revised)")
    assert course_digest(edited) != course_digest(course)


def test_a_name_is_needed_and_a_second_certificate_is_refused() -> None:
    course = load_course()
    learner = make_user("dana", Role.PRACTITIONER)
    complete_course(learner)
    with pytest.raises(InvalidInput, match="Type your name"):
        issue_certificate(learner, course, "   ", now=NOW)
    issue_certificate(learner, course, "Dana", now=NOW)
    with pytest.raises(InvalidInput, match="already hold"):
        issue_certificate(learner, course, "Dana", now=NOW)


def test_a_code_is_found_however_it_is_typed() -> None:
    course = load_course()
    learner = make_user("dana", Role.PRACTITIONER)
    complete_course(learner)
    certificate, code = issue_certificate(learner, course, "Dana", now=NOW)
    assert find_certificate(code) == certificate
    assert find_certificate(code.lower().replace("-", " ")) == certificate
    assert find_certificate("00000-00000-00000-00000") is None
    assert find_certificate("x" * 500) is None


def test_revocation_keeps_the_certificate_with_its_date_and_reason() -> None:
    course = load_course()
    learner = make_user("dana", Role.PRACTITIONER)
    complete_course(learner)
    certificate, code = issue_certificate(learner, course, "Dana", now=NOW)
    with pytest.raises(InvalidInput, match="why"):
        revoke_certificate(certificate, " ", now=NOW)
    later = NOW + timedelta(days=3)
    revoke_certificate(certificate, "Issued in error.", now=later)
    found = find_certificate(code)
    assert found is not None
    event = found.events.get()
    assert (event.kind, event.effective_at, event.reason) == ("revoked", later, "Issued in error.")
    standing = certificate_standing(found, now=later)
    assert (standing.state, standing.since) == (State.REVOKED, later)
    with pytest.raises(InvalidInput, match="already revoked"):
        revoke_certificate(found, "again", now=later)
    # Once revoked, the learner may be issued a new one.
    issue_certificate(learner, course, "Dana", now=later)
    assert Certificate.objects.filter(learner=learner).count() == 2


def test_it_is_kept_six_years() -> None:
    course = load_course()
    learner = make_user("dana", Role.PRACTITIONER)
    complete_course(learner)
    certificate, _ = issue_certificate(learner, course, "Dana", now=NOW)
    with pytest.raises(InvalidInput, match="kept for 6 years"):
        delete_certificate(certificate, now=NOW + timedelta(days=6 * 365))
    assert Certificate.objects.filter(pk=certificate.pk).exists()
    delete_certificate(certificate, now=NOW.replace(year=NOW.year + 6))
    assert not Certificate.objects.filter(pk=certificate.pk).exists()


def test_hours_are_stored_exactly() -> None:
    course = load_course()
    learner = make_user("dana", Role.PRACTITIONER)
    complete_course(learner)
    certificate, _ = issue_certificate(learner, course, "Dana", now=NOW)
    certificate.refresh_from_db()
    assert isinstance(certificate.hours, Decimal)
    assert str(certificate.hours) == str(course.hours.hours)
