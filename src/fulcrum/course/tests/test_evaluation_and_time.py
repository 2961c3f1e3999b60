"""The end-of-course evaluation and the time on task a certificate asks for: both are
kept by services, counted by the server, and shown to the learner with what remains."""

from __future__ import annotations

import math
from datetime import timedelta

import pytest
import time_machine
from django.test import Client, override_settings
from django.urls import reverse

from fulcrum.accounts.models import Role, User
from fulcrum.core.course.content import load_course
from fulcrum.core.course.evaluation import STATEMENTS
from fulcrum.core.errors import InvalidInput
from fulcrum.course.models import Certificate, Evaluation, ModuleTime
from fulcrum.course.services import (
    issue_certificate,
    record_visit,
    submit_attempt,
    submit_evaluation,
    time_on_task,
    time_spent,
)
from fulcrum.course.tests.test_certificates import pass_every_quiz
from fulcrum.testing import NOW, complete_course, make_user, spend_course_time

pytestmark = pytest.mark.django_db

RATINGS = {s.id: "5" for s in STATEMENTS}


def _learner(name: str = "dana") -> tuple[User, Client]:
    user = make_user(name, Role.PRACTITIONER)
    browser = Client()
    browser.force_login(user)
    return user, browser


# --- time on task ------------------------------------------------------------------------


def test_the_gap_between_visits_is_credited_to_the_module_being_read() -> None:
    course = load_course()
    learner = make_user("dana")
    first, second = course.modules[0].id, course.modules[1].id
    record_visit(learner, course, first, now=NOW)
    record_visit(learner, course, first, now=NOW + timedelta(minutes=10))
    record_visit(learner, course, second, now=NOW + timedelta(minutes=25))
    # A night away counts as one sitting at most.
    record_visit(learner, course, first, now=NOW + timedelta(hours=14))
    spent = time_spent(learner, course)
    assert spent[first] == 25 * 60
    assert spent[second] == 30 * 60
    assert sum(spent.values()) == 55 * 60


def test_time_is_counted_per_learner() -> None:
    course = load_course()
    dana, eli = make_user("dana"), make_user("eli")
    record_visit(dana, course, course.modules[0].id, now=NOW)
    record_visit(eli, course, course.modules[0].id, now=NOW + timedelta(minutes=5))
    record_visit(dana, course, course.modules[0].id, now=NOW + timedelta(minutes=20))
    assert sum(time_spent(dana, course).values()) == 20 * 60
    assert sum(time_spent(eli, course).values()) == 0


def test_opening_a_module_and_its_quiz_counts_time_on_the_server() -> None:
    user, browser = _learner()
    course = load_course()
    module = course.modules[0]
    with time_machine.travel(NOW, tick=False) as clock:
        assert browser.get(reverse("course_module", args=[module.id])).status_code == 200
        clock.shift(timedelta(minutes=7))
        assert browser.get(reverse("course_quiz", args=[module.id])).status_code == 200
        clock.shift(timedelta(minutes=3))
        browser.post(reverse("course_quiz", args=[module.id]), {})
    assert time_spent(user, course)[module.id] == 10 * 60
    row = ModuleTime.objects.get(learner=user, module_id=module.id)
    assert row.first_seen_at == NOW
    assert row.last_seen_at == NOW + timedelta(minutes=10)


def test_a_certificate_waits_for_the_time_and_says_what_remains() -> None:
    learner = make_user("dana")
    course = load_course()
    complete_course(learner, evaluate=False)
    submit_evaluation(learner, course, RATINGS, {}, now=NOW)
    ModuleTime.objects.filter(learner=learner).delete()
    standing = time_on_task(learner, course)
    assert standing.required_seconds > 0
    spend_course_time(learner, seconds=standing.required_seconds - 120)
    with pytest.raises(InvalidInput, match="2 minutes remain"):
        issue_certificate(learner, course, "Dana", now=NOW)
    spend_course_time(learner, until=NOW + timedelta(hours=1), seconds=120)
    assert time_on_task(learner, course).met
    issue_certificate(learner, course, "Dana", now=NOW + timedelta(hours=1))


