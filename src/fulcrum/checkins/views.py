"""Check-in and drift pages: parse → access (fulcrum.accounts.access) → service → render."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from fulcrum.accounts import access
from fulcrum.checkins import services
from fulcrum.checkins.charts import control_chart, score_trend_chart, sparkline
from fulcrum.checkins.forms import CheckInForm
from fulcrum.checkins.models import CheckIn, DriftWarning
from fulcrum.clients.models import Client
from fulcrum.core.catalogue import load_catalogue
from fulcrum.core.drift import ChartPoint, SessionPoint
from fulcrum.core.errors import InvalidInput
from fulcrum.harbour.forms import add_practice_field
from fulcrum.transcripts import services as transcript_services
from fulcrum.transcripts.models import Transcript
from fulcrum.transcripts.prefill import CheckInPrefill

# As many as the client page lists, so a swapped fragment matches the full page.
RECENT_CHECKINS = 20
SPARKLINE_SESSIONS = 30
# Where an acknowledge button sends a browser without JavaScript back to.
NEXT_PAGES = {"client": "client_detail", "drift": "client_drift", "caseload": "caseload_drift"}


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _client_fragments(request: HttpRequest, client: Client) -> dict[str, Any]:
    """The context the client page gives checkins/_client_*.html."""
    checkins = list(access.checkins_for_user(request.user).filter(client=client)[:RECENT_CHECKINS])
    return {
        "client": client,
        "checkins": checkins,
        "warnings": access.warnings_for_user(request.user).filter(client=client),
        "report": services.drift_report(client, now=timezone.now()) if checkins else None,
    }


def _transcript_prefill(
    request: HttpRequest, client: Client
) -> tuple[Transcript | None, CheckInPrefill | None]:
    """The transcript named by ``?transcript=`` (404 unless it is this client's) and the
    answers its analysis suggests."""
    transcript_id = request.GET.get("transcript")
    if not transcript_id:
        return None, None
    transcript = access.get_transcript_for_user(request.user, client, transcript_id)
    return transcript, transcript_services.checkin_prefill_for(transcript)


def _with_transcript(url: str, transcript: Transcript | None) -> str:
    return f"{url}?transcript={transcript.pk}" if transcript is not None else url


@login_required
def checkin_create(request: HttpRequest, client_id: int) -> HttpResponse:
    client = access.get_client_for_user(request.user, client_id)
    now = timezone.now()
    transcript, prefill = _transcript_prefill(request, client)
    form = CheckInForm(
        request.POST if request.method == "POST" else None,
        catalogue=load_catalogue(),
        now=now,
        modality=client.modality,
        initial=prefill.initial() if prefill else {},
    )
    add_practice_field(form, request.user)
    if request.method == "POST" and form.is_valid():
        try:
            recorded = services.record_checkin(client, form.checkin_data(), now=now)
        except InvalidInput as exc:
            form.add_error(None, str(exc))
        else:
            checkin, new_warnings = recorded.checkin, recorded.opened
            if transcript is not None:
                transcript_services.link_to_checkin(transcript, checkin)
            if _is_htmx(request):
                context = {
                    **_client_fragments(request, client),
                    "saved": checkin,
                    "new_warnings": new_warnings,
                }
                return render(request, "checkins/_saved.html", context)
            messages.success(
                request,
                f"Check-in saved for {client.code}: over-use {checkin.over_score:.1f}, "
                f"under-use {checkin.under_score:.1f}, skilful use {checkin.skilful_score:.1f}.",
            )
            for warning in new_warnings:
                messages.warning(request, f"New drift warning: {warning.title}")
            return redirect("client_detail", client_id=client.pk)
    template = "checkins/_checkin_form.html" if _is_htmx(request) else "checkins/checkin_form.html"
    context = {
        "client": client,
        "form": form,
        "transcript": transcript,
        "prefill": prefill,
        "form_action": _with_transcript(reverse("checkin_create", args=[client.pk]), transcript),
    }
    return render(request, template, context)


@login_required
def checkin_edit(request: HttpRequest, client_id: int, checkin_id: int) -> HttpResponse:
    """Change a check-in; with ``?transcript=``, the transcript's suggestions are filled in."""
    client = access.get_client_for_user(request.user, client_id)
    checkin = access.get_checkin_for_user(request.user, client, checkin_id)
    now = timezone.now()
    transcript, prefill = _transcript_prefill(request, client)
    initial = CheckInForm.initial_for(checkin)
    if prefill is not None:
        suggested = prefill.initial()
        suggested.pop("session_at", None)  # the check-in already knows its session
        if initial["disclosure_note"]:
            suggested.pop("disclosure_note", None)  # keep the practitioner's own words
        if "indicators" in suggested:  # add the transcript's signs to those already ticked
            suggested["indicators"] = sorted({*initial["indicators"], *prefill.indicators})
        initial.update(suggested)
    form = CheckInForm(
        request.POST if request.method == "POST" else None,
        catalogue=load_catalogue(),
        now=now,
        modality=client.modality,
        initial=initial,
    )
    add_practice_field(form, request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_checkin(checkin, form.checkin_data(), now=now)
        except InvalidInput as exc:
            form.add_error(None, str(exc))
        else:
            if transcript is not None and transcript.checkin_id != checkin.pk:
                transcript_services.link_to_checkin(transcript, checkin)
            messages.success(
                request,
                f"Check-in updated: over-use {checkin.over_score:.1f}, "
                f"under-use {checkin.under_score:.1f}, skilful use {checkin.skilful_score:.1f}.",
            )
            target = reverse("checkin_detail", args=[client.pk, checkin.pk])
            if _is_htmx(request):
                response = HttpResponse(status=204)
                response["HX-Redirect"] = target
                return response
            return redirect(target)
    template = "checkins/_checkin_form.html" if _is_htmx(request) else "checkins/checkin_form.html"
    context = {
        "client": client,
        "form": form,
        "checkin": checkin,
        "transcript": transcript,
        "prefill": prefill,
        "form_action": _with_transcript(
            reverse("checkin_edit", args=[client.pk, checkin.pk]), transcript
        ),
    }
    return render(request, template, context)


@dataclass(frozen=True)
class Contribution:
    label: str
    mode: str
    points: float
    question: str


def _contributions(checkin: CheckIn) -> list[Contribution]:
    """Re-score the stored answers to show which signs lifted which score."""
    catalogue = load_catalogue()
    data = services.CheckInData(
        session_at=checkin.session_at,
        indicators=frozenset(checkin.indicators),
        choices_offered=checkin.choices_offered,
        choices_count=checkin.choices_count,
        disclosure=checkin.disclosure,
        disclosure_served=checkin.disclosure_served,
        started_on_time=checkin.started_on_time,
        ended_on_time=checkin.ended_on_time,
        client_signals_noticed=checkin.client_signals_noticed,
        practitioner_state=frozenset(checkin.practitioner_state),
    )
    try:
        scores = services.score(data)
    except InvalidInput:
        return []  # names a sign the catalogue no longer has; the stored scores still show
    result = []
    for indicator_id, points in scores.contributions:
        indicator = catalogue.indicator(indicator_id)
        result.append(Contribution(indicator.label, indicator.mode, points, indicator.question))
    return result


@login_required
def checkin_detail(request: HttpRequest, client_id: int, checkin_id: int) -> HttpResponse:
    client = access.get_client_for_user(request.user, client_id)
    checkin = access.get_checkin_for_user(request.user, client, checkin_id)
    contributions = _contributions(checkin)
    warnings = [
        w
        for w in access.warnings_for_user(request.user).filter(client=client)
        if checkin.pk in w.checkin_ids
    ]
    return render(
        request,
        "checkins/checkin_detail.html",
        {
            "client": client,
            "checkin": checkin,
            "contributions": contributions,
            "modes": [
                (mode, label, [c for c in contributions if c.mode == mode])
                for mode, label in (
                    ("over", "Over-use"),
                    ("under", "Under-use"),
                    ("skilful", "Skilful use"),
                )
            ],
            "warnings": warnings,
        },
    )


@login_required
def checkin_delete(request: HttpRequest, client_id: int, checkin_id: int) -> HttpResponse:
    client = access.get_client_for_user(request.user, client_id)
    checkin = access.get_checkin_for_user(request.user, client, checkin_id)
    if request.method == "POST":
        when = timezone.localtime(checkin.session_at)
        services.delete_checkin(checkin, now=timezone.now())
        messages.success(
            request,
            f"The check-in of {when:%d %b %Y}".replace(" 0", " ") + " was deleted; "
            "drift warnings were recalculated without it.",
        )
        return redirect("client_detail", client_id=client.pk)
    user = request.user
    also = {
        "answers": access.voice_answers_for_user(user).filter(checkin=checkin).count(),
        "links": access.voice_links_for_user(user).filter(checkin=checkin).count(),
        "practised": access.practised_actions_for_user(user).filter(checkin=checkin).count(),
        # Kept, no longer linked to the session.
        "transcripts": access.transcripts_for_user(user).filter(checkin=checkin).count(),
        "journal": access.journal_entries_for_user(user).filter(checkin=checkin).count(),
    }
    return render(
        request,
        "checkins/checkin_delete.html",
        {"client": client, "checkin": checkin, "also": also},
    )


@dataclass(frozen=True)
class SessionRow:
    checkin: CheckIn
    over: ChartPoint | None
    under: ChartPoint | None


@login_required
def client_drift(request: HttpRequest, client_id: int) -> HttpResponse:
    client = access.get_client_for_user(request.user, client_id)
    now = timezone.now()
    checkins = services.recent_checkins(client)  # oldest first, the detector's window
    points = services.session_points(checkins)
    report = services.drift_report(client, now=now, points=points)
    over = {p.session_id: p for p in report.over_chart}
    under = {p.session_id: p for p in report.under_chart}
    rows = [SessionRow(c, over.get(str(c.pk)), under.get(str(c.pk))) for c in checkins]
    rows.reverse()
    warnings = sorted(
        access.warnings_for_user(request.user).filter(client=client),
        key=lambda w: (w.acknowledged_at is not None, -w.detected_at.timestamp()),
    )
    # The chart functions escape every piece of text they draw.
    charts: dict[str, SafeString] = {
        "trend": mark_safe(score_trend_chart(points)),
        "over": mark_safe(control_chart(report.over_chart, direction="over")),
        "under": mark_safe(control_chart(report.under_chart, direction="under")),
    }
    return render(
        request,
        "checkins/client_drift.html",
        {
            "client": client,
            "charts": charts,
            "rows": rows,
            "checkins": list(reversed(checkins)),
            "warnings": warnings,
            "open_count": sum(1 for w in warnings if w.acknowledged_at is None),
            "session_count": len(checkins),
        },
    )


@dataclass(frozen=True)
class CaseRow:
    client: Client
    warnings: list[DriftWarning]
    checkins: list[CheckIn]  # newest first
    chart: SafeString


@login_required
def caseload_drift(request: HttpRequest) -> HttpResponse:
    clients = list(access.clients_for_user(request.user))
    by_client: dict[int, list[CheckIn]] = defaultdict(list)
    for checkin in (
        access.checkins_for_user(request.user)
        .filter(client__archived_at__isnull=True)
        .only("pk", "client_id", "session_at", "over_score", "under_score", "skilful_score")
        .order_by("client_id", "session_at", "pk")
    ):
        by_client[checkin.client_id].append(checkin)
    open_warnings: dict[int, list[DriftWarning]] = defaultdict(list)
    for warning in access.warnings_for_user(request.user).filter(
        acknowledged_at__isnull=True, client__archived_at__isnull=True
    ):
        open_warnings[warning.client_id].append(warning)
    rows = []
    for client in clients:
        history = by_client.get(client.pk, [])
        points = [
            SessionPoint(
                session_id=str(c.pk),
                at=c.session_at,
                over=c.over_score,
                under=c.under_score,
                skilful=c.skilful_score,
                observed=frozenset(),
            )
            for c in history[-SPARKLINE_SESSIONS:]
        ]
        title = f"{client.code}: over- and under-use, last {len(points)} sessions"
        rows.append(
            CaseRow(
                client=client,
                warnings=open_warnings.get(client.pk, []),
                checkins=list(reversed(history)),
                chart=mark_safe(sparkline(points, title=title)),
            )
        )
    rows.sort(key=lambda r: (not r.warnings, -len(r.warnings), r.client.code))
    counts = {
        direction: sum(1 for r in rows for w in r.warnings if w.direction == direction)
        for direction in ("over", "under")
    }
    return render(
        request,
        "checkins/caseload_drift.html",
        {
            "rows": rows,
            "counts": counts,
            "flagged": [r for r in rows if r.warnings],
            "steady": [r for r in rows if not r.warnings],
        },
    )


@login_required
def warning_acknowledge(request: HttpRequest, client_id: int, warning_id: int) -> HttpResponse:
    client = access.get_client_for_user(request.user, client_id)
    warning = access.get_warning_for_user(request.user, warning_id)
    if warning.client_id != client.pk:
        raise Http404("No such warning.")
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.acknowledge_warning(warning, now=timezone.now())
    next_page = request.POST.get("next", "client")
    if next_page not in NEXT_PAGES:
        next_page = "client"
    if _is_htmx(request):
        checkins = list(access.checkins_for_user(request.user).filter(pk__in=warning.checkin_ids))
        return render(
            request,
            "checkins/_warning.html",
            {"client": client, "warning": warning, "checkins": checkins, "next": next_page},
        )
    messages.success(request, f"Marked as taken to reflection: {warning.title}")
    if next_page == "caseload":
        return redirect("caseload_drift")
    return redirect(NEXT_PAGES[next_page], client_id=client.pk)
