"""Optional practice activities open the learner's own pages; a note on one stays private
unless the learner shares it, and only then does a cohort's educator read it,
de-identified."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

from fulcrum.core.course.content import load_course
from fulcrum.core.course.practice import ACTIVITIES
from fulcrum.course.cohorts import answer_invitation, create_cohort, enrol, shared_notes
from fulcrum.course.models import ActivityNote
from fulcrum.course.services import save_activity_note
from fulcrum.course.tests.test_cohorts import educator
from fulcrum.testing import NOW, make_client, make_user

pytestmark = pytest.mark.django_db

SECRET = "Quorvantine"


def test_every_activity_belongs_to_a_module_and_opens_a_page_of_ones_own() -> None:
    course = load_course()
    ids = {m.id for m in course.modules}
    for activity in ACTIVITIES:
        assert activity.module_id in ids, activity.id
        try:
            reverse(activity.page)
        except NoReverseMatch:
            pytest.fail(f"{activity.id} opens {activity.page!r}, which is not a page")
    assert len({a.id for a in ACTIVITIES}) == len(ACTIVITIES)


def test_the_module_links_its_activities_and_the_activity_opens_the_drift_chart() -> None:
    dana = make_user("dana")
    browser = Client()
    browser.force_login(dana)
    module = browser.get(reverse("course_module", args=["tracking"])).content.decode()
    page = reverse("course_activity", args=["tracking", "tracking-drift"])
    assert page in module
    activity = browser.get(page).content.decode()
    assert reverse("caseload_drift") in activity
    assert 'name="share"' in activity
    assert 'name="share" checked' not in activity
    missing = browser.get(reverse("course_activity", args=["tracking", "harbour-coverage"]))
    assert missing.status_code == 404


def test_a_note_is_private_until_shared_and_then_de_identified() -> None:
    erin, teacher = educator()
    course = load_course()
    dana = make_user("dana")
    make_client(dana, "C-777", alias=f"{SECRET} Okafor")
    cohort = create_cohort(erin, course, "Spring", now=NOW)
    answer_invitation(enrol(cohort, "dana", now=NOW), dana, accept=True, now=NOW)
    learner = Client()
    learner.force_login(dana)
    page = reverse("course_activity", args=["tracking", "tracking-drift"])
    typed = f"After the session with {SECRET} Okafor I slowed down."
    assert learner.post(page, {"note": typed}).status_code == 302
    assert ActivityNote.objects.get(learner=dana).shared is False
    cohort_page = reverse("teach_cohort", args=[cohort.pk])
    assert SECRET not in teacher.get(cohort_page).content.decode()
    assert "I slowed down" not in teacher.get(cohort_page).content.decode()
    assert shared_notes(cohort, course) == []
    # Shared, the educator reads it with the client's name taken out.
    assert learner.post(page, {"note": typed, "share": "on"}).status_code == 302
    body = teacher.get(cohort_page).content.decode()
    assert "I slowed down" in body
    assert SECRET not in body
    assert "Okafor" not in body
    # Unticked again, it is private again.
    learner.post(page, {"note": typed})
    assert "I slowed down" not in teacher.get(cohort_page).content.decode()


def test_an_educator_whose_cohort_the_learner_did_not_join_sees_nothing() -> None:
    erin, teacher = educator()
    course = load_course()
    dana = make_user("dana")
    cohort = create_cohort(erin, course, "Spring", now=NOW)
    enrol(cohort, "dana", now=NOW)  # invited, never accepted
    save_activity_note(
        dana, course, "tracking", "tracking-drift", "Slowed down.", share=True, now=NOW
    )
    assert shared_notes(cohort, course) == []
    assert (
        "Slowed down."
        not in teacher.get(reverse("teach_cohort", args=[cohort.pk])).content.decode()
    )


def test_a_bad_note_keeps_what_was_typed_and_an_empty_one_removes_it() -> None:
    dana = make_user("dana")
    browser = Client()
    browser.force_login(dana)
    page = reverse("course_activity", args=["tracking", "tracking-drift"])
    response = browser.post(page, {"note": "x" * 4001 + "<i>", "share": "on"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "4,000 characters" in body
    assert "&lt;i&gt;" in body
    assert 'name="share" checked' in body
    browser.post(page, {"note": "Mine.", "share": "on"})
    browser.post(page, {"note": "  "})
    assert not ActivityNote.objects.filter(learner=dana).exists()
