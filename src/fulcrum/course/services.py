"""State changes of the course: storing item versions and submitting an attempt."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Mapping, Sequence
from datetime import datetime
from typing import Any

from django.db import transaction

from fulcrum.accounts.models import User
from fulcrum.core.course import (
    ATTEMPTS_ALLOWED,
    AttemptResult,
    Choice,
    ItemKind,
    ItemVersion,
    attempt_standing,
    score_attempt,
)
from fulcrum.core.course.content import Course
from fulcrum.core.course.retention import deletion_refusal
from fulcrum.core.errors import InvalidInput
from fulcrum.course.models import Attempt, StoredItem


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
