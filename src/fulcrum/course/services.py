"""State changes of the course: publishing an adapted version (and serving the newest),
storing item versions, submitting an attempt, counting time on task, the end-of-course
evaluation, and issuing, revoking and deleting certificates."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import secrets
from collections.abc import Collection, Mapping, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from fulcrum.accounts.models import Role, User
from fulcrum.accounts.roles import holds
from fulcrum.core.course import (
    ATTEMPTS_ALLOWED,
    AttemptResult,
    Choice,
    ItemKind,
    ItemVersion,
    attempt_standing,
    score_attempt,
)
from fulcrum.core.course.content import Course, course_from_json, course_to_json, load_course
from fulcrum.core.course.evaluation import check_evaluation
from fulcrum.core.course.practice import activity
from fulcrum.core.course.retention import RETENTION_YEARS, deletion_refusal, kept_until
from fulcrum.core.course.standing import EventKind, Standing, StandingEvent, State
from fulcrum.core.course.standing import certificate_standing as standing_from_events
from fulcrum.core.course.timeontask import (
    DEFAULT_FRACTION,
    TimeStanding,
    credited_seconds,
    time_standing,
)
from fulcrum.core.errors import InvalidInput
from fulcrum.course.models import (
    ActivityNote,
    Attempt,
    Certificate,
    CertificateEvent,
    Enrolment,
    Evaluation,
    ModuleTime,
    PublishedCourse,
    StoredItem,
)
from fulcrum.ledger.services import append_entry

# --- published versions: what the site serves -----------------------------------------

COURSE_PUBLISHED = "course.published"

# The course each published version holds, read once per process: keyed by the row and its
# digest, so a row read again is never decrypted and rebuilt twice.
_SERVED: dict[tuple[int, str], Course] = {}


def latest_published() -> PublishedCourse | None:
    """The newest published course version, without its content (None: only the bundled
    course has ever been served)."""
    return (
        PublishedCourse.objects.defer("content").order_by("-published_at", "-number", "-pk").first()
    )


def published_versions(course_id: str) -> list[PublishedCourse]:
    """Every published version of the course ``course_id``, newest first, without content."""
    return list(
        PublishedCourse.objects.filter(course_id=course_id)
        .defer("content")
        .select_related("published_by")
        .order_by("-number")
    )


def current_course() -> Course:
    """The course the site serves: the newest published version, else the bundled course.
    Every course page and service asks here, never ``load_course()`` itself."""
    latest = latest_published()
    if latest is None:
        return load_course()
    key = (latest.pk, latest.digest)
    course = _SERVED.get(key)
    if course is None:
        content = PublishedCourse.objects.values_list("content", flat=True).get(pk=latest.pk)
        course = course_from_json(content)
        _SERVED.clear()
        _SERVED[key] = course
    return course


def publish_course(course: Course, educator: User, *, now: datetime) -> PublishedCourse:
    """Record ``course`` (loaded and validated) as the newest published version, numbered
    after the version served now; refuse an account without the educator role, a course
    with another id than the one served, and content that has not changed."""
    if not holds(educator, Role.EDUCATOR):
        raise InvalidInput(f"{educator.username} does not hold the educator role.")
    with transaction.atomic():
        served = current_course()
        if course.id != served.id:
            raise InvalidInput(
                f"The site serves the course {served.id!r}; an adapted course keeps that id, "
                f"and this one is {course.id!r}."
            )
        # Numbered after the served version, or as course.toml says if that is later.
        number = max(served.version + 1, course.version)
        if course_digest(dataclasses.replace(course, version=served.version)) == course_digest(
            served
        ):
            raise InvalidInput(
                f"Nothing changed: the content is that of version {served.version}, "
                "which is already served."
            )
        numbered = dataclasses.replace(course, version=number)
        try:
            with transaction.atomic():
                published = PublishedCourse.objects.create(
                    course_id=course.id,
                    number=number,
                    digest=course_digest(numbered),
                    content=course_to_json(numbered),
                    published_by=educator,
                    published_at=now,
                )
        except IntegrityError:
            raise InvalidInput(
                f"Version {number} was published a moment ago; check the course and publish again."
            ) from None
        # The educator's own record of what they published: the digest names the content
        # exactly, so a version changed behind the database's triggers no longer matches.
        append_entry(
            educator,
            kind=COURSE_PUBLISHED,
            payload={"course": course.id, "number": number, "digest": published.digest},
            now=now,
        )
        return published


def _body(item: ItemVersion) -> dict[str, Any]:
    return {
        "kind": item.kind.value,
        "prompt": item.prompt,
        "choices": [[c.key, c.text, c.feedback] for c in item.choices],
        "correct": sorted(item.correct),
    }


def _digest(body: Mapping[str, Any]) -> str:
    text = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def as_item_version(stored: StoredItem) -> ItemVersion:
    """The core's value for a stored version, exactly as it was stored."""
    body = stored.body
    return ItemVersion(
        item_id=stored.item_id,
        version=stored.version,
        kind=ItemKind(body["kind"]),
        prompt=body["prompt"],
        choices=tuple(Choice(k, t, f) for k, t, f in body["choices"]),
        correct=frozenset(body["correct"]),
    )


