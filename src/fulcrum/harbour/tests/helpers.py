"""Builders shared by the safe-harbour tests."""

from __future__ import annotations

from datetime import datetime, timedelta

from fulcrum.accounts.models import User
from fulcrum.core.harbour import ACTIONS_PER_PILLAR, PILLAR_IDS
from fulcrum.harbour.forms import slot_field_name
from fulcrum.harbour.models import HarbourAction, HarbourPlan
from fulcrum.harbour.services import save_plan
from fulcrum.testing import NOW

# Plans start well before the test cast's sessions, so every session counts for coverage.
PLAN_AT = NOW - timedelta(days=365)


def texts(**changes: str) -> dict[tuple[str, int], str]:
    """All twenty slots filled ("trust 1" …); override a slot with trust_1="…"."""
    values = {
        (p, n): f"{p} action {n}" for p in PILLAR_IDS for n in range(1, ACTIONS_PER_PILLAR + 1)
    }
    for name, text in changes.items():
        pillar, position = name.rsplit("_", 1)
        values[(pillar, int(position))] = text
    return values


def make_plan(owner: User, at: datetime = PLAN_AT, **changes: str) -> HarbourPlan:
    plan, _ = save_plan(owner, texts(**changes), now=at)
    return plan


def action(plan: HarbourPlan, pillar: str, position: int) -> HarbourAction:
    return plan.actions.get(pillar=pillar, position=position)


def plan_form_data(**changes: str) -> dict[str, str]:
    return {slot_field_name(p, n): t for (p, n), t in texts(**changes).items()}
