"""Client pages: parse → access (fulcrum.accounts.access) → service → render."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from fulcrum.accounts import access
from fulcrum.accounts.models import User
from fulcrum.checkins.services import drift_report
from fulcrum.clients import services
from fulcrum.clients.forms import ClientForm, DeleteClientForm
from fulcrum.clients.models import Client
from fulcrum.core.catalogue import load_catalogue
from fulcrum.core.errors import InvalidInput
from fulcrum.powermaps.charts import power_map_radar
from fulcrum.powermaps.services import read_power_map
from fulcrum.transcripts.views import client_transcripts

RECENT_CHECKINS = 20


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _lists_context(request: HttpRequest) -> dict[str, object]:
    everyone = list(access.clients_for_user(request.user, include_archived=True))
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
    client = access.get_client_for_user(request.user, client_id)
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


@login_required
def client_detail(request: HttpRequest, client_id: int) -> HttpResponse:
    client = access.get_client_for_user(request.user, client_id)
    now = timezone.now()
    checkins = list(access.checkins_for_user(request.user).filter(client=client)[:RECENT_CHECKINS])
    latest_map = access.power_maps_for_user(request.user).filter(client=client).first()
    reading = radar = None
    if latest_map is not None:
        try:
            reading = read_power_map(latest_map)
        except InvalidInput:
            reading = None  # refers to something the catalogue no longer has
        else:
            # radar_svg escapes every piece of text it draws.
            radar = mark_safe(power_map_radar(reading, load_catalogue(), thumbnail=True))
    return render(
        request,
        "clients/client_detail.html",
        {
            "client": client,
            "latest_map": latest_map,
            "reading": reading,
            "radar": radar,
            "map_count": access.power_maps_for_user(request.user).filter(client=client).count(),
            "checkins": checkins,
            "warnings": client.drift_warnings.all(),
            "report": drift_report(client, now=now) if checkins else None,
            "transcripts": client_transcripts(request.user, client),
        },
    )


def _after_archive(request: HttpRequest, client: Client, notice: str) -> HttpResponse:
    if _is_htmx(request):
        # The fragment carries its own notice: a queued message would only show up
        # on the next full page, out of context.
        context = {**_lists_context(request), "notice": notice}
        return render(request, "clients/_client_lists.html", context)
    messages.success(request, notice)
    if request.POST.get("next") == "list":
        return redirect("client_list")
    return redirect("client_detail", client_id=client.pk)


@login_required
@require_POST
def client_archive(request: HttpRequest, client_id: int) -> HttpResponse:
    client = access.get_client_for_user(request.user, client_id)
    services.archive_client(client, now=timezone.now())
    notice = f"{client.code} archived. Their record is kept; you can restore them any time."
    return _after_archive(request, client, notice)


@login_required
@require_POST
def client_restore(request: HttpRequest, client_id: int) -> HttpResponse:
    client = access.get_client_for_user(request.user, client_id)
    services.restore_client(client)
    return _after_archive(request, client, f"{client.code} is back in your caseload.")


@login_required
def client_delete(request: HttpRequest, client_id: int) -> HttpResponse:
    client = access.get_client_for_user(request.user, client_id)
    form = DeleteClientForm(request.POST or None, client=client)
    if request.method == "POST" and form.is_valid():
        code = client.code
        services.delete_client(client)
        messages.success(request, f"{code} and everything recorded about them were deleted.")
        return redirect("client_list")
    counts = {
        "maps": access.power_maps_for_user(request.user).filter(client=client).count(),
        "checkins": access.checkins_for_user(request.user).filter(client=client).count(),
        "warnings": access.warnings_for_user(request.user).filter(client=client).count(),
        "transcripts": access.transcripts_for_user(request.user).filter(client=client).count(),
        "links": access.voice_links_for_user(request.user).filter(client=client).count(),
        "answers": access.voice_answers_for_user(request.user)
        .filter(checkin__client=client)
        .count(),
        "practised": access.practised_actions_for_user(request.user)
        .filter(checkin__client=client)
        .count(),
        # Kept, no longer linked: the reflection is the practitioner's own.
        "journal": access.journal_entries_for_user(request.user).filter(client=client).count(),
    }
    return render(
        request, "clients/client_delete.html", {"client": client, "form": form, "counts": counts}
    )