def store_items(items: Sequence[ItemVersion], *, now: datetime) -> list[StoredItem]:
    """Return the stored version of each item, storing a new version where its text changed."""
    result: list[StoredItem] = []
    with transaction.atomic():
        for item in items:
            body = _body(item)
            digest = _digest(body)
            latest = StoredItem.objects.filter(item_id=item.item_id).order_by("-version").first()
            if latest is not None and latest.digest == digest:
                result.append(latest)
                continue
            version = 1 if latest is None else latest.version + 1
            result.append(
                StoredItem.objects.create(
                    item_id=item.item_id, version=version, digest=digest, body=body, stored_at=now
                )
            )
    return result


def _result(attempt: Attempt) -> AttemptResult:
    return AttemptResult(
        items=(),
        correct=attempt.correct,
        total=attempt.total,
        pass_percent=attempt.pass_percent,
        passed=attempt.passed,
    )


def submit_attempt(
    learner: User,
    course: Course,
    module_id: str,
    answers: Mapping[str, Collection[str]],
    *,
    now: datetime,
) -> tuple[Attempt, AttemptResult]:
    """Score ``answers`` against the module's current item versions and keep the attempt."""
    try:
        module = course.module(module_id)
    except KeyError:
        raise InvalidInput("There is no such module in this course.") from None
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=learner.pk).first()
        past = Attempt.objects.filter(learner=learner, course_id=course.id, module_id=module.id)
        standing = attempt_standing(
            [_result(a) for a in past], allowed=course.attempts_allowed or ATTEMPTS_ALLOWED
        )
        if not standing.may_attempt:
            raise InvalidInput(standing.reason)
        stored = store_items(module.items, now=now)
        versions = [as_item_version(s) for s in stored]
        result = score_attempt(versions, answers, course.pass_percent)
        attempt = Attempt.objects.create(
            learner=learner,
            course_id=course.id,
            module_id=module.id,
            answers={key: sorted(value) for key, value in answers.items()},
            correct=result.correct,
            total=result.total,
            pass_percent=result.pass_percent,
            passed=result.passed,
            submitted_at=now,
        )
        attempt.items.set(stored)
    return attempt, result


def delete_attempt(attempt: Attempt, *, now: datetime) -> None:
    """Delete ``attempt`` once its six years have passed; refuse before that."""
    refusal = deletion_refusal(attempt.submitted_at, now)
    if refusal is not None:
        raise InvalidInput(refusal)
    with transaction.atomic():
        attempt.items.clear()
        attempt.delete()


# --- time on task -----------------------------------------------------------------------


def record_visit(learner: User, course: Course, module_id: str, *, now: datetime) -> None:
    """Note that ``learner`` opened a page of ``module_id`` at ``now``: the gap since the
    page they opened before is credited to that page's module, up to a break."""
    try:
        module = course.module(module_id)
    except KeyError:
        raise InvalidInput("There is no such module in this course.") from None
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=learner.pk).first()
        rows = ModuleTime.objects.filter(learner=learner, course_id=course.id)
        last = rows.order_by("-last_seen_at", "-pk").first()
        if last is not None:
            credit = credited_seconds(now - last.last_seen_at)
            if credit:
                last.seconds += credit
                last.save(update_fields=["seconds"])
        here, created = ModuleTime.objects.get_or_create(
            learner=learner,
            course_id=course.id,
            module_id=module.id,
            defaults={"first_seen_at": now, "last_seen_at": now},
        )
        if not created and here.last_seen_at < now:
            here.last_seen_at = now
            here.save(update_fields=["last_seen_at"])


def time_spent(learner: User, course: Course) -> dict[str, int]:
    """The seconds counted in each of the course's modules (0 for one never opened)."""
    counted = dict(
        ModuleTime.objects.filter(learner=learner, course_id=course.id).values_list(
            "module_id", "seconds"
        )
    )
    return {m.id: int(counted.get(m.id, 0)) for m in course.modules}


