"""Access helpers for the safe-harbour plan, to be folded into fulcrum.accounts.access.

Same rules as there: anything that is not the user's raises Http404.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from fulcrum.harbour.models import HarbourAction, HarbourPlan, PractisedAction


def _require_user(user: Any) -> None:
    if user is None or not getattr(user, "is_authenticated", False):
        raise Http404("Not found.")


def harbour_plans_for_user(user: Any) -> QuerySet[HarbourPlan]:
    """Every version of the user's plan, newest first."""
    _require_user(user)
    return HarbourPlan.objects.filter(owner=user)


def current_harbour_plan_for_user(user: Any) -> HarbourPlan | None:
    """The user's current plan version, or None before the first save."""
    return harbour_plans_for_user(user).order_by("-version").first()


def get_harbour_plan_for_user(user: Any, version: int | str) -> HarbourPlan:
    """Version ``version`` of the user's plan, else 404."""
    _require_user(user)
    try:
        return HarbourPlan.objects.get(owner=user, version=int(version))
    except (HarbourPlan.DoesNotExist, ValueError, TypeError):
        raise Http404("No such plan version.") from None


def harbour_actions_for_user(user: Any) -> QuerySet[HarbourAction]:
    _require_user(user)
    return HarbourAction.objects.filter(plan__owner=user)


def practised_actions_for_user(user: Any) -> QuerySet[PractisedAction]:
    _require_user(user)
    return PractisedAction.objects.filter(checkin__client__owner=user, action__plan__owner=user)
