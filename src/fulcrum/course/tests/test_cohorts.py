"""An educator runs a cohort: enrols learners by username, each accepts on their own page,
and the educator sees their course progress and the item analysis, never their
workspace."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from django_otp.plugins.otp_totp.models import TOTPDevice

from fulcrum.accounts.models import Role, User
from fulcrum.core.course import analyse_items, score_attempt
from fulcrum.core.course.content import Module, load_course
from fulcrum.core.course.evaluation import STATEMENTS
from fulcrum.core.errors import InvalidInput
from fulcrum.course.cohorts import answer_invitation, create_cohort, enrol, item_analysis, progress
from fulcrum.course.models import Enrolment
from fulcrum.course.services import as_item_version, store_items, submit_attempt, submit_evaluation
from fulcrum.reflection.services import EntryData, write_entry
from fulcrum.testing import NOW, complete_course, make_client, make_user

pytestmark = pytest.mark.django_db

SECRET = "Quorvantine"


def educator(name: str = "erin") -> tuple[User, Client]:
    user = make_user(name, Role.EDUCATOR)
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    browser = Client()
    browser.force_login(user)
    return user, browser


def wrong(module: Module, wrong_items: set[str]) -> dict[str, list[str]]:
    """Answers to a module's quiz, right except for ``wrong_items``."""
    answers = {}
    for item in module.items:
        if item.item_id in wrong_items:
            other = next(c.key for c in item.choices if c.key not in item.correct)
            answers[item.item_id] = [other]
        else:
            answers[item.item_id] = sorted(item.correct)
    return answers


def test_an_educator_starts_a_cohort_and_enrols_without_learning_who_exists() -> None:
    erin, browser = educator()
    make_user("dana")
    response = browser.post(reverse("teach_cohorts"), {"name": "  "})
    assert response.status_code == 400
    response = browser.post(reverse("teach_cohorts"), {"name": "Spring <b>group</b>"})
    assert response.status_code == 302
    cohort = erin.cohorts_taught.get()
    page = reverse("teach_cohort", args=[cohort.pk])
    assert response["Location"] == page
    known = browser.post(page, {"username": "dana"})
    unknown = browser.post(page, {"username": "nobody-here"})
    assert known.status_code == unknown.status_code == 302
    body = browser.get(page).content.decode()
    assert "dana: invited" in body
    assert "nobody-here: invited" in body
    assert "Spring &lt;b&gt;group&lt;/b&gt;" in body
    again = browser.post(page, {"username": "dana"})
    assert again.status_code == 400
    assert "already invited" in again.content.decode()
    assert 'value="dana"' in again.content.decode()


def test_the_learner_accepts_on_their_own_page_and_only_then_is_seen() -> None:
    erin, teacher = educator()
    course = load_course()
    dana = make_user("dana")
    cohort = create_cohort(erin, course, "Spring", now=NOW)
    invitation = enrol(cohort, "dana", now=NOW)
    complete_course(dana)
    assert progress(cohort, course, now=NOW) == []
    learner = Client()
    learner.force_login(dana)
    index = learner.get(reverse("course_index")).content.decode()
    assert reverse("course_invitation", args=[invitation.pk]) in index
    page = learner.get(reverse("course_invitation", args=[invitation.pk])).content.decode()
    assert "never see your workspace" in page
    response = learner.post(
        reverse("course_invitation", args=[invitation.pk]), {"answer": "accept"}
    )
    assert response.status_code == 302
    (row,) = progress(cohort, course, now=NOW)
    assert (row.username, row.passed, row.modules) == (
        "dana",
        len(course.modules),
        len(course.modules),
    )
    assert row.evaluated
    assert row.certificate == ""
    again = learner.post(reverse("course_invitation", args=[invitation.pk]), {"answer": "decline"})
    assert again.status_code == 400
    body = teacher.get(reverse("teach_cohort", args=[cohort.pk])).content.decode()
    assert f"{len(course.modules)} of {len(course.modules)}" in body


