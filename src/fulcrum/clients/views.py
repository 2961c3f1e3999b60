"""Client pages: parse → access (clients.access) → service → render.

The client page itself spans every area and lives in ``fulcrum.workspace``."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from fulcrum.accounts.models import User
from fulcrum.clients import services
from fulcrum.clients.access import clients_for_user, get_client_for_user
from fulcrum.clients.forms import ClientForm
from fulcrum.clients.models import Client
from fulcrum.core.errors import InvalidInput
from fulcrum.kernel.htmx import HtmxHttpRequest

RECENT_CHECKINS = 20


def _lists_context(request: HttpRequest) -> dict[str, object]:
    everyone = list(clients_for_user(request.user, include_archived=True))
    return {
        "active": [c for c in everyone if not c.is_archived],
        "archived": [c for c in everyone if c.is_archived],
    }


@login_required
def client_list(request: HttpRequest) -> HttpResponse:
    return render(request, "clients/client_list.html", _lists_context(request))


@login_required
def client_create(request: HttpRequest) -> HttpResponse:
    form = ClientForm(request.POST or None, initial={"started_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            client = services.create_client(
                cast(User, request.user),
                code=form.cleaned_data["code"],
                alias=form.cleaned_data["alias"],
                modality=form.cleaned_data["modality"],
                started_on=form.cleaned_data["started_on"],
                status=form.cleaned_data["status"],
                now=timezone.now(),
            )
        except InvalidInput as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"{client.code} added to your caseload.")
            return redirect("client_detail", client_id=client.pk)
    return render(request, "clients/client_form.html", {"form": form, "client": None})


@login_required
def client_edit(request: HttpRequest, client_id: int) -> HttpResponse:
    client = get_client_for_user(request.user, client_id)
    form = ClientForm(request.POST or None, initial=ClientForm.initial_for(client))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_client(
                client,
                code=form.cleaned_data["code"],
                alias=form.cleaned_data["alias"],
                modality=form.cleaned_data["modality"],
                started_on=form.cleaned_data["started_on"],
                status=form.cleaned_data["status"],
            )
        except InvalidInput as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"{client.code} saved.")
            return redirect("client_detail", client_id=client.pk)
    return render(request, "clients/client_form.html", {"form": form, "client": client})


def _after_archive(request: HtmxHttpRequest, client: Client, notice: str) -> HttpResponse:
    if request.htmx:
        # The fragment carries its own notice: a queued message would only show up
        # on the next full page, out of context.
        context = {**_lists_context(request), "notice": notice}
        return render(request, "clients/client_list.html#client-lists", context)
    messages.success(request, notice)
    if request.POST.get("next") == "list":
        return redirect("client_list")
    return redirect("client_detail", client_id=client.pk)


@login_required
@require_POST
def client_archive(request: HtmxHttpRequest, client_id: int) -> HttpResponse:
    client = get_client_for_user(request.user, client_id)
    services.archive_client(client, now=timezone.now())
    notice = f"{client.code} archived. Their record is kept; you can restore them any time."
    return _after_archive(request, client, notice)


@login_required
@require_POST
def client_restore(request: HtmxHttpRequest, client_id: int) -> HttpResponse:
    client = get_client_for_user(request.user, client_id)
    services.restore_client(client)
    return _after_archive(request, client, f"{client.code} is back in your caseload.")
