"""The course's records as one JSON value for an audit: attempts, evaluations, time on
task, certificates with their events, and the cohorts' rosters.

Continuing-education providers keep these six years and show them to the boards that
approve them, so every record says until when it is kept. What learners wrote in their
evaluations, and the reasons given for revocations, are shown to someone else here, so
they pass through the de-identifier with each learner's own known names first.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from fulcrum.accounts.models import User
from fulcrum.core.course.content import Course
from fulcrum.core.course.retention import RETENTION_YEARS, kept_until
from fulcrum.core.deid import deidentify
from fulcrum.course.access import certificates_for_user, invitations_for_learner
from fulcrum.course.models import (
    ActivityNote,
    Attempt,
    Certificate,
    Cohort,
    Evaluation,
    ModuleTime,
)
from fulcrum.vignettes.services import known_entities_for

AUDIT_KIND = "fulcrum.course.audit"
AUDIT_VERSION = 1


def _redactor() -> Callable[[User, str], str]:
    known: dict[int, Any] = {}

    def redact(learner: User, text: str) -> str:
        if not text:
            return ""
        if learner.pk not in known:
            known[learner.pk] = known_entities_for(learner)
        return deidentify(text, known[learner.pk]).redacted

    return redact


def audit_export(course: Course, *, now: datetime) -> dict[str, Any]:
    """Every record of ``course`` as a JSON-ready value, made at ``now``."""
    redact = _redactor()
    attempts = (
        Attempt.objects.filter(course_id=course.id)
        .select_related("learner")
        .prefetch_related("items")
        .order_by("submitted_at", "pk")
    )
    evaluations = (
        Evaluation.objects.filter(course_id=course.id)
        .select_related("learner")
        .order_by("submitted_at", "pk")
    )
    times = (
        ModuleTime.objects.filter(course_id=course.id)
        .select_related("learner")
        .order_by("learner__username", "module_id")
    )
    certificates = (
        Certificate.objects.filter(course_id=course.id)
        .select_related("learner")
        .prefetch_related("events")
        .order_by("issued_at", "pk")
    )
    cohorts = (
        Cohort.objects.filter(course_id=course.id)
        .select_related("educator")
        .prefetch_related("enrolments__learner")
        .order_by("created_at", "pk")
    )
    return {
        "kind": AUDIT_KIND,
        "version": AUDIT_VERSION,
        "made_at": now.isoformat(),
        "retention_years": RETENTION_YEARS,
        "course": {
            "id": course.id,
            "version": course.version,
            "title": course.title,
            "provider": course.provider,
            "format": course.format,
            "ce_hours": str(course.hours.hours),
            "arithmetic": course.hours.arithmetic,
        },
        "rosters": [
            {
                "cohort": cohort.name,
                "educator": cohort.educator.username,
                "created_at": cohort.created_at.isoformat(),
                "enrolments": [
                    {
                        "invited_username": e.invited_username,
                        "learner": e.learner.username if e.learner else None,
                        "invited_at": e.invited_at.isoformat(),
                        "answered_at": e.answered_at.isoformat() if e.answered_at else None,
                        "accepted": e.accepted,
                        "kept_until": kept_until(e.invited_at).isoformat(),
                    }
                    for e in cohort.enrolments.all()
                ],
            }
            for cohort in cohorts
        ],
        "attempts": [
            {
                "learner": a.learner.username,
                "module": a.module_id,
                "items": [[i.item_id, i.version] for i in a.items.all()],
                "correct": a.correct,
                "total": a.total,
                "pass_percent": a.pass_percent,
                "passed": a.passed,
                "submitted_at": a.submitted_at.isoformat(),
                "kept_until": kept_until(a.submitted_at).isoformat(),
            }
            for a in attempts
        ],
        "evaluations": [
            {
                "learner": e.learner.username,
                "course_version": e.course_version,
                "ratings": dict(e.ratings),
                "comments": {k: redact(e.learner, str(v)) for k, v in e.comments.items()},
                "submitted_at": e.submitted_at.isoformat(),
                "kept_until": kept_until(e.submitted_at).isoformat(),
            }
            for e in evaluations
        ],
        "time_on_task": [
            {"learner": t.learner.username, "module": t.module_id, "seconds": t.seconds}
            for t in times
        ],
        "certificates": [
            {
                "learner": c.learner.username,
                "name_on_certificate": c.learner_name,
                "verification_code": c.code,
                "course_version": c.course_version,
                "content_digest": c.content_digest,
                "ce_hours": str(c.hours),
                "completed_on": c.completed_on.isoformat(),
                "issued_at": c.issued_at.isoformat(),
                "facts": dict(c.facts),
                "events": [
                    {
                        "kind": ev.kind,
                        "reason": redact(c.learner, ev.reason),
                        "effective_at": ev.effective_at.isoformat(),
                        "recorded_at": ev.recorded_at.isoformat(),
                    }
                    for ev in c.events.all()
                ],
                "kept_until": kept_until(c.issued_at).isoformat(),
            }
            for c in certificates
        ],
    }


def learner_record(learner: User, scrub: Callable[[str], str] = str) -> dict[str, Any]:
    """Everything the course keeps about ``learner``, for their own export: their attempts
    with the answers they gave, evaluations, time on task, certificates with their events,
    the cohorts that invited them, and their practice notes. Free text passes through
    ``scrub`` (the export's alias scrubber, when aliases are left out). Nothing of another
    learner is read."""
    attempts = (
        Attempt.objects.filter(learner=learner)
        .prefetch_related("items")
        .order_by("submitted_at", "pk")
    )
    certificates = (
        certificates_for_user(learner).prefetch_related("events").order_by("issued_at", "pk")
    )
    enrolments = invitations_for_learner(learner).select_related("cohort__educator")
    return {
        "attempts": [
            {
                "course": a.course_id,
                "module": a.module_id,
                "items": [[i.item_id, i.version] for i in a.items.all()],
                "answers": a.answers,
                "correct": a.correct,
                "total": a.total,
                "passed": a.passed,
                "submitted_at": a.submitted_at.isoformat(),
            }
            for a in attempts
        ],
        "evaluations": [
            {
                "course": e.course_id,
                "course_version": e.course_version,
                "ratings": dict(e.ratings),
                "comments": {k: scrub(str(v)) for k, v in e.comments.items()},
                "submitted_at": e.submitted_at.isoformat(),
            }
            for e in Evaluation.objects.filter(learner=learner).order_by("submitted_at", "pk")
        ],
        "time_on_task": [
            {"course": t.course_id, "module": t.module_id, "seconds": t.seconds}
            for t in ModuleTime.objects.filter(learner=learner).order_by("course_id", "module_id")
        ],
        "certificates": [
            {
                "course": c.course_id,
                "course_version": c.course_version,
                "name_on_certificate": c.learner_name,
                "verification_code": c.code,
                "ce_hours": str(c.hours),
                "completed_on": c.completed_on.isoformat(),
                "issued_at": c.issued_at.isoformat(),
                "events": [
                    {
                        "kind": ev.kind,
                        "reason": scrub(ev.reason),
                        "effective_at": ev.effective_at.isoformat(),
                    }
                    for ev in c.events.all()
                ],
            }
            for c in certificates
        ],
        "cohorts": [
            {
                "cohort": e.cohort.name,
                "educator": e.cohort.educator.username,
                "invited_at": e.invited_at.isoformat(),
                "accepted": e.accepted,
            }
            for e in enrolments.order_by("invited_at", "pk")
        ],
        "practice_notes": [
            {
                "course": n.course_id,
                "activity": n.activity_id,
                "text": scrub(n.text),
                "shared": n.shared,
                "updated_at": n.updated_at.isoformat(),
            }
            for n in ActivityNote.objects.filter(learner=learner).order_by("updated_at", "pk")
        ],
    }
