"""State changes and readings for the safe-harbour plan. Views, demo and tests call these."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Count, Max, Q, QuerySet

from fulcrum.accounts.models import User
from fulcrum.checkins.models import CheckIn
from fulcrum.clients.models import Client
from fulcrum.core.errors import InvalidInput
from fulcrum.core.harbour import (
    ACTIONS_PER_PILLAR,
    PILLAR_IDS,
    ActionChange,
    Coverage,
    PlanAction,
    coverage_from_counts,
    diff_plans,
    same_wording,
)
from fulcrum.harbour.models import HarbourAction, HarbourPlan, PractisedAction

TEXT_MAX = 200
Slot = tuple[str, int]


def current_plan(owner: User) -> HarbourPlan | None:
    """The owner's latest plan version, or None before the first save."""
    return HarbourPlan.objects.filter(owner=owner).order_by("-version").first()


def plan_actions(plan: HarbourPlan | None) -> list[PlanAction]:
    """A plan version's actions as the core's values, in pillar and position order."""
    if plan is None:
        return []
    rows = [PlanAction(a.key, a.pillar, a.position, a.text) for a in plan.actions.all()]
    return sorted(rows, key=lambda a: (PILLAR_IDS.index(a.pillar), a.position))


def _clean(texts: Mapping[Slot, str]) -> dict[Slot, str]:
    cleaned: dict[Slot, str] = {}
    for (pillar, position), text in texts.items():
        if pillar not in PILLAR_IDS or not 1 <= position <= ACTIONS_PER_PILLAR:
            raise InvalidInput(f"There is no safe-harbour slot {pillar} {position}.")
        text = " ".join(text.split())
        if len(text) > TEXT_MAX:
            raise InvalidInput(f"Keep each action under {TEXT_MAX} characters.")
        if text:
            cleaned[(pillar, position)] = text
    if not cleaned:
        raise InvalidInput("Write at least one action before saving the plan.")
    return cleaned


@transaction.atomic(durable=True)
def save_plan(
    owner: User, texts: Mapping[Slot, str], *, now: datetime, note: str = ""
) -> tuple[HarbourPlan, bool]:
    """Save the plan as a new version; return it and whether anything changed.

    Empty slots are left out. An unchanged plan creates no version. An action whose
    wording matches one in the same pillar of the previous version keeps its key, so
    its practice history carries over.
    """
    cleaned = _clean(texts)
    # Lock the owner's row so two tabs saving at once cannot take the same version number.
    User.objects.select_for_update().filter(pk=owner.pk).first()
    previous = current_plan(owner)
    before = plan_actions(previous)
    if previous is not None and {(a.pillar, a.position): a.text for a in before} == cleaned:
        return previous, False
    latest = HarbourPlan.objects.filter(owner=owner).aggregate(v=Max("version"))["v"] or 0
    plan = HarbourPlan.objects.create(
        owner=owner, version=latest + 1, created_at=now, note=note.strip()[:200]
    )
    unclaimed = list(before)
    rows = []
    for (pillar, position), text in sorted(cleaned.items(), key=lambda kv: _order(kv[0])):
        match = next(
            (a for a in unclaimed if a.pillar == pillar and same_wording(a.text, text)), None
        )
        if match is not None:
            unclaimed.remove(match)
        key = match.key if match is not None else uuid.uuid4().hex
        rows.append(HarbourAction(plan=plan, pillar=pillar, position=position, text=text, key=key))
    HarbourAction.objects.bulk_create(rows)
    return plan, True


def _order(slot: Slot) -> tuple[int, int]:
    return (PILLAR_IDS.index(slot[0]), slot[1])


@dataclass(frozen=True)
class PlanVersion:
    """One version of the plan with what changed since the one before."""

    plan: HarbourPlan
    action_count: int
    changes: tuple[ActionChange, ...]
    is_first: bool


def plan_history(owner: User) -> list[PlanVersion]:
    """Every version, newest first, each with its changes from the previous one."""
    plans = list(
        HarbourPlan.objects.filter(owner=owner).order_by("version").prefetch_related("actions")
    )
    history: list[PlanVersion] = []
    before: list[PlanAction] = []
    for i, plan in enumerate(plans):
        after = plan_actions(plan)
        history.append(PlanVersion(plan, len(after), diff_plans(before, after), i == 0))
        before = after
    history.reverse()
    return history


@transaction.atomic
def record_practice(
    checkin: CheckIn, action_ids: Iterable[int | str], *, owner: User
) -> list[PractisedAction]:
    """Set which actions of the owner's current plan were practised in ``checkin``.

    Practice is counted by an action's key, which survives plan versions while the
    wording does: an action ticked under an earlier version shows as ticked under the
    current one. For every action of the current plan, what is ticked now replaces what
    was recorded for that session before, so this serves a new check-in and a later
    correction alike; practice of actions since retired from the plan is left as it
    was. Raises InvalidInput for a session that is not the owner's or an action outside
    their current plan.
    """
    if checkin.client.owner_id != owner.pk:
        raise InvalidInput("That session is not in your workspace.")
    try:
        wanted = {int(a) for a in action_ids}
    except (TypeError, ValueError):
        raise InvalidInput("Those safe-harbour actions were not understood.") from None
    plan = current_plan(owner)
    current = {a.pk: a.key for a in plan.actions.all()} if plan is not None else {}
    if not wanted <= current.keys():
        raise InvalidInput("Only actions of your current safe-harbour plan can be ticked.")
    wanted_keys = {current[pk] for pk in wanted}
    recorded = PractisedAction.objects.filter(checkin=checkin).select_related("action")
    have_keys = set()
    for practice in recorded:
        key = practice.action.key
        if key in current.values() and key not in wanted_keys:
            practice.delete()
        else:
            have_keys.add(key)
    PractisedAction.objects.bulk_create(
        [
            PractisedAction(checkin=checkin, action_id=pk)
            for pk in sorted(wanted)
            if current[pk] not in have_keys
        ]
    )
    return list(PractisedAction.objects.filter(checkin=checkin).select_related("action"))


