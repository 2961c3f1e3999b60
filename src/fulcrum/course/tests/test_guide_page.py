"""The facilitator's guide page: any signed-in account reads it, from the module page's
link; it shows the plan with its timings, both role-plays and the debrief."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from fulcrum.accounts.models import Role
from fulcrum.core.course.content import load_course
from fulcrum.testing import make_user

pytestmark = pytest.mark.django_db


def _signed_in(role: Role = Role.PRACTITIONER) -> Client:
    browser = Client()
    browser.force_login(make_user("dana", role))
    return browser


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.EDUCATOR])
def test_it_shows_the_whole_guide_to_a_learner_and_an_educator(role: Role) -> None:
    module = load_course().module("self-disclosure")
    guide = module.guide
    assert guide is not None
    page = _signed_in(role).get(reverse("course_guide", args=[module.id])).content.decode()
    assert f"A session of {guide.session_minutes} minutes" in page
    for part in guide.parts:
        assert escape(part.activity) in page
        assert f"<td>{part.minutes}</td>" in page
    for play in guide.role_plays:
        assert escape(play.title) in page
        assert escape(play.brief) in page
    assert "Role-play in a bodywork setting" in page
    assert "Role-play in a talk-therapy setting" in page
    for text in (*guide.discussion, *guide.debrief, *guide.objectives):
        assert escape(text) in page


def test_it_is_linked_from_the_module_page() -> None:
    page = _signed_in().get(reverse("course_module", args=["tracking"])).content.decode()
    assert reverse("course_guide", args=["tracking"]) in page


def test_it_answers_404_for_an_unknown_module() -> None:
    assert _signed_in().get(reverse("course_guide", args=["nope"])).status_code == 404


def test_it_sends_an_anonymous_visitor_to_sign_in() -> None:
    response = Client().get(reverse("course_guide", args=["tracking"]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_the_module_page_shows_each_reading_with_its_stance_and_annotation() -> None:
    course = load_course()
    module = course.module("critiques")
    page = _signed_in().get(reverse("course_module", args=[module.id])).content.decode()
    for work in (r for r in course.readings if r.id in module.readings):
        assert escape(work.stance_label) in page
        assert escape(work.annotation) in page
