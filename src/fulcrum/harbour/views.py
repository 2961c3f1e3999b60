"""Safe-harbour pages: parse → access → service → render."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from fulcrum.accounts.models import User
from fulcrum.checkins.access import get_checkin_for_user
from fulcrum.clients.access import clients_for_user, get_client_for_user
from fulcrum.core.errors import InvalidInput
from fulcrum.core.harbour import ACTIONS_PER_PILLAR, PILLARS
from fulcrum.harbour import services
from fulcrum.harbour.access import current_harbour_plan_for_user, get_harbour_plan_for_user
from fulcrum.harbour.forms import FIELD_NAME, HarbourPlanForm, PractiseForm, practice_field_context

TOTAL_ACTIONS = ACTIONS_PER_PILLAR * len(PILLARS)


def _grouped(plan: object) -> list[tuple[object, list[object]]]:
    actions = list(plan.actions.all()) if plan is not None else []  # type: ignore[attr-defined]
    return [(p, [a for a in actions if a.pillar == p.id]) for p in PILLARS]


@login_required
def harbour_plan(request: HttpRequest) -> HttpResponse:
    plan = current_harbour_plan_for_user(request.user)
    count = plan.actions.count() if plan is not None else 0
    return render(
        request,
        "harbour/plan.html",
        {"plan": plan, "groups": _grouped(plan), "count": count, "total": TOTAL_ACTIONS},
    )


@login_required
def harbour_edit(request: HttpRequest) -> HttpResponse:
    plan = current_harbour_plan_for_user(request.user)
    form = HarbourPlanForm(
        request.POST if request.method == "POST" else None,
        initial=HarbourPlanForm.initial_for(plan),
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved, changed = services.save_plan(
                cast(User, request.user),
                form.texts(),
                note=form.cleaned_data["note"],
                now=timezone.now(),
            )
        except InvalidInput as exc:
            form.add_error(None, str(exc))
        else:
            if changed:
                messages.success(request, f"Saved as version {saved.version}.")
            else:
                messages.info(request, "Nothing changed, so no new version was made.")
            return redirect("harbour_plan")
    return render(
        request, "harbour/plan_form.html", {"form": form, "plan": plan, "total": TOTAL_ACTIONS}
    )


@login_required
def harbour_history(request: HttpRequest) -> HttpResponse:
    history = services.plan_history(cast(User, request.user))
    return render(request, "harbour/history.html", {"history": history})


@login_required
def harbour_version(request: HttpRequest, version: int) -> HttpResponse:
    plan = get_harbour_plan_for_user(request.user, version)
    current = current_harbour_plan_for_user(request.user)
    return render(
        request,
        "harbour/version.html",
        {"plan": plan, "groups": _grouped(plan), "is_current": current == plan},
    )


@login_required
def harbour_coverage(request: HttpRequest) -> HttpResponse:
    """Overall coverage, and for each client the actions never practised with them."""
    user = cast(User, request.user)
    plan = current_harbour_plan_for_user(user)
    view = services.coverage_view(user, clients=clients_for_user(user))
    return render(
        request,
        "harbour/coverage.html",
        {"plan": plan, "coverage": view.overall, "per_client": view.per_client, "client": None},
    )


@login_required
def harbour_client_coverage(request: HttpRequest, client_id: int) -> HttpResponse:
    client = get_client_for_user(request.user, client_id)
    user = cast(User, request.user)
    return render(
        request,
        "harbour/coverage.html",
        {
            "plan": current_harbour_plan_for_user(user),
            "coverage": services.coverage_for(user, client=client),
            "per_client": [],
            "client": client,
        },
    )


@login_required
def harbour_practice(request: HttpRequest, client_id: int, checkin_id: int) -> HttpResponse:
    """Tick the actions practised in a session already saved."""
    client = get_client_for_user(request.user, client_id)
    checkin = get_checkin_for_user(request.user, client, checkin_id)
    user = cast(User, request.user)
    form = PractiseForm(request.POST if request.method == "POST" else None, owner=user)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_practice(
                checkin, [a.pk for a in form.cleaned_data[FIELD_NAME]], owner=user
            )
        except InvalidInput as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Practice recorded.")
            return redirect("client_detail", client_id=client.pk)
    selected = (
        set(request.POST.getlist(FIELD_NAME))
        if request.method == "POST"
        else {str(pk) for pk in services.practised_ids(checkin, user)}
    )
    return render(
        request,
        "harbour/practice.html",
        {
            "client": client,
            "checkin": checkin,
            "form": form,
            **practice_field_context(user, selected=selected, unfolded=True),
        },
    )