def practice_in(checkin: CheckIn, owner: User) -> list[HarbourAction]:
    """The actions practised in a saved session, in pillar and position order."""
    actions = [
        p.action for p in PractisedAction.objects.filter(checkin=checkin).select_related("action")
    ]
    actions.sort(key=lambda a: (PILLAR_IDS.index(a.pillar), a.position))
    return actions


def practised_ids(checkin: CheckIn, owner: User) -> set[int]:
    """Ids of the owner's current-plan actions practised in a session (matched by key)."""
    plan = current_plan(owner)
    if plan is None:
        return set()
    keys = set(
        PractisedAction.objects.filter(checkin=checkin).values_list("action__key", flat=True)
    )
    return set(plan.actions.filter(key__in=keys).values_list("pk", flat=True))


def _counted_sessions(owner: User) -> QuerySet[CheckIn]:
    """The sessions coverage is measured over.

    Sessions since the first version of the plan was saved, plus any earlier session
    the practitioner went back and ticked: a session from before the plan existed
    says nothing about whether its actions are lived.
    """
    first = HarbourPlan.objects.filter(owner=owner).order_by("version").first()
    checkins = CheckIn.objects.filter(client__owner=owner)
    if first is None:
        return checkins.none()
    ticked = PractisedAction.objects.filter(checkin__client__owner=owner).values("checkin_id")
    # A subquery, not a join: each session is one row, so counting needs no DISTINCT.
    return checkins.filter(Q(session_at__gte=first.created_at) | Q(pk__in=ticked))


@dataclass(frozen=True)
class CoverageView:
    """Coverage of the current plan overall and, for each client with sessions, alone."""

    overall: Coverage
    per_client: tuple[tuple[Client, Coverage], ...]


def coverage_for(owner: User, *, client: Client | None = None) -> Coverage:
    """How often each action of the current plan was practised, overall or for one client.

    One client's is counted from that client's rows alone (the client page's case).
    """
    if client is None:
        return coverage_view(owner, clients=[]).overall
    if client.owner_id != owner.pk:
        raise InvalidInput("That client is not in your workspace.")
    actions = plan_actions(current_plan(owner))
    sessions, times, last = _coverage_counts(owner, actions, client)
    return coverage_from_counts(
        actions,
        sessions.get(client.pk, 0),
        {key: n for (_, key), n in times.items()},
        {key: at for (_, key), at in last.items()},
    )


def coverage_view(owner: User, *, clients: Iterable[Client]) -> CoverageView:
    """Overall coverage and each of ``clients``' (the owner's) coverage.

    The database counts (sessions per client, and per client and action the sessions it
    was practised in and the latest of them), so the cost stays a handful of queries
    however long the caseload's history grows.
    """
    wanted = list(clients)
    for client in wanted:
        if client.owner_id != owner.pk:
            raise InvalidInput("That client is not in your workspace.")
    actions = plan_actions(current_plan(owner))
    sessions, times, last = _coverage_counts(owner, actions)
    overall_times: Counter[str] = Counter()
    overall_last: dict[str, datetime] = {}
    for (_, key), n in times.items():
        overall_times[key] += n  # a session belongs to one client: the sums are distinct
    for (_, key), at in last.items():
        if key not in overall_last or at > overall_last[key]:
            overall_last[key] = at
    overall = coverage_from_counts(actions, sum(sessions.values()), overall_times, overall_last)
    per_client = []
    for client in wanted:
        own_times = {key: n for (cid, key), n in times.items() if cid == client.pk}
        own_last = {key: at for (cid, key), at in last.items() if cid == client.pk}
        per_client.append(
            (
                client,
                coverage_from_counts(actions, sessions.get(client.pk, 0), own_times, own_last),
            )
        )
    return CoverageView(overall=overall, per_client=tuple(per_client))


def _coverage_counts(
    owner: User, actions: list[PlanAction], client: Client | None = None
) -> tuple[dict[int, int], dict[tuple[int, str], int], dict[tuple[int, str], datetime]]:
    """Counted sessions per client; per (client, action key) sessions practised and latest.

    Practices of actions no longer in the plan (retired wording) are left out; an action
    counts once per session.
    """
    counted = _counted_sessions(owner)
    practices = PractisedAction.objects.filter(
        checkin__client__owner=owner,
        action__plan__owner=owner,
        action__key__in=[a.key for a in actions],
    )
    if client is not None:
        counted = counted.filter(client=client)
        practices = practices.filter(checkin__client=client)
    sessions = {
        row["client_id"]: row["n"]
        for row in counted.order_by().values("client_id").annotate(n=Count("pk"))
    }
    times: dict[tuple[int, str], int] = {}
    last: dict[tuple[int, str], datetime] = {}
    rows = (
        practices.order_by()
        .values("checkin__client_id", "action__key")
        .annotate(n=Count("checkin_id", distinct=True), at=Max("checkin__session_at"))
    )
    for row in rows:
        slot = (row["checkin__client_id"], row["action__key"])
        times[slot] = row["n"]
        last[slot] = row["at"]
    return sessions, times, last
