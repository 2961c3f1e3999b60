"""What a user may see of the safe-harbour plan: their own versions and practice (a 404
otherwise)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from fulcrum.accounts.access import Viewer
from fulcrum.accounts.roles import practitioner
from fulcrum.harbour.models import HarbourPlan, PractisedAction


def harbour_plans_for_user(user: Viewer) -> QuerySet[HarbourPlan]:
    """Every version of the user's plan, newest first."""
    owner = practitioner(user)
    return HarbourPlan.objects.filter(owner=owner)


def current_harbour_plan_for_user(user: Viewer) -> HarbourPlan | None:
    """The user's current plan version, or None before the first save."""
    return harbour_plans_for_user(user).order_by("-version").first()


def get_harbour_plan_for_user(user: Viewer, version: int | str) -> HarbourPlan:
    """Version ``version`` of the user's plan, else 404."""
    try:
        return harbour_plans_for_user(user).get(version=int(version))
    except (HarbourPlan.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("No such plan version.") from None


def practised_actions_for_user(user: Viewer) -> QuerySet[PractisedAction]:
    owner = practitioner(user)
    return PractisedAction.objects.filter(checkin__client__owner=owner, action__plan__owner=owner)
