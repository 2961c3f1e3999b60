"""Incident pages: parse → access → service → render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from fulcrum.clients.access import clients_for_user
from fulcrum.core import incidents as core
from fulcrum.core.errors import InvalidInput
from fulcrum.incidents import access, services
from fulcrum.incidents.forms import IncidentForm, initial_from
from fulcrum.incidents.pdf import render_incident_pdf


@login_required
def incident_list(request: HttpRequest) -> HttpResponse:
    """The incident log: each incident's latest version, late ones labelled."""
    rows = []
    for incident in access.incidents_for_user(request.user):
        history = services.versions(incident)
        rows.append(
            {
                "incident": incident,
                "first": history[0],
                "latest": history[-1],
                "count": len(history),
            }
        )
    return render(request, "incidents/incident_list.html", {"rows": rows})


def _whole(value: str | None) -> int | None:
    """A whole number named in the query string, or None for anything else."""
    try:
        return int(value) if value else None
    except (ValueError, OverflowError):
        return None


@login_required
def incident_create(request: HttpRequest) -> HttpResponse:
    """Record a new incident; what was typed stays on error."""
    # A serious concern's offer names its client; one the user may not see is left out.
    named = _whole(request.GET.get("client"))
    client = None if named is None else clients_for_user(request.user).filter(pk=named).first()
    form = IncidentForm(request.POST or None, user=request.user, initial={"client": client})
    if request.method == "POST" and form.is_valid():
        try:
            incident = services.record_incident(
                request.user, form.record(), client=form.cleaned_data["client"], now=timezone.now()
            )
        except InvalidInput as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("incident_detail", incident_id=incident.pk)
    return render(request, "incidents/incident_form.html", {"form": form, "incident": None})


@login_required
def incident_history(request: HttpRequest, incident_id: int) -> HttpResponse:
    """The amendments of an incident on the same history page every record uses."""
    incident = access.get_incident_for_user(request.user, incident_id)
    context = {
        "history": services.incident_history(incident),
        "title": f"incident {incident.pk}",
        "back_url": reverse("incident_detail", args=[incident.pk]),
        "back_label": "Back to the incident",
    }
    return render(request, "history/history.html", context)


@login_required
def incident_detail(request: HttpRequest, incident_id: int) -> HttpResponse:
    """The original and every amendment, in the order written."""
    incident = access.get_incident_for_user(request.user, incident_id)
    history = services.versions(incident)
    labels = {
        "directions": core.DIRECTIONS,
        "conduct": core.CONDUCT,
        "consulted": core.CONSULTED,
    }
    context = {
        "incident": incident,
        "history": history,
        "labels": labels,
        "reassess": core.reassessment_prompts(history[-1].record),
    }
    return render(request, "incidents/incident_detail.html", context)


@login_required
def incident_amend(request: HttpRequest, incident_id: int) -> HttpResponse:
    """Amend an incident: a new sealed version linked to the original, never an overwrite."""
    incident = access.get_incident_for_user(request.user, incident_id)
    latest = services.versions(incident)[-1]
    form = IncidentForm(
        request.POST or None,
        user=request.user,
        with_client=False,
        initial=initial_from(latest.record),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.amend_incident(incident, form.record(), now=timezone.now())
        except InvalidInput as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("incident_detail", incident_id=incident.pk)
    context = {"form": form, "incident": incident, "sealed_at": latest.record.happened_at}
    return render(request, "incidents/incident_form.html", context)


@login_required
def incident_pdf(request: HttpRequest, incident_id: int) -> HttpResponse:
    """The incident and the latest signed checkpoint covering it, as a PDF."""
    incident = access.get_incident_for_user(request.user, incident_id)
    history = services.versions(incident)
    checkpoint = services.latest_checkpoint(request.user, covering=max(v.sequence for v in history))
    response = HttpResponse(
        render_incident_pdf(history, checkpoint), content_type="application/pdf"
    )
    stamp = history[0].record.happened_at
    response["Content-Disposition"] = f'attachment; filename="incident-{stamp:%Y%m%d-%H%M}.pdf"'
    return response