def test_a_declined_invitation_shows_no_progress_and_others_get_404() -> None:
    erin, _ = educator()
    course = load_course()
    dana, eli = make_user("dana"), make_user("eli")
    cohort = create_cohort(erin, course, "Spring", now=NOW)
    invitation = enrol(cohort, "dana", now=NOW)
    with pytest.raises(InvalidInput, match="someone else"):
        answer_invitation(invitation, eli, accept=True, now=NOW)
    answer_invitation(invitation, dana, accept=False, now=NOW)
    assert progress(cohort, course, now=NOW) == []
    assert Enrolment.objects.get(pk=invitation.pk).learner is None
    other = Client()
    other.force_login(eli)
    assert other.get(reverse("course_invitation", args=[invitation.pk])).status_code == 404
    _, frank = educator("frank")
    assert frank.get(reverse("teach_cohort", args=[cohort.pk])).status_code == 404
    assert other.get(reverse("teach_cohort", args=[cohort.pk])).status_code == 404


def test_the_educator_never_sees_the_learners_workspace_or_evaluation_words() -> None:
    erin, teacher = educator()
    course = load_course()
    dana = make_user("dana")
    client = make_client(dana, "C-777", alias=f"{SECRET} alias")
    write_entry(dana, EntryData(body=f"{SECRET} journal", client=client), now=NOW)
    cohort = create_cohort(erin, course, "Spring", now=NOW)
    answer_invitation(enrol(cohort, "dana", now=NOW), dana, accept=True, now=NOW)
    complete_course(dana, evaluate=False)
    ratings = {s.id: "2" for s in STATEMENTS}
    submit_evaluation(dana, course, ratings, {"change": f"{SECRET} evaluation"}, now=NOW)
    body = teacher.get(reverse("teach_cohort", args=[cohort.pk])).content.decode()
    assert "dana" in body
    assert SECRET not in body
    assert "C-777" not in body


def test_item_analysis_over_first_attempts_matches_the_core() -> None:
    erin, teacher = educator()
    course = load_course()
    module = course.modules[0]
    first, second = module.items[0].item_id, module.items[1].item_id
    cohort = create_cohort(erin, course, "Spring", now=NOW)
    # Cai misses enough to fail below the pass mark, so Cai's retake is allowed.
    cai = {first, second} | {item.item_id for item in module.items[2 : len(module.items) // 2]}
    patterns = {"ana": set(), "ben": {first}, "cai": cai}
    for name, missed in patterns.items():
        learner = make_user(name)
        answer_invitation(enrol(cohort, name, now=NOW), learner, accept=True, now=NOW)
        submit_attempt(learner, course, module.id, wrong(module, missed), now=NOW)
    # A retake does not count twice.
    submit_attempt(
        User.objects.get(username="cai"), course, module.id, wrong(module, set()), now=NOW
    )
    found = {row.module.id: row for row in item_analysis(cohort, course)}
    row = found[module.id]
    assert row.learners == 3
    versions = [as_item_version(s) for s in store_items(module.items, now=NOW)]
    expected = analyse_items(
        [score_attempt(versions, wrong(module, m), course.pass_percent) for m in patterns.values()]
    )
    assert row.items == expected
    by_item = {s.item_id: s for s in row.items}
    assert by_item[first].difficulty == pytest.approx(1 / 3)
    assert by_item[second].difficulty == pytest.approx(2 / 3)
    assert "first attempts from at least two" not in found[module.id].note
    assert found[course.modules[1].id].note.startswith("No one in the cohort")
    body = teacher.get(reverse("teach_cohort", args=[cohort.pk])).content.decode()
    assert f"{first} v1" in body
    assert "0.33" in body


def test_the_teaching_home_links_to_the_cohorts() -> None:
    _, browser = educator()
    response = browser.get(reverse("teach_home"))
    body = response.content.decode()
    assert reverse("teach_cohorts") in body
    title = body.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "Cohorts" not in title


def test_enrolling_says_who_was_invited_the_same_way_whether_or_not_they_exist() -> None:
    erin, browser = educator()
    make_user("dana")
    cohort = create_cohort(erin, load_course(), "Autumn group", now=NOW)
    page = reverse("teach_cohort", args=[cohort.pk])
    for name in ("dana", "nobody-<i>here</i>"):
        response = browser.post(page, {"username": name}, follow=True)
        assert response.status_code == 200
        assert (
            f"Invited “{escape(name)}”. If an account holds that name, it will see the "
            "invitation; nobody else will."
        ) in response.content.decode()
    # The message is shown once: reading the page again says nothing more.
    assert "Invited “" not in browser.get(page).content.decode()
