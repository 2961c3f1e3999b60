"""State changes of practice policies. Views, the demo and tests call these.

A policy starts from Fulcrum's starter text for its kind; the practitioner edits the
draft, then publishes it. Publishing freezes the canonical text and its SHA-256, numbers
the version, and appends a ``policy.published`` entry with the hash to the ledger in the
same transaction, so the words in force on any day can be proved. A new version
supersedes the old one from its effective date; nothing about the old row changes.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max

from fulcrum.accounts.models import User
from fulcrum.core.errors import InvalidInput
from fulcrum.core.fieldrules import nul_problem
from fulcrum.core.policies import KINDS, canonical_text, default_starters, text_hash
from fulcrum.ledger.services import append_entry
from fulcrum.policies.models import TITLE_MAX, ConsentEvent, Policy, PolicyVersion, ReconsentMark

TEXT_MAX = 20_000
SUMMARY_MAX = 2_000
PUBLISHED_KIND = "policy.published"
DEFAULT_GRACE_DAYS = 30


def grace_days() -> int:
    """Days a client has to agree again after a material change
    (``FULCRUM_RECONSENT_GRACE_DAYS``, read at call time)."""
    return max(int(getattr(settings, "FULCRUM_RECONSENT_GRACE_DAYS", DEFAULT_GRACE_DAYS)), 0)


def yearly_reconsent() -> bool:
    """Whether an agreement more than a year old asks the client again
    (``FULCRUM_CONSENT_YEARLY``, read at call time)."""
    return bool(getattr(settings, "FULCRUM_CONSENT_YEARLY", False))


def a_year_after(moment: datetime) -> datetime:
    """The same moment a calendar year later (29 February gives 1 March)."""
    try:
        return moment.replace(year=moment.year + 1)
    except ValueError:
        return moment.replace(year=moment.year + 1, month=3, day=1)


def _clean(value: str, *, limit: int, name: str, required: bool) -> str:
    value = canonical_text(value).strip("\n")
    problem = nul_problem(value)
    if problem:
        raise InvalidInput(problem)
    if required and not value.strip():
        raise InvalidInput(f"Please write the {name}.")
    if len(value) > limit:
        raise InvalidInput(f"Please keep the {name} under {limit} characters.")
    return value


def draft_of(policy: Policy) -> PolicyVersion | None:
    """The policy's unpublished draft, if it has one."""
    return policy.versions.filter(published_at__isnull=True).first()


def latest_published(policy: Policy) -> PolicyVersion | None:
    """The policy's newest published version, whatever its effective date."""
    return policy.versions.filter(published_at__isnull=False).order_by("-number").first()


def current_version(policy: Policy, *, on: date) -> PolicyVersion | None:
    """The version in force ``on`` a day: the newest published one already effective."""
    return (
        policy.versions.filter(published_at__isnull=False, effective_on__lte=on)
        .order_by("-number")
        .first()
    )


@transaction.atomic(durable=True)
def start_draft(owner: User, kind: str, *, now: datetime) -> PolicyVersion:
    """Open a draft of ``owner``'s policy of ``kind``: its draft if one is open, else the
    newest published words, else Fulcrum's starter text."""
    if kind not in KINDS:
        raise InvalidInput(f"There is no kind of policy called {kind!r}.")
    policy, _ = Policy.objects.get_or_create(owner=owner, kind=kind, defaults={"created_at": now})
    existing = draft_of(policy)
    if existing is not None:
        return existing
    base = latest_published(policy)
    if base is not None:
        title, text = base.title, base.text
    else:
        starter = default_starters()[kind]
        title, text = starter.title, starter.text
    return PolicyVersion.objects.create(
        policy=policy, title=title, text=text, created_at=now, updated_at=now
    )


@transaction.atomic(durable=True)
def edit_draft(draft: PolicyVersion, *, title: str, text: str, now: datetime) -> PolicyVersion:
    """Replace a draft's title and words."""
    if draft.is_published:
        raise InvalidInput("That version is published; start a new draft to change it.")
    draft.title = _clean(title, limit=TITLE_MAX, name="title", required=True)
    draft.text = _clean(text, limit=TEXT_MAX, name="policy's text", required=True)
    draft.updated_at = now
    draft.save(update_fields=["title", "text", "updated_at"])
    return draft


@transaction.atomic(durable=True)
def discard_draft(draft: PolicyVersion) -> None:
    """Throw a draft away; published versions are never removed."""
    if draft.is_published:
        raise InvalidInput("A published version cannot be removed.")
    draft.delete()


@transaction.atomic(durable=True)
def publish(
    draft: PolicyVersion,
    *,
    change: str,
    summary: str,
    effective_on: date,
    now: datetime,
) -> PolicyVersion:
    """Freeze a draft as the policy's next version and record its hash in the ledger.

    The first version's change is ``first``; later ones are ``material`` (clients are
    asked to agree again) or ``editorial`` (they are only told).
    """
    if draft.is_published:
        raise InvalidInput("That version is already published.")
    policy = Policy.objects.select_for_update().get(pk=draft.policy_id)
    previous = latest_published(policy)
    if previous is None:
        change = PolicyVersion.Change.FIRST
    elif change not in (PolicyVersion.Change.MATERIAL, PolicyVersion.Change.EDITORIAL):
        raise InvalidInput("Please say whether the change is material or editorial.")
    summary = _clean(summary, limit=SUMMARY_MAX, name="change summary", required=False)
    if previous is not None and not summary.strip():
        raise InvalidInput("Please say in a sentence what changed.")
    text = canonical_text(draft.text)
    if previous is not None and previous.sha256 == text_hash(text):
        raise InvalidInput("The words are the same as the version in force; nothing to publish.")
    if previous is not None and previous.effective_on and effective_on < previous.effective_on:
        raise InvalidInput("A new version cannot take effect before the one it replaces.")
    number = (policy.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    draft.text = text
    draft.number = number
    draft.sha256 = text_hash(text)
    draft.change = change
    draft.change_summary = summary
    draft.effective_on = effective_on
    draft.published_at = now
    draft.updated_at = now
    draft.save()
    append_entry(
        policy.owner,
        kind=PUBLISHED_KIND,
        payload={
            "policy": policy.kind,
            "version": number,
            "sha256": draft.sha256,
            "change": change,
            "effective_on": effective_on.isoformat(),
        },
        now=now,
    )
    if change == PolicyVersion.Change.MATERIAL:
        mark_for_reconsent(draft, now=now)
    return draft


def mark_for_reconsent(version: PolicyVersion, *, now: datetime) -> list[ReconsentMark]:
    """Mark every client whose newest event on this policy agrees to an older version."""
    latest: dict[int, ConsentEvent] = {}
    events = ConsentEvent.objects.filter(version__policy_id=version.policy_id).select_related(
        "version"
    )
    for event in events.order_by("recorded_at", "pk"):
        latest[event.client_id] = event
    due = (version.effective_on or now.date()) + timedelta(days=grace_days())
    marks = [
        ReconsentMark(
            client_id=client_id,
            version=version,
            agreed_to=event.version,
            due_on=due,
            created_at=now,
        )
        for client_id, event in latest.items()
        if event.event == ConsentEvent.Event.ACCEPTED
        and (event.version.number or 0) < (version.number or 0)
    ]
    return ReconsentMark.objects.bulk_create(marks)