def time_fraction() -> Decimal:
    """The share of the computed CE hours a certificate asks for (FULCRUM_CE_TIME_FRACTION)."""
    raw = getattr(settings, "FULCRUM_CE_TIME_FRACTION", DEFAULT_FRACTION)
    try:
        fraction = Decimal(str(raw).strip())
    except InvalidOperation:
        raise InvalidInput(
            f"FULCRUM_CE_TIME_FRACTION is {raw!r}; set it to a number from 0 to 1, such as 0.5."
        ) from None
    if not fraction.is_finite() or not Decimal(0) <= fraction <= Decimal(1):
        raise InvalidInput(
            f"FULCRUM_CE_TIME_FRACTION is {raw!r}; set it to a number from 0 to 1, such as 0.5."
        )
    return fraction


def time_on_task(learner: User, course: Course) -> TimeStanding:
    """How ``learner``'s counted time stands against what a certificate asks for."""
    spent = sum(time_spent(learner, course).values())
    return time_standing(course.hours.hours, spent, time_fraction())


# --- the evaluation ---------------------------------------------------------------------


def evaluation_for(learner: User, course: Course) -> Evaluation | None:
    """The learner's evaluation of ``course``, once given."""
    return Evaluation.objects.filter(learner=learner, course_id=course.id).first()


def submit_evaluation(
    learner: User,
    course: Course,
    ratings: Mapping[str, object],
    comments: Mapping[str, str],
    *,
    now: datetime,
) -> Evaluation:
    """Keep ``learner``'s end-of-course evaluation, once every quiz is passed; once only."""
    answers = check_evaluation(ratings, comments)
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=learner.pk).first()
        if evaluation_for(learner, course) is not None:
            raise InvalidInput("You have already evaluated this course; thank you.")
        completed_on, missing = completion(learner, course)
        if completed_on is None:
            raise InvalidInput(
                "The evaluation opens once every module's quiz is passed; not passed yet: "
                + "; ".join(missing)
                + "."
            )
        return Evaluation.objects.create(
            learner=learner,
            course_id=course.id,
            course_version=course.version,
            ratings=dict(answers.ratings),
            comments=dict(answers.comments),
            submitted_at=now,
        )


def delete_evaluation(evaluation: Evaluation, *, now: datetime) -> None:
    """Delete ``evaluation`` once its six years have passed; refuse before that."""
    refusal = deletion_refusal(evaluation.submitted_at, now)
    if refusal is not None:
        raise InvalidInput(refusal)
    with transaction.atomic():
        evaluation.delete()


# --- practice activities ----------------------------------------------------------------

NOTE_MAX = 4_000


def save_activity_note(
    learner: User,
    course: Course,
    module_id: str,
    activity_id: str,
    text: str,
    *,
    share: bool,
    now: datetime,
) -> ActivityNote | None:
    """Keep ``learner``'s note on a practice activity, shared with their cohorts' educators
    only when ``share`` is true; an empty note removes the note (and its sharing)."""
    try:
        found = activity(module_id, activity_id)
    except KeyError:
        raise InvalidInput("This module has no such activity.") from None
    text = text.strip()
    if "\x00" in text:
        raise InvalidInput("The note holds a character Fulcrum cannot keep.")
    if len(text) > NOTE_MAX:
        raise InvalidInput(f"Keep the note to {NOTE_MAX:,} characters.")
    with transaction.atomic(durable=True):
        notes = ActivityNote.objects.filter(
            learner=learner, course_id=course.id, activity_id=found.id
        )
        if not text:
            notes.delete()
            return None
        note, _ = ActivityNote.objects.update_or_create(
            learner=learner,
            course_id=course.id,
            activity_id=found.id,
            defaults={"text": text, "shared": share, "updated_at": now},
        )
    return note


# --- certificates -----------------------------------------------------------------------

# Crockford's base32 without the letters read as digits: 20 characters carry 100 bits.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 20
NAME_LENGTH = 200
REASON_MAX = 2_000


