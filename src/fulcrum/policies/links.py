"""Consent links: a client's private, single-use link to the policy versions it names.

The design is the client-voice link's, reused by import: a token made by ``secrets``,
shown to the practitioner once and stored only as a hash; failed lookups counted per
keyed hash of the visitor's address and limited. Answering claims the link with a
conditional update in the same transaction that records every answer through
``record_consent``, so the link is used once and all answers land together or none do.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction

from fulcrum.clients.models import Client
from fulcrum.clientvoice.services import (
    TOKEN_BYTES,
    TOKEN_MAX_LENGTH,
    LinkUnavailable,
    hash_token,
    link_days,
)
from fulcrum.core.errors import InvalidInput
from fulcrum.policies.consent import record_consent
from fulcrum.policies.models import ConsentEvent, ConsentLink, PolicyVersion

ANSWERS = (
    ConsentEvent.Event.ACCEPTED,
    ConsentEvent.Event.DECLINED,
    ConsentEvent.Event.QUESTION,
)


@dataclass(frozen=True)
class Answer:
    """What the client said about one version: agreed, declined, or asked a question."""

    event: str
    question: str = ""


@transaction.atomic
def create_consent_link(
    client: Client, versions: Iterable[PolicyVersion], *, now: datetime
) -> tuple[ConsentLink, str]:
    """Open a single-use link asking ``client`` about published ``versions``; return it
    and the raw token (kept nowhere: show it once)."""
    chosen = list(versions)
    if not chosen:
        raise InvalidInput("Please choose at least one policy to ask about.")
    for version in chosen:
        if version.published_at is None:
            raise InvalidInput("Only a published version can be asked about.")
        if version.policy.owner_id != client.owner_id:
            raise InvalidInput("That policy is not this client's practitioner's.")
    raw = secrets.token_urlsafe(TOKEN_BYTES)
    link = ConsentLink.objects.create(
        client=client,
        token_hash=hash_token(raw),
        created_at=now,
        expires_at=now + timedelta(days=link_days()),
    )
    link.versions.set(chosen)
    return link, raw


@transaction.atomic
def withdraw_consent_link(link: ConsentLink) -> None:
    """Close a link that has not been answered; the answers of a used one stay as events."""
    if link.used_at is not None:
        raise InvalidInput("That link has already been answered; its answers stay.")
    link.delete()


def consent_link_status(link: ConsentLink, *, now: datetime) -> str:
    if link.used_at is not None:
        return "answered"
    return "expired" if link.expires_at <= now else "open"


def find_consent_link(raw: str, *, now: datetime) -> ConsentLink:
    """The open link for ``raw``; raise LinkUnavailable if it is unknown, expired or used."""
    if not raw or len(raw) > TOKEN_MAX_LENGTH:
        raise LinkUnavailable("unknown")
    link = ConsentLink.objects.select_related("client").filter(token_hash=hash_token(raw)).first()
    if link is None:
        raise LinkUnavailable("unknown")
    if link.used_at is not None:
        raise LinkUnavailable("used")
    if link.expires_at <= now:
        raise LinkUnavailable("expired")
    return link


def versions_of(link: ConsentLink) -> list[PolicyVersion]:
    """The versions a link asks about, in the order of their policies' kinds."""
    return list(link.versions.select_related("policy").order_by("policy__kind", "number"))


@transaction.atomic
def answer_consent_link(
    raw: str, answers: Mapping[int, Answer], *, typed_name: str, now: datetime
) -> list[ConsentEvent]:
    """Record the client's answer to every version of link ``raw`` and close the link.

    Every version needs an answer; an acceptance needs the typed name. If another
    submission claimed the link first, nothing is recorded and LinkUnavailable is raised.
    """
    link = find_consent_link(raw, now=now)
    versions = versions_of(link)
    if set(answers) != {v.pk for v in versions}:
        raise InvalidInput("Please answer for every policy.")
    for answer in answers.values():
        if answer.event not in ANSWERS:
            raise InvalidInput(f"There is no answer called {answer.event!r}.")
        if answer.event == ConsentEvent.Event.QUESTION and not answer.question.strip():
            raise InvalidInput("Please write your question.")
    claimed = ConsentLink.objects.filter(
        pk=link.pk, used_at__isnull=True, expires_at__gt=now
    ).update(used_at=now)
    if claimed != 1:
        raise LinkUnavailable("used")
    events = []
    for version in versions:
        answer = answers[version.pk]
        events.append(
            record_consent(
                link.client,
                version,
                event=answer.event,
                channel=ConsentEvent.Channel.LINK,
                typed_name=typed_name if answer.event == ConsentEvent.Event.ACCEPTED else "",
                question=answer.question if answer.event == ConsentEvent.Event.QUESTION else "",
                now=now,
            )
        )
    return events


def find_answered_link(raw: str, *, now: datetime, within: timedelta) -> ConsentLink:
    """The link for ``raw`` if it was answered no longer than ``within`` ago; raise
    LinkUnavailable otherwise (an open link has no answers to show yet)."""
    if not raw or len(raw) > TOKEN_MAX_LENGTH:
        raise LinkUnavailable("unknown")
    link = ConsentLink.objects.select_related("client").filter(token_hash=hash_token(raw)).first()
    if link is None or link.used_at is None:
        raise LinkUnavailable("unknown")
    if link.used_at + within < now:
        raise LinkUnavailable("expired")
    return link
