"""Recording consent events and deriving a client's consent state from them.

Every event is appended to the practitioner's ledger with the version's hash in the
same transaction, so what a client agreed to can be proved without trusting this table.
The state of a client and a policy is read from the newest event; nothing is ever
overwritten, and a withdrawal is one more event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction

from fulcrum.checkins.models import CheckIn
from fulcrum.clients.models import Client
from fulcrum.core.errors import InvalidInput
from fulcrum.ledger.services import append_entry
from fulcrum.policies.models import ConsentEvent, Policy, PolicyVersion

NAME_MAX = 200
QUESTION_MAX = 2_000
CONSENT_KIND = "policy.consent"


def statement_for(version: PolicyVersion) -> str:
    """The statement of intent an acceptance names: the version and the policy's title."""
    return f"I have read version {version.number} of “{version.title}” and agree."


@transaction.atomic
def record_consent(
    client: Client,
    version: PolicyVersion,
    *,
    event: str,
    channel: str,
    now: datetime,
    typed_name: str = "",
    question: str = "",
    checkin: CheckIn | None = None,
) -> ConsentEvent:
    """Append one consent event for ``client`` about a published ``version``.

    An acceptance through a link needs the client's typed name; a verbal one is attested
    by the practitioner and pinned to a session of the same client.
    """
    if version.published_at is None:
        raise InvalidInput("Only a published version can be agreed to.")
    if version.policy.owner_id != client.owner_id:
        raise InvalidInput("That policy is not this client's practitioner's.")
    if event not in ConsentEvent.Event.values:
        raise InvalidInput(f"There is no consent event called {event!r}.")
    if channel not in ConsentEvent.Channel.values:
        raise InvalidInput(f"There is no consent channel called {channel!r}.")
    typed_name, question = typed_name.strip(), question.strip()
    if len(typed_name) > NAME_MAX or len(question) > QUESTION_MAX:
        raise InvalidInput("Please keep it shorter.")
    if "\x00" in typed_name or "\x00" in question:
        raise InvalidInput("Text cannot contain NUL characters (\\u0000).")
    if channel == ConsentEvent.Channel.VERBAL:
        if checkin is None or checkin.client_id != client.pk:
            raise InvalidInput("Verbal consent is pinned to one of this client's sessions.")
    elif event == ConsentEvent.Event.ACCEPTED and not typed_name:
        raise InvalidInput("Please type your name to agree.")
    statement = statement_for(version) if event == ConsentEvent.Event.ACCEPTED else ""
    entry = append_entry(
        client.owner,
        kind=CONSENT_KIND,
        payload={
            "client": client.pk,
            "policy": version.policy.kind,
            "version": version.number,
            "sha256": version.sha256,
            "event": event,
            "channel": channel,
            "statement": statement,
            "session": checkin.pk if checkin else None,
        },
        now=now,
    )
    return ConsentEvent.objects.create(
        client=client,
        version=version,
        event=event,
        channel=channel,
        version_sha256=version.sha256,
        typed_name=typed_name,
        statement=statement,
        question=question,
        checkin=checkin,
        entry=entry,
        recorded_at=now,
    )


@dataclass(frozen=True)
class ConsentState:
    """Where a client stands with one policy, derived from the newest event."""

    policy: Policy
    latest: ConsentEvent | None

    @property
    def agreed_version(self) -> PolicyVersion | None:
        if self.latest is not None and self.latest.event == ConsentEvent.Event.ACCEPTED:
            return self.latest.version
        return None


def consent_state(client: Client, policy: Policy) -> ConsentState:
    """The client's state for one policy."""
    latest = (
        ConsentEvent.objects.filter(client=client, version__policy=policy)
        .select_related("version")
        .order_by("-recorded_at", "-pk")
        .first()
    )
    return ConsentState(policy, latest)