def new_code() -> str:
    """A fresh verification code, grouped in fives for reading aloud: ``7KQ2M-...``."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 5] for i in range(0, CODE_LENGTH, 5))


def normalised_code(typed: str) -> str:
    """A code as typed (any case, spaces or dashes, O for 0) in its stored form."""
    plain = "".join(ch for ch in typed.upper() if ch.isalnum())
    plain = plain.replace("O", "0").replace("I", "1").replace("L", "1")
    return "-".join(plain[i : i + 5] for i in range(0, len(plain), 5))


def hash_code(code: str) -> str:
    return hashlib.sha256(normalised_code(code).encode()).hexdigest()


def course_digest(course: Course) -> str:
    """A SHA-256 digest of the whole course as loaded, to name the content a certificate
    was issued for."""

    def plain(value: object) -> object:
        if isinstance(value, set | frozenset):
            return sorted(value)
        return str(value)

    text = json.dumps(dataclasses.asdict(course), default=plain, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def passed_modules(learner: User, course: Course) -> frozenset[str]:
    """The ids of the modules whose quiz ``learner`` has passed."""
    return frozenset(
        Attempt.objects.filter(learner=learner, course_id=course.id, passed=True).values_list(
            "module_id", flat=True
        )
    )


def completion(learner: User, course: Course) -> tuple[date | None, list[str]]:
    """When ``learner`` passed the last of the course's quizzes, and the titles of the
    modules not passed yet (the date is None until every one is passed)."""
    passed: dict[str, datetime] = {}
    for module_id, at in (
        Attempt.objects.filter(learner=learner, course_id=course.id, passed=True)
        .order_by("submitted_at")
        .values_list("module_id", "submitted_at")
    ):
        passed.setdefault(module_id, at)
    missing = [m.title for m in course.modules if m.id not in passed]
    if missing:
        return None, missing
    last = max(passed[m.id] for m in course.modules)
    return timezone.localtime(last).date(), []


def accreditation_lines() -> list[str]:
    """The provider's approval lines (``FULCRUM_CE_ACCREDITATION``: one line per body that
    approved the provider, with its approval number), kept on each certificate as issued."""
    lines = getattr(settings, "FULCRUM_CE_ACCREDITATION", ())
    if isinstance(lines, str):
        lines = [lines]
    return [" ".join(str(line).split()) for line in lines if str(line).strip()]


def _setting_line(name: str) -> str:
    return " ".join(str(getattr(settings, name, "")).split())


def issue_certificate(
    learner: User, course: Course, learner_name: str, *, now: datetime
) -> tuple[Certificate, str]:
    """Issue the certificate for ``course`` to ``learner`` under the name they typed, once
    every module's quiz is passed; return it and its verification code."""
    name = " ".join(learner_name.split())
    if not name:
        raise InvalidInput("Type your name as it should appear on the certificate.")
    if len(name) > NAME_LENGTH:
        raise InvalidInput(f"A name on a certificate can be at most {NAME_LENGTH} characters.")
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=learner.pk).first()
        held = standing_certificates(learner, course.id)
        if held.exists():
            raise InvalidInput("You already hold a certificate for this course.")
        completed_on, missing = completion(learner, course)
        if completed_on is None:
            raise InvalidInput(
                "A certificate is issued once every module's quiz is passed; not passed yet: "
                + "; ".join(missing)
                + "."
            )
        if evaluation_for(learner, course) is None:
            raise InvalidInput(
                "A certificate is issued once you have completed the course evaluation."
            )
        standing = time_on_task(learner, course)
        if not standing.met:
            raise InvalidInput(f"Not yet: {standing.explanation}.")
        hours = course.hours
        code = new_code()
        certificate = Certificate.objects.create(
            learner=learner,
            course_id=course.id,
            course_version=course.version,
            content_digest=course_digest(course),
            hours=hours.hours,
            facts={
                "title": course.title,
                "provider": course.provider,
                "format": course.format,
                "arithmetic": hours.arithmetic,
                "accreditation": accreditation_lines(),
                "approval_number": _setting_line("FULCRUM_CE_APPROVAL_NUMBER"),
                "instructor": _setting_line("FULCRUM_CE_INSTRUCTOR") or course.provider,
            },
            learner_name=name,
            completed_on=completed_on,
            issued_at=now,
            code=code,
            code_hash=hash_code(code),
        )
    return certificate, code


def standing_certificates(learner: User, course_id: str) -> QuerySet[Certificate]:
    """The learner's certificates for a course that were never revoked."""
    return Certificate.objects.filter(learner=learner, course_id=course_id).exclude(
        events__kind=CertificateEvent.Kind.REVOKED
    )


def find_certificate(typed: str) -> Certificate | None:
    """The certificate a verification code names, revoked or not; None when none does."""
    if len(typed) > 64:
        return None
    return Certificate.objects.filter(code_hash=hash_code(typed)).first()


def certificate_standing(certificate: Certificate, *, now: datetime) -> Standing:
    """Whether ``certificate`` stands at ``now``: valid, revoked or expired, from its events."""
    events = [
        StandingEvent(EventKind(kind), at)
        for kind, at in certificate.events.values_list("kind", "effective_at")
    ]
    return standing_from_events(events, now)


