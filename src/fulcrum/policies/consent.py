"""Recording consent events and deriving a client's consent state from them.

Every event is appended to the practitioner's ledger with the version's hash in the
same transaction, so what a client agreed to can be proved without trusting this table.
The state of a client and a policy is read from the newest event; nothing is ever
overwritten, and a withdrawal is one more event.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import FilteredRelation, Q
from django.utils import timezone

from fulcrum.accounts.models import User
from fulcrum.checkins.models import CheckIn
from fulcrum.clients.models import Client
from fulcrum.core.errors import InvalidInput
from fulcrum.core.policies import KIND_LABELS
from fulcrum.ledger.services import append_entry
from fulcrum.policies.models import ConsentEvent, Policy, PolicyVersion
from fulcrum.policies.services import a_year_after, grace_days, yearly_reconsent

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


GAP_STATES = {
    "reconsent": "needs to agree again",
    "yearly": "needs to agree again (a year has passed)",
    "never": "has not answered",
    "declined": "declined",
    "withdrawn": "withdrew agreement",
    "question": "has a question",
}


@dataclass(frozen=True)
class ConsentGap:
    """A policy a client has not agreed to in its current words, and why."""

    kind: str
    label: str
    state: str
    number: int
    agreed_number: int | None = None
    due_on: date | None = None

    @property
    def state_label(self) -> str:
        return GAP_STATES[self.state]


@dataclass(frozen=True)
class _Version:
    policy_id: int
    kind: str
    number: int
    material: bool
    effective_on: date | None


def a_year_has_passed(agreed_at: datetime, *, now: datetime) -> bool:
    """Whether yearly re-consent is on and an agreement made at ``agreed_at`` is more
    than a year old at ``now``."""
    return yearly_reconsent() and now >= a_year_after(agreed_at)


def _gap(
    versions: list[_Version], latest: tuple[str, int, datetime] | None, *, now: datetime
) -> ConsentGap | None:
    newest = versions[-1]
    label = KIND_LABELS.get(newest.kind, newest.kind)
    if latest is None:
        return ConsentGap(newest.kind, label, "never", newest.number)
    event, agreed, at = latest
    if event == ConsentEvent.Event.ACCEPTED:
        # An editorial change only tells the client; a material one asks again.
        changed = [v for v in versions if v.number > agreed and v.material]
        if not changed:
            if a_year_has_passed(at, now=now):
                anniversary = a_year_after(at).date()
                return ConsentGap(newest.kind, label, "yearly", newest.number, agreed, anniversary)
            return None
        first = changed[0]
        due = first.effective_on + timedelta(days=grace_days()) if first.effective_on else None
        return ConsentGap(newest.kind, label, "reconsent", newest.number, agreed, due)
    state = {
        ConsentEvent.Event.DECLINED: "declined",
        ConsentEvent.Event.WITHDRAWN: "withdrawn",
        ConsentEvent.Event.QUESTION: "question",
    }[ConsentEvent.Event(event)]
    return ConsentGap(newest.kind, label, state, newest.number, agreed)


def consent_gaps(
    owner: User, client_ids: Iterable[int], *, now: datetime | None = None
) -> dict[int, list[ConsentGap]]:
    """For each of ``owner``'s clients named, the policies they have not agreed to in
    their current words — in one query, whatever the number of clients or events.
    With yearly re-consent on, an agreement more than a year old at ``now`` (the present
    unless given) is a gap too.

    Every published version is read with its events from these clients joined on (a
    left join, so a version nobody answered still comes back); the newest event per
    client and policy decides, as ``consent_state`` does.
    """
    ids = list(client_ids)
    if not ids:
        return {}
    now = timezone.now() if now is None else now
    rows = (
        PolicyVersion.objects.filter(policy__owner=owner, published_at__isnull=False)
        .annotate(
            answered=FilteredRelation(
                "consent_events", condition=Q(consent_events__client_id__in=ids)
            )
        )
        .order_by()
        .values_list(
            "policy_id",
            "policy__kind",
            "number",
            "change",
            "effective_on",
            "answered__client_id",
            "answered__event",
            "answered__recorded_at",
            "answered__id",
        )
    )
    versions: dict[int, dict[int, _Version]] = {}
    answered = []
    for policy_id, kind, numbered, change, effective_on, client_id, event, at, pk in rows:
        number = numbered or 0  # a published version always has its number
        versions.setdefault(policy_id, {})[number] = _Version(
            policy_id, kind, number, change == PolicyVersion.Change.MATERIAL, effective_on
        )
        if client_id is not None:
            answered.append((at, pk, client_id, policy_id, event, number))
    latest: dict[tuple[int, int], tuple[str, int, datetime]] = {}
    for at, _, client_id, policy_id, event, number in sorted(answered):
        latest[(client_id, policy_id)] = (event, number, at)
    gaps: dict[int, list[ConsentGap]] = {client_id: [] for client_id in ids}
    policies = [[numbered[n] for n in sorted(numbered)] for numbered in versions.values()]
    for ordered in sorted(policies, key=lambda policy: policy[0].kind):
        policy_id = ordered[0].policy_id
        for client_id in ids:
            gap = _gap(ordered, latest.get((client_id, policy_id)), now=now)
            if gap is not None:
                gaps[client_id].append(gap)
    return gaps
