"""Cohorts: an educator enrols learners by username, each learner accepts or declines,
and the educator sees the progress of those who accepted and the course's item analysis
over their first attempts.

What the educator sees is course data alone: quizzes passed, time on task, whether the
evaluation was given and a certificate issued. Nothing from a learner's workspace is
read here, nothing of what they wrote in the evaluation, and of their practice-activity
notes only those they chose to share, de-identified.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction

from fulcrum.accounts.models import User
from fulcrum.core.course import AttemptResult, ItemStatistics, analyse_items, score_attempt
from fulcrum.core.course.content import Course, Module
from fulcrum.core.course.practice import ACTIVITIES
from fulcrum.core.course.timeontask import minutes_text
from fulcrum.core.deid import deidentify
from fulcrum.core.errors import InvalidInput
from fulcrum.core.fieldrules import nul_problem
from fulcrum.course.models import (
    ActivityNote,
    Attempt,
    Certificate,
    Cohort,
    Enrolment,
    Evaluation,
    username_digest,
)
from fulcrum.course.services import as_item_version, certificate_standing, time_spent
from fulcrum.vignettes.services import known_entities_for

NAME_MAX = 200
USERNAME_MAX = 150


def _plain(value: str, *, what: str, limit: int) -> str:
    value = " ".join(value.split())
    problem = nul_problem(value)
    if problem:
        raise InvalidInput(problem)
    if not value:
        raise InvalidInput(f"Type the {what} first.")
    if len(value) > limit:
        raise InvalidInput(f"A {what} can be at most {limit} characters.")
    return value


def create_cohort(educator: User, course: Course, name: str, *, now: datetime) -> Cohort:
    """Start a cohort of ``course`` run by ``educator``."""
    name = _plain(name, what="cohort's name", limit=NAME_MAX)
    with transaction.atomic(durable=True):
        return Cohort.objects.create(
            educator=educator, course_id=course.id, name=name, created_at=now
        )


def enrol(cohort: Cohort, username: str, *, now: datetime) -> Enrolment:
    """Invite ``username`` into ``cohort``; the holder of the name accepts on their own
    course page. Whether an account holds the name is not said."""
    typed = _plain(username, what="username", limit=USERNAME_MAX)
    try:
        with transaction.atomic(durable=True):
            return Enrolment.objects.create(
                cohort=cohort,
                invited_username=typed,
                username_digest=username_digest(typed),
                invited_at=now,
            )
    except IntegrityError:
        raise InvalidInput(f"{typed} is already invited to this cohort.") from None


def answer_invitation(
    enrolment: Enrolment, learner: User, *, accept: bool, now: datetime
) -> Enrolment:
    """Record ``learner``'s answer to an invitation naming them: join the cohort, or not."""
    if enrolment.username_digest != username_digest(learner.username):
        raise InvalidInput("This invitation is for someone else.")
    with transaction.atomic(durable=True):
        locked = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if locked.answered_at is not None:
            raise InvalidInput("You have already answered this invitation.")
        locked.answered_at = now
        locked.accepted = accept
        locked.learner = learner if accept else None
        locked.save(update_fields=["answered_at", "accepted", "learner"])
    return locked


# --- what the educator sees -------------------------------------------------------------


@dataclass(frozen=True)
class MemberProgress:
    """One accepted learner's progress through the course, in course data only."""

    username: str
    passed: int
    modules: int
    time_text: str
    evaluated: bool
    certificate: str


@dataclass(frozen=True)
class ModuleAnalysis:
    """Item analysis of one module over the cohort's first attempts, or why there is none."""

    module: Module
    learners: int
    items: tuple[ItemStatistics, ...]
    note: str


def members(cohort: Cohort) -> list[User]:
    """The learners who accepted a place in ``cohort``."""
    return [
        e.learner
        for e in cohort.enrolments.filter(accepted=True).select_related("learner")
        if e.learner is not None
    ]


def progress(cohort: Cohort, course: Course, *, now: datetime) -> list[MemberProgress]:
    """Each accepted learner's progress, by username."""
    rows = []
    for learner in sorted(members(cohort), key=lambda u: u.username):
        passed = set(
            Attempt.objects.filter(learner=learner, course_id=course.id, passed=True).values_list(
                "module_id", flat=True
            )
        )
        spent = sum(time_spent(learner, course).values())
        certificate = (
            Certificate.objects.filter(learner=learner, course_id=course.id)
            .order_by("-issued_at")
            .first()
        )
        rows.append(
            MemberProgress(
                username=learner.username,
                passed=len(passed & {m.id for m in course.modules}),
                modules=len(course.modules),
                time_text=minutes_text(spent),
                evaluated=Evaluation.objects.filter(learner=learner, course_id=course.id).exists(),
                certificate=(
                    certificate_standing(certificate, now=now).state.value if certificate else ""
                ),
            )
        )
    return rows


@dataclass(frozen=True)
class SharedNote:
    """A practice-activity note a member chose to share, de-identified."""

    username: str
    activity: str
    text: str


def shared_notes(cohort: Cohort, course: Course) -> list[SharedNote]:
    """The notes members chose to share, activity by activity, through the de-identifier
    with each learner's own known names first; a note not shared is never read."""
    titles = {a.id: a.title for a in ACTIVITIES}
    found = []
    for learner in sorted(members(cohort), key=lambda u: u.username):
        notes = ActivityNote.objects.filter(learner=learner, course_id=course.id, shared=True)
        if not notes:
            continue
        known = known_entities_for(learner)
        for note in notes:
            text = deidentify(note.text, known).redacted
            found.append(SharedNote(learner.username, titles.get(note.activity_id, ""), text))
    return found


def item_analysis(cohort: Cohort, course: Course) -> list[ModuleAnalysis]:
    """Per module, difficulty and discrimination over each member's first attempt (so a
    retake does not count twice), among those given the module's most common versions."""
    learners = members(cohort)
    found = []
    for module in course.modules:
        results = []
        for learner in learners:
            first = (
                Attempt.objects.filter(learner=learner, course_id=course.id, module_id=module.id)
                .prefetch_related("items")
                .order_by("submitted_at", "pk")
                .first()
            )
            if first is None:
                continue
            versions = [as_item_version(s) for s in first.items.all()]
            results.append(score_attempt(versions, first.answers, first.pass_percent))
        if not results:
            found.append(
                ModuleAnalysis(module, 0, (), "No one in the cohort has taken this quiz yet.")
            )
            continue
        # Compare like with like: the attempts over the versions most learners were given.
        groups: dict[tuple[tuple[str, int], ...], list[AttemptResult]] = {}
        for result in results:
            key = tuple(sorted((r.item_id, r.version) for r in result.items))
            groups.setdefault(key, []).append(result)
        same = max(groups.values(), key=len)
        if len(same) < 2:
            found.append(
                ModuleAnalysis(
                    module,
                    len(same),
                    (),
                    "Item analysis needs first attempts from at least two learners.",
                )
            )
            continue
        found.append(ModuleAnalysis(module, len(same), analyse_items(same), ""))
    return found