def _record_event(
    certificate: Certificate, kind: EventKind, reason: str, *, effective_at: datetime, now: datetime
) -> CertificateEvent:
    reason = reason.strip()
    if not reason:
        raise InvalidInput(f"Say why the certificate is {kind.value}.")
    if "\x00" in reason or len(reason) > REASON_MAX:
        raise InvalidInput(f"A reason is plain text of at most {REASON_MAX:,} characters.")
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        standing = certificate_standing(locked, now=now)
        if standing.state is State.REVOKED:
            raise InvalidInput("This certificate is already revoked.")
        if kind is EventKind.EXPIRED and (standing.state is State.EXPIRED or standing.expires_at):
            raise InvalidInput("This certificate already has an expiry.")
        entry = append_entry(
            locked.learner,
            kind=f"course.certificate.{kind.value}",
            payload={
                "certificate": locked.code_hash,
                "course": locked.course_id,
                "effective_at": effective_at.isoformat(),
                "reason_sha256": hashlib.sha256(reason.encode()).hexdigest(),
            },
            now=now,
        )
        return CertificateEvent.objects.create(
            certificate=locked,
            kind=kind.value,
            reason=reason,
            effective_at=effective_at,
            recorded_at=now,
            entry=entry,
        )


def revoke_certificate(certificate: Certificate, reason: str, *, now: datetime) -> CertificateEvent:
    """Revoke ``certificate`` from ``now`` for ``reason``; the verification page then says
    so and when. The revocation is an event, appended and recorded in the ledger."""
    return _record_event(certificate, EventKind.REVOKED, reason, effective_at=now, now=now)


def expire_certificate(
    certificate: Certificate, reason: str, *, on: date, now: datetime
) -> CertificateEvent:
    """Record that ``certificate``'s credit lapses at the start of ``on`` (UTC) for
    ``reason``; until then it stays valid. Appended and recorded in the ledger."""
    effective_at = datetime(on.year, on.month, on.day, tzinfo=UTC)
    return _record_event(certificate, EventKind.EXPIRED, reason, effective_at=effective_at, now=now)


def delete_certificate(certificate: Certificate, *, now: datetime) -> None:
    """Delete ``certificate`` once its six years have passed; refuse before that, and
    always for one with a revocation or expiry, which is kept with its events."""
    refusal = deletion_refusal(certificate.issued_at, now)
    if refusal is not None:
        raise InvalidInput(refusal)
    if certificate.events.exists():
        raise InvalidInput(
            "This certificate was revoked or has an expiry; it is kept with those records, "
            "which are never removed."
        )
    with transaction.atomic():
        certificate.delete()


def forget_learner(learner: User, *, now: datetime) -> int:
    """Delete every course record of ``learner`` (roster places, attempts, time,
    evaluations, certificates)
    once the newest is six years old, in one transaction; refuse while any is younger, or
    while a certificate carries a revocation or expiry. Returns how many were deleted."""
    with transaction.atomic(durable=True):
        User.objects.select_for_update().filter(pk=learner.pk).first()
        attempts = Attempt.objects.filter(learner=learner)
        evaluations = Evaluation.objects.filter(learner=learner)
        certificates = Certificate.objects.filter(learner=learner)
        enrolments = Enrolment.objects.filter(learner=learner)
        made = [
            *enrolments.values_list("invited_at", flat=True),
            *attempts.values_list("submitted_at", flat=True),
            *evaluations.values_list("submitted_at", flat=True),
            *certificates.values_list("issued_at", flat=True),
        ]
        if made and deletion_refusal(max(made), now) is not None:
            newest = max(made)
            raise InvalidInput(
                f"Course records are kept for {RETENTION_YEARS} years; the newest of "
                f"{learner.username}'s was made on {newest.date().isoformat()}, so they may be "
                f"deleted from {kept_until(newest).isoformat()}."
            )
        if CertificateEvent.objects.filter(certificate__learner=learner).exists():
            raise InvalidInput(
                f"{learner.username} holds a certificate that was revoked or has an expiry; "
                "it is kept with those records, which are never removed."
            )
        count = len(made) + ModuleTime.objects.filter(learner=learner).count()
        for attempt in attempts:
            attempt.items.clear()
        attempts.delete()
        evaluations.delete()
        certificates.delete()
        enrolments.delete()
        ModuleTime.objects.filter(learner=learner).delete()
        ActivityNote.objects.filter(learner=learner).delete()
    return count
