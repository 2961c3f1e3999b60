"""Pages for what was done each time a policy applied, and a session's bodywork consent.

The usual path: parse → access → service → render. A refused form comes back with
everything that was typed and the service's sentence beside the field at fault.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from fulcrum.accounts.models import User
from fulcrum.checkins.access import get_checkin_for_user
from fulcrum.clients.access import get_client_for_user
from fulcrum.clients.models import Client
from fulcrum.policies.access import bodywork_for_user
from fulcrum.policies.enforcement import EnforcementRefused, record_bodywork, record_enforcement
from fulcrum.policies.enforcement_forms import (
    BodyworkForm,
    EnforcementForm,
    enforcement_form,
    enforcement_section,
)


def _page(request: HttpRequest, client: Client, form: EnforcementForm) -> HttpResponse:
    section = enforcement_section(request.user, client)  # type: ignore[arg-type]
    section["form"] = form
    return render(request, "policies/enforcement.html", {"client": client, "enforcement": section})


@login_required
@require_http_methods(["GET", "POST"])
def enforcement_client(request: HttpRequest, client_id: int) -> HttpResponse:
    """One client's enforcement records and waiver rates, and the form to add one.

    ``?session=<check-in>`` prefills the form with that session (the check-in's "let a
    policy slide" box links here).
    """
    user: User = request.user  # type: ignore[assignment]
    client = get_client_for_user(user, client_id)
    session = None
    wanted = request.GET.get("session", "")
    if wanted:
        if not wanted.isdigit():
            raise Http404("No such session.")
        session = get_checkin_for_user(user, client, int(wanted))
    if request.method != "POST":
        form, _ = enforcement_form(
            user, client, session=session, occasion=request.GET.get("occasion", "")
        )
        return _page(request, client, form)
    posted_session = request.POST.get("checkin", "")
    if posted_session.isdigit():
        session = get_checkin_for_user(user, client, int(posted_session))
    form, checkins = enforcement_form(user, client, data=request.POST, session=session)
    if form.is_valid():
        try:
            record_enforcement(client, form.data_for(checkins), now=timezone.now())
        except EnforcementRefused as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(
                request, "Recorded. It stays as written; a correction is a new record."
            )
            if request.POST.get("next") == "client":
                return redirect("client_detail", client_id=client.pk)
            return redirect("enforcement_client", client_id=client.pk)
    return _page(request, client, form)


@login_required
@require_http_methods(["GET", "POST"])
def bodywork_session(request: HttpRequest, client_id: int, checkin_id: int) -> HttpResponse:
    """A session's bodywork consent: what was agreed, any withdrawal, what was worked."""
    user: User = request.user  # type: ignore[assignment]
    client = get_client_for_user(user, client_id)
    checkin = get_checkin_for_user(user, client, checkin_id)
    row = bodywork_for_user(user).filter(checkin=checkin).first()
    if request.method == "POST":
        form = BodyworkForm(request.POST)
        if form.is_valid():
            try:
                record_bodywork(checkin, form.bodywork_data(), now=timezone.now())
            except EnforcementRefused as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            else:
                messages.success(request, "The session's bodywork consent was saved.")
                return redirect("checkin_detail", client_id=client.pk, checkin_id=checkin.pk)
    else:
        form = BodyworkForm(initial=BodyworkForm.initial_from(row))
    context = {"client": client, "checkin": checkin, "form": form, "saved": row}
    return render(request, "policies/bodywork.html", context)
