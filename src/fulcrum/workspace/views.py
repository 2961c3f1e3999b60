"""Pages that span areas: the caseload, the client page and a session's check-in.

Each one parses, fetches through the areas' access functions, calls one service and
renders what ``fulcrum.workspace.client_page`` composed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from fulcrum.accounts.access import account_of
from fulcrum.accounts.models import Role, User
from fulcrum.accounts.roles import needs_second_factor, roles_of, second_factor_page
from fulcrum.checkins import services as checkin_services
from fulcrum.checkins.access import get_checkin_for_user
from fulcrum.checkins.forms import CheckInForm
from fulcrum.clients import services as client_services
from fulcrum.clients.access import get_client_for_user
from fulcrum.clients.forms import DeleteClientForm
from fulcrum.clients.models import Client
from fulcrum.core.catalogue import load_catalogue
from fulcrum.core.errors import InvalidInput
from fulcrum.harbour.forms import add_practice_field, practised_in, ticked_actions
from fulcrum.history.forms import add_change_reason_field
from fulcrum.history.services import history_of
from fulcrum.kernel.htmx import HtmxHttpRequest
from fulcrum.transcripts import services as transcript_services
from fulcrum.transcripts.access import get_transcript_for_user
from fulcrum.transcripts.models import Transcript
from fulcrum.transcripts.prefill import CheckInPrefill
from fulcrum.workspace.client_page import (
    caseload_page,
    checkin_deletion_counts,
    checkin_page,
    checkin_sections,
    client_deletion_counts,
    client_for_page,
    client_page,
)
from fulcrum.workspace.services import record_session, update_session

# Where someone who holds a role but not the practitioner's starts, in this order.
ROLE_HOMES = ((Role.SUPERVISOR, "supervisor_home"), (Role.EDUCATOR, "teach_home"))


def first_page_for(user: User) -> str | None:
    """Where a person who is not a practitioner lands instead of the caseload, which is
    not theirs to open: their role's home, or first the page that turns on the second
    factor that role needs; an account holding no role at all, its account page."""
    roles = roles_of(user)
    if Role.PRACTITIONER in roles:
        return None
    for role, home in ROLE_HOMES:
        if role in roles:
            if needs_second_factor(user):
                return second_factor_page(role)
            return reverse(home)
    return reverse("account")


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    first = first_page_for(account_of(request))
    if first is not None:
        return redirect(first)
    return render(request, "workspace/dashboard.html", caseload_page(account_of(request)))


# --- the client page ---------------------------------------------------------------------


@login_required
def client_detail(request: HttpRequest, client_id: int) -> HttpResponse:
    user = account_of(request)
    client, asked = client_for_page(user, client_id)
    return render(
        request,
        "clients/client_detail.html",
        client_page(user, client, now=timezone.now(), asked=asked),
    )


@login_required
def client_delete(request: HttpRequest, client_id: int) -> HttpResponse:
    user = account_of(request)
    client = get_client_for_user(user, client_id)
    form = DeleteClientForm(request.POST or None, client=client)
    if request.method == "POST" and form.is_valid():
        code = client.code
        try:
            client_services.delete_client(client, now=timezone.now())
        except InvalidInput as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"{code} and everything recorded about them were deleted.")
            return redirect("client_list")
    counts = client_deletion_counts(user, client)
    return render(
        request, "clients/client_delete.html", {"client": client, "form": form, "counts": counts}
    )


# --- a session: its check-in, practice and transcript -------------------------------------


def _transcript_prefill(
    request: HttpRequest, user: User, client: Client
) -> tuple[Transcript | None, CheckInPrefill | None]:
    """The transcript named by ``?transcript=`` (404 unless it is this client's) and the
    answers its analysis suggests."""
    transcript_id = request.GET.get("transcript")
    if not transcript_id:
        return None, None
    transcript = get_transcript_for_user(user, client, transcript_id)
    return transcript, transcript_services.checkin_prefill_for(transcript)


def _with_transcript(url: str, transcript: Transcript | None) -> str:
    return f"{url}?transcript={transcript.pk}" if transcript is not None else url


def _session_form(
    request: HttpRequest, user: User, client: Client, *, now: datetime, initial: dict[str, Any]
) -> CheckInForm:
    form = CheckInForm(
        request.POST if request.method == "POST" else None,
        catalogue=load_catalogue(),
        now=now,
        modality=client.modality,
        initial=initial,
    )
    add_practice_field(form, user)
    return form


def _refused(form: CheckInForm, exc: InvalidInput) -> None:
    field = getattr(exc, "field", None)
    form.add_error(field if field in form.fields else None, str(exc))


@login_required
def checkin_create(request: HtmxHttpRequest, client_id: int) -> HttpResponse:
    user = account_of(request)
    client = get_client_for_user(user, client_id)
    now = timezone.now()
    transcript, prefill = _transcript_prefill(request, user, client)
    form = _session_form(
        request, user, client, now=now, initial=prefill.initial() if prefill else {}
    )
    if request.method == "POST" and form.is_valid() and not form.warn_same_time(client):
        try:
            recorded = record_session(
                client,
                form.checkin_data(),
                now=now,
                practised=practised_in(form),
                transcript=transcript,
            )
        except InvalidInput as exc:
            _refused(form, exc)
        else:
            checkin, new_warnings = recorded.checkin, recorded.opened
            if request.htmx:
                context = {
                    **checkin_sections(user, client, now=now),
                    "saved": checkin,
                    "new_warnings": new_warnings,
                }
                return render(request, "checkins/_saved.html", context)
            messages.success(
                request,
                f"Check-in saved for {client.code}: over-use {checkin.over_score:.1f}, "
                f"under-use {checkin.under_score:.1f}, skilful use {checkin.skilful_score:.1f}.",
                extra_tags="focus",  # the client page puts keyboard focus on this notice
            )
            for warning in new_warnings:
                messages.warning(request, f"New drift warning: {warning.title}")
            return redirect("client_detail", client_id=client.pk)
    template = (
        "checkins/checkin_form.html#checkin-form" if request.htmx else "checkins/checkin_form.html"
    )
    context = {
        "client": client,
        "form": form,
        "transcript": transcript,
        "prefill": prefill,
        "form_action": _with_transcript(reverse("checkin_create", args=[client.pk]), transcript),
        **ticked_actions(form, user),
    }
    return render(request, template, context)


@login_required
def checkin_edit(request: HtmxHttpRequest, client_id: int, checkin_id: int) -> HttpResponse:
    """Change a check-in; with ``?transcript=``, the transcript's suggestions are filled in."""
    user = account_of(request)
    client = get_client_for_user(user, client_id)
    checkin = get_checkin_for_user(user, client, checkin_id)
    now = timezone.now()
    transcript, prefill = _transcript_prefill(request, user, client)
    initial = CheckInForm.initial_for(checkin)
    if prefill is not None:
        suggested = prefill.initial()
        suggested.pop("session_at", None)  # the check-in already knows its session
        if initial["disclosure_note"]:
            suggested.pop("disclosure_note", None)  # keep the practitioner's own words
        if "indicators" in suggested:  # add the transcript's signs to those already ticked
            suggested["indicators"] = sorted({*initial["indicators"], *prefill.indicators})
        initial.update(suggested)
    form = _session_form(request, user, client, now=now, initial=initial)
    add_change_reason_field(form)
    if (
        request.method == "POST"
        and form.is_valid()
        and not form.warn_same_time(client, exclude=checkin)
    ):
        try:
            update_session(
                checkin,
                form.checkin_data(),
                now=now,
                practised=practised_in(form),
                transcript=transcript,
                reason=form.cleaned_data.get("change_reason", ""),
            )
        except InvalidInput as exc:
            _refused(form, exc)
        else:
            messages.success(
                request,
                f"Check-in updated: over-use {checkin.over_score:.1f}, "
                f"under-use {checkin.under_score:.1f}, skilful use {checkin.skilful_score:.1f}.",
            )
            target = reverse("checkin_detail", args=[client.pk, checkin.pk])
            if request.htmx:
                response = HttpResponse(status=204)
                response["HX-Redirect"] = target
                return response
            return redirect(target)
    template = (
        "checkins/checkin_form.html#checkin-form" if request.htmx else "checkins/checkin_form.html"
    )
    context = {
        "client": client,
        "form": form,
        "checkin": checkin,
        "transcript": transcript,
        "prefill": prefill,
        "form_action": _with_transcript(
            reverse("checkin_edit", args=[client.pk, checkin.pk]), transcript
        ),
        **ticked_actions(form, user, checkin),
    }
    return render(request, template, context)


@login_required
def checkin_detail(request: HttpRequest, client_id: int, checkin_id: int) -> HttpResponse:
    user = account_of(request)
    client = get_client_for_user(user, client_id)
    checkin = get_checkin_for_user(user, client, checkin_id)
    return render(request, "checkins/checkin_detail.html", checkin_page(user, client, checkin))


@login_required
def checkin_history(request: HttpRequest, client_id: int, checkin_id: int) -> HttpResponse:
    """Every edit of a check-in: what changed, who, when, and whether it still matches
    the ledger."""
    user = account_of(request)
    client = get_client_for_user(user, client_id)
    checkin = get_checkin_for_user(user, client, checkin_id)
    history = history_of(
        user,
        subject=checkin_services.SUBJECT,
        subject_id=checkin.pk,
        current=checkin_services.checkin_snapshot(checkin),
        labels=checkin_services.HISTORY_LABELS,
        text_fields=checkin_services.HISTORY_TEXT,
        first_written=checkin.created_at,
    )
    when = timezone.localtime(checkin.session_at)
    context = {
        "history": history,
        "title": f"{client.code}'s check-in of {when:%d %b %Y}".replace(" 0", " "),
        "back_url": reverse("checkin_detail", args=[client.pk, checkin.pk]),
        "back_label": "Back to the check-in",
    }
    return render(request, "history/history.html", context)


@login_required
def checkin_delete(request: HttpRequest, client_id: int, checkin_id: int) -> HttpResponse:
    user = account_of(request)
    client = get_client_for_user(user, client_id)
    checkin = get_checkin_for_user(user, client, checkin_id)
    if request.method == "POST":
        when = timezone.localtime(checkin.session_at)
        try:
            checkin_services.delete_checkin(checkin, now=timezone.now())
        except InvalidInput as exc:
            messages.error(request, str(exc))
            return redirect("checkin_detail", client_id=client.pk, checkin_id=checkin.pk)
        messages.success(
            request,
            f"The check-in of {when:%d %b %Y}".replace(" 0", " ") + " was deleted; "
            "drift warnings were recalculated without it.",
        )
        return redirect("client_detail", client_id=client.pk)
    also = checkin_deletion_counts(user, checkin)
    return render(
        request,
        "checkins/checkin_delete.html",
        {"client": client, "checkin": checkin, "also": also},
    )
