"""The site serves the newest published course version, else the bundled course: a past
attempt keeps its score when an item is reworded, the pages show the new wording and the
version's date, and a certificate carries the digest of the version it was earned under."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from fulcrum.accounts.models import Role
from fulcrum.core.course.content import Course, load_course
from fulcrum.course.models import Attempt
from fulcrum.course.services import (
    course_digest,
    current_course,
    issue_certificate,
    publish_course,
    submit_attempt,
)
from fulcrum.testing import NOW, complete_course, make_user

pytestmark = pytest.mark.django_db

NEW_WORDING = "Which of these does this course count as power?"


def _reworded(course: Course, module_id: str) -> Course:
    """``course`` with the first item of ``module_id`` reworded and its answer changed."""
    module = course.module(module_id)
    first = module.items[0]
    wrong = next(c.key for c in first.choices if c.key not in first.correct)
    edited = dataclasses.replace(first, prompt=NEW_WORDING, correct=frozenset({wrong}))
    new_module = dataclasses.replace(module, items=(edited, *module.items[1:]))
    modules = tuple(new_module if m.id == module_id else m for m in course.modules)
    return dataclasses.replace(course, modules=modules)


def test_the_bundled_course_is_served_until_a_version_is_published() -> None:
    assert current_course() == load_course()
    browser = Client()
    browser.force_login(make_user("dana", Role.PRACTITIONER))
    page = browser.get(reverse("course_index")).content.decode()
    assert f"Version {load_course().version}, as Fulcrum ships it." in page


def test_an_old_attempt_keeps_its_score_and_the_pages_show_the_new_wording() -> None:
    learner = make_user("dana", Role.PRACTITIONER)
    bundled = load_course()
    module = bundled.modules[0]
    old_prompt = module.items[0].prompt
    answers = {item.item_id: item.correct for item in module.items}
    attempt, result = submit_attempt(learner, bundled, module.id, answers, now=NOW)
    assert result.correct == result.total

    educator = make_user("eddie", Role.EDUCATOR)
    published = publish_course(_reworded(bundled, module.id), educator, now=NOW + timedelta(days=3))

    kept = Attempt.objects.get(pk=attempt.pk)
    assert (kept.correct, kept.total, kept.passed) == (result.total, result.total, True)
    old_version = kept.items.get(item_id=module.items[0].item_id)
    assert old_version.body["prompt"] == old_prompt
    assert old_version.body["correct"] == sorted(module.items[0].correct)

    browser = Client()
    browser.force_login(make_user("robin", Role.PRACTITIONER))
    quiz = browser.get(reverse("course_quiz", args=[module.id])).content.decode()
    assert escape(NEW_WORDING) in quiz
    assert escape(old_prompt) not in quiz
    index = browser.get(reverse("course_index")).content.decode()
    assert (
        f"Version {published.number}, published "
        f"{published.published_at.day} {published.published_at:%B %Y}." in index
    )


def test_a_certificate_carries_the_digest_of_the_version_it_was_earned_under() -> None:
    educator = make_user("eddie", Role.EDUCATOR)
    bundled = load_course()
    published = publish_course(
        _reworded(bundled, bundled.modules[0].id), educator, now=NOW - timedelta(days=30)
    )
    learner = make_user("dana", Role.PRACTITIONER)
    complete_course(learner)
    certificate, _ = issue_certificate(learner, current_course(), "Dana", now=NOW)
    assert certificate.course_version == published.number
    assert certificate.content_digest == published.digest
    assert certificate.content_digest != course_digest(bundled)
