"""The ``Idempotency-Key`` header on the API's creating calls.

A script whose request timed out cannot know whether it was saved. Sent again with the
same key, the same call (same user, method, path, query and body) within 24 hours gets
the first answer again, and nothing is saved twice. The same key with a different call
is a 422; a key whose first call is still being answered is a 409.

Only successful answers are kept: a refused call (a 4xx) keeps nothing, so it can be
corrected and sent again under the same key.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone
from ninja import NinjaAPI
from ninja.operation import Operation

from fulcrum.accounts.models import User
from fulcrum.api.models import IdempotentRequest
from fulcrum.transcripts.uploads import use_capped_uploads

HEADER = "Idempotency-Key"
KEY_MAX = 255
KEPT_FOR = timedelta(hours=24)
# A first call that never finished (the process died) stops blocking its key after this.
ABANDONED_AFTER = timedelta(minutes=5)
REPLAYED_HEADER = "Idempotent-Replayed"


def _now() -> datetime:
    return timezone.now()


@dataclass(frozen=True)
class Claim:
    """What a key means for the call in hand: go ahead, replay, or refuse."""

    record: IdempotentRequest | None = None
    replay: IdempotentRequest | None = None
    refusal: tuple[int, str] | None = None


def fingerprint_of(request: HttpRequest) -> str:
    """SHA-256 of what makes two calls the same call: method, path, query and body.

    A multipart body is read as its fields and files, since each sending of it draws a
    new boundary between the parts.
    """
    digest = hashlib.sha256()
    for part in (request.method or "", request.path, request.META.get("QUERY_STRING", "")):
        digest.update(part.encode() + b"\x00")
    if request.content_type != "multipart/form-data":
        digest.update(request.body)
        return digest.hexdigest()
    use_capped_uploads(request)  # files are received in memory, capped, as the upload does
    for name, values in sorted(request.POST.lists()):
        digest.update(json.dumps([name, values]).encode() + b"\x00")
    for name, files in sorted(request.FILES.lists()):
        for upload in files:
            digest.update(json.dumps([name, upload.name]).encode() + b"\x00")
            for chunk in upload.chunks():
                digest.update(chunk)
            upload.seek(0)
    return digest.hexdigest()


def key_digest(key: str) -> str:
    """What is stored of a key: its SHA-256, since the caller may put anything in it."""
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic(durable=True)
def claim_key(owner: User, key: str, fingerprint: str, *, now: datetime) -> Claim:
    """Take ``key`` for a new call of ``owner``, or say why it cannot be taken."""
    IdempotentRequest.objects.filter(created_at__lt=now - KEPT_FOR).delete()
    digest = key_digest(key)
    found = IdempotentRequest.objects.filter(owner=owner, key_digest=digest).first()
    if found is not None and found.status_code is None and found.created_at < now - ABANDONED_AFTER:
        found.delete()
        found = None
    if found is not None:
        if found.fingerprint != fingerprint:
            return Claim(
                refusal=(
                    422,
                    f"This {HEADER} was already used for a different request; "
                    "send a new key for a new request.",
                )
            )
        if found.status_code is None:
            return Claim(
                refusal=(
                    409,
                    f"A request with this {HEADER} is still being answered; "
                    "wait a moment and send it again.",
                )
            )
        return Claim(replay=found)
    try:
        with transaction.atomic():
            record = IdempotentRequest.objects.create(
                owner=owner, key_digest=digest, fingerprint=fingerprint, created_at=now
            )
    except IntegrityError:
        # The same key arrived twice at once; the other call holds it.
        return Claim(
            refusal=(409, f"A request with this {HEADER} is still being answered; try again.")
        )
    return Claim(record=record)


@transaction.atomic(durable=True)
def remember_answer(record: IdempotentRequest, response: HttpResponse) -> None:
    """Keep the answer the first call got, to give it again to a retry."""
    record.status_code = response.status_code
    record.content_type = response.get("Content-Type", "")
    record.response_body = response.content.decode("utf-8")
    record.save(update_fields=["status_code", "content_type", "response_body"])


@transaction.atomic(durable=True)
def release_key(record: IdempotentRequest) -> None:
    """Free a key whose call was refused, so a corrected call may use it."""
    IdempotentRequest.objects.filter(pk=record.pk).delete()


def _json(api: NinjaAPI, request: HttpRequest, status: int, detail: str) -> HttpResponse:
    return api.create_response(request, {"detail": detail}, status=status)


def is_creating(operation: Operation) -> bool:
    """A creating call: a POST that answers 201."""
    return "POST" in operation.methods and 201 in operation.response_models


def honouring_keys(
    api: NinjaAPI, operation: Operation, run: Callable[..., HttpResponseBase]
) -> Callable[..., HttpResponseBase]:
    """``run`` answering a retried key with its first answer, when ``operation`` creates."""
    if not is_creating(operation):
        return run

    def run_once(request: HttpRequest, **kw: Any) -> HttpResponseBase:
        key = request.headers.get(HEADER)
        if key is None:
            return run(request, **kw)
        # Who is calling decides whose keys these are; a refusal (401, 403) is answered
        # by the operation itself, as without a key.
        refused = operation._run_checks(request)
        if refused is not None:
            return refused
        key = key.strip()
        if not key or len(key) > KEY_MAX:
            return _json(api, request, 400, f"An {HEADER} is 1 to {KEY_MAX} characters.")
        try:
            fingerprint = fingerprint_of(request)
        except RequestDataTooBig:
            return run(request, **kw)
        claim = claim_key(request.auth, key, fingerprint, now=_now())  # type: ignore[attr-defined]
        if claim.refusal is not None:
            return _json(api, request, *claim.refusal)
        if claim.replay is not None:
            replay = HttpResponse(
                claim.replay.response_body,
                status=claim.replay.status_code,
                content_type=claim.replay.content_type,
            )
            replay[REPLAYED_HEADER] = "true"
            return replay
        assert claim.record is not None
        try:
            response = run(request, **kw)
        except BaseException:
            release_key(claim.record)  # nothing was answered, so nothing is kept
            raise
        if 200 <= response.status_code < 300 and isinstance(response, HttpResponse):
            remember_answer(claim.record, response)
        else:
            release_key(claim.record)
        return response

    return run_once
