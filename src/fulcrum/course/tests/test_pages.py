"""A practitioner reads the course's modules; an unknown module is a 404."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from fulcrum.accounts.models import Role
from fulcrum.core.course.content import load_course
from fulcrum.course.models import Attempt
from fulcrum.testing import make_user

pytestmark = pytest.mark.django_db


def _signed_in() -> Client:
    browser = Client()
    browser.force_login(make_user("dana", Role.PRACTITIONER))
    return browser


def test_the_course_page_lists_every_module_and_its_hours() -> None:
    response = _signed_in().get(reverse("course_index"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Critiques of the power-imbalance view" in page
    assert "12,000" in page


def test_a_module_page_shows_objectives_lessons_vignette_reflection_and_reading() -> None:
    response = _signed_in().get(reverse("course_module", args=["critiques"]))
    assert response.status_code == 200
    page = response.content.decode()
    module = load_course().module("critiques")
    for text in ("What you will be able to do", module.lessons[0].title, "The graduation"):
        assert text in page
    assert "Reflection" in page
    assert "Dual Relationships and Psychotherapy" in page


def test_an_unknown_module_is_not_found() -> None:
    assert _signed_in().get(reverse("course_module", args=["nope"])).status_code == 404


def test_a_learner_fails_then_passes_a_quiz_with_feedback() -> None:
    course = load_course()
    module = course.module("tracking")
    browser = _signed_in()
    url = reverse("course_quiz", args=["tracking"])
    assert browser.get(url).status_code == 200
    wrong = {
        i.item_id: [next(c.key for c in i.choices if c.key not in i.correct)] for i in module.items
    }
    page = browser.post(url, wrong).content.decode()
    assert "Not passed yet" in page
    assert "1 attempt left" in page
    assert "Not quite." in page
    first = module.items[0]
    assert escape(first.feedback_for(wrong[first.item_id][0])) in page
    right = {i.item_id: sorted(i.correct) for i in module.items}
    page = browser.post(url, right).content.decode()
    assert "Passed" in page
    assert "(100%)" in page
    assert "Passed — no further attempts needed." in page
    assert "attempts left" not in page
    assert Attempt.objects.filter(passed=True).count() == 1


def test_a_quiz_with_a_blank_question_is_asked_again_and_uses_no_attempt() -> None:
    module = load_course().module("tracking")
    browser = _signed_in()
    url = reverse("course_quiz", args=["tracking"])
    shown = browser.get(url).context["items"]
    right = {i.item_id: sorted(i.correct) for i in module.items}
    del right[shown[1].item_id], right[shown[3].item_id]
    response = browser.post(url, right)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Questions 2 and 4 have no answer yet." in page
    assert "no attempt was used" in page
    assert "2 attempts left" in page
    assert "Passed" not in page
    assert not Attempt.objects.exists()
    for item_id, keys in right.items():
        assert response.context["answers"][item_id] == keys
        for key in keys:
            assert f'name="{item_id}" value="{key}" checked' in page
    assert [i.item_id for i in response.context["items"]] == [i.item_id for i in shown]


def test_a_score_keeps_its_tenth_only_when_it_has_one() -> None:
    module = load_course().module("what-power-is")
    browser = _signed_in()
    answers = {i.item_id: sorted(i.correct) for i in module.items}
    first = module.items[0]
    answers[first.item_id] = [next(c.key for c in first.choices if c.key not in first.correct)]
    page = browser.post(reverse("course_quiz", args=[module.id]), answers).content.decode()
    assert "7 of 8 right (87.5%)" in page


def test_the_course_page_shows_which_modules_are_passed() -> None:
    module = load_course().module("tracking")
    browser = _signed_in()
    right = {i.item_id: sorted(i.correct) for i in module.items}
    browser.post(reverse("course_quiz", args=["tracking"]), right)
    page = browser.get(reverse("course_index")).content.decode()
    assert page.count('<span class="badge">Passed</span>') == 1
    row = next(line for line in page.splitlines() if module.title in line)
    assert '<span class="badge">Passed</span>' in row
