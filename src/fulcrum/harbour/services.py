"""State changes and readings for the safe-harbour plan. Views, demo and tests call these."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Max

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
    Practice,
    compute_coverage,
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


@transaction.atomic
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

    Replaces what was recorded for that session before, so it serves both a new
    check-in and a later correction. Raises InvalidInput for a session that is not the
    owner's or an action outside their current plan.
    """
    if checkin.client.owner_id != owner.pk:
        raise InvalidInput("That session is not in your workspace.")
    try:
        wanted = {int(a) for a in action_ids}
    except (TypeError, ValueError):
        raise InvalidInput("Those safe-harbour actions were not understood.") from None
    plan = current_plan(owner)
    allowed = set(plan.actions.values_list("pk", flat=True)) if plan is not None else set()
    if not wanted <= allowed:
        raise InvalidInput("Only actions of your current safe-harbour plan can be ticked.")
    PractisedAction.objects.filter(checkin=checkin).exclude(action_id__in=wanted).delete()
    have = set(PractisedAction.objects.filter(checkin=checkin).values_list("action_id", flat=True))
    PractisedAction.objects.bulk_create(
        [PractisedAction(checkin=checkin, action_id=pk) for pk in sorted(wanted - have)]
    )
    return list(PractisedAction.objects.filter(checkin=checkin).select_related("action"))


def practised_ids(checkin: CheckIn) -> set[int]:
    """The action ids recorded as practised in a session."""
    return set(PractisedAction.objects.filter(checkin=checkin).values_list("action_id", flat=True))


def coverage_for(owner: User, *, client: Client | None = None) -> Coverage:
    """How often each action of the current plan was practised, overall or for one client."""
    actions = plan_actions(current_plan(owner))
    checkins = CheckIn.objects.filter(client__owner=owner)
    if client is not None:
        checkins = checkins.filter(client=client)
    sessions = [str(pk) for pk in checkins.values_list("pk", flat=True)]
    practices = [
        Practice(key, str(checkin_id), str(client_id), at)
        for key, checkin_id, client_id, at in PractisedAction.objects.filter(
            checkin__in=checkins, action__plan__owner=owner
        ).values_list("action__key", "checkin_id", "checkin__client_id", "checkin__session_at")
    ]
    return compute_coverage(actions, practices, sessions=sessions)