@override_settings(FULCRUM_CE_TIME_FRACTION="1")
def test_the_share_of_the_hours_is_a_setting_read_when_asked() -> None:
    learner = make_user("dana")
    course = load_course()
    assert time_on_task(learner, course).required_seconds == int(course.hours.hours * 3600)
    with override_settings(FULCRUM_CE_TIME_FRACTION="0.25"):
        expected = math.ceil(course.hours.hours * 900)
        assert time_on_task(learner, course).required_seconds == expected
    with override_settings(FULCRUM_CE_TIME_FRACTION="lots"), pytest.raises(InvalidInput):
        time_on_task(learner, course)


def test_the_course_page_shows_the_time_counted_and_what_remains() -> None:
    user, browser = _learner()
    course = load_course()
    record_visit(user, course, course.modules[0].id, now=NOW - timedelta(minutes=12))
    record_visit(user, course, course.modules[1].id, now=NOW - timedelta(minutes=1))
    page = browser.get(reverse("course_index")).content.decode()
    required = time_on_task(user, course)
    assert "12 minutes so far" in page or "11 minutes so far" in page
    assert f"{-(-required.remaining_seconds // 60)} minutes remain" in page


# --- the evaluation ----------------------------------------------------------------------


def test_the_evaluation_opens_once_every_quiz_is_passed_and_is_kept_once() -> None:
    learner = make_user("dana")
    course = load_course()
    pass_every_quiz(learner, course, skip=course.modules[-1].id)
    with pytest.raises(InvalidInput, match="not passed yet"):
        submit_evaluation(learner, course, RATINGS, {}, now=NOW)
    module = course.modules[-1]
    submit_attempt(
        learner, course, module.id, {i.item_id: i.correct for i in module.items}, now=NOW
    )
    evaluation = submit_evaluation(learner, course, RATINGS, {"next": " Offer choices. "}, now=NOW)
    evaluation.refresh_from_db()
    assert evaluation.ratings == {s.id: 5 for s in STATEMENTS}
    assert evaluation.comments == {"change": "", "next": "Offer choices."}
    assert evaluation.course_version == course.version
    with pytest.raises(InvalidInput, match="already evaluated"):
        submit_evaluation(learner, course, RATINGS, {}, now=NOW)


def test_no_certificate_without_the_evaluation() -> None:
    learner = make_user("dana")
    course = load_course()
    complete_course(learner, evaluate=False)
    with pytest.raises(InvalidInput, match="course evaluation"):
        issue_certificate(learner, course, "Dana", now=NOW)
    assert not Certificate.objects.exists()
    submit_evaluation(learner, course, RATINGS, {}, now=NOW)
    issue_certificate(learner, course, "Dana", now=NOW)


def test_the_evaluation_page_keeps_what_was_typed_and_leads_to_the_certificate() -> None:
    user, browser = _learner()
    complete_course(user, evaluate=False)
    page = browser.get(reverse("course_certificate")).content.decode()
    assert reverse("course_evaluation") in page
    assert 'name="learner_name"' not in page
    typed = {**RATINGS, "clarity": "", "change": "Shorter lessons <b>please</b>"}
    response = browser.post(reverse("course_evaluation"), typed)
    assert response.status_code == 400
    body = response.content.decode()
    assert "clear and in a sensible order" in body
    assert "Shorter lessons &lt;b&gt;please&lt;/b&gt;" in body
    assert 'value="5" required checked' in body
    assert not Evaluation.objects.exists()
    response = browser.post(reverse("course_evaluation"), {**typed, "clarity": "2"})
    assert response.status_code == 302
    assert response["Location"] == reverse("course_certificate")
    evaluation = Evaluation.objects.get(learner=user)
    assert evaluation.ratings["clarity"] == 2
    assert evaluation.comments["change"] == "Shorter lessons <b>please</b>"
    assert 'name="learner_name"' in browser.get(reverse("course_certificate")).content.decode()
    assert "You evaluated the course" in browser.get(reverse("course_evaluation")).content.decode()
