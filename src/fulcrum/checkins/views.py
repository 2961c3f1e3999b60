"""Drift pages: parse → access (checkins.access) → service → render.

A session's own pages (new, edit, detail, delete) span areas and live in
``fulcrum.workspace``."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from fulcrum.checkins import services
from fulcrum.checkins.access import (
    checkins_for_user,
    get_concern_for_user,
    get_warning_for_user,
    warnings_for_user,
)
from fulcrum.checkins.charts import control_chart, score_trend_chart, sparkline
from fulcrum.checkins.forms import CloseConcernForm
from fulcrum.checkins.models import CheckIn, DriftWarning
from fulcrum.clients.access import clients_for_user, get_client_for_user
from fulcrum.clients.models import Client
from fulcrum.core.drift import ChartPoint, SessionPoint
from fulcrum.kernel.htmx import HtmxHttpRequest

SPARKLINE_SESSIONS = 30
# Where an acknowledge button sends a browser without JavaScript back to.
NEXT_PAGES = {"client": "client_detail", "drift": "client_drift", "caseload": "caseload_drift"}


@dataclass(frozen=True)
class SessionRow:
    checkin: CheckIn
    over: ChartPoint | None
    under: ChartPoint | None


@login_required
def client_drift(request: HttpRequest, client_id: int) -> HttpResponse:
    client = get_client_for_user(request.user, client_id)
    now = timezone.now()
    checkins = services.recent_checkins(client)  # oldest first, the detector's window
    points = services.session_points(checkins)
    report = services.drift_report(client, now=now, points=points)
    over = {p.session_id: p for p in report.over_chart}
    under = {p.session_id: p for p in report.under_chart}
    rows = [SessionRow(c, over.get(str(c.pk)), under.get(str(c.pk))) for c in checkins]
    rows.reverse()
    warnings = sorted(
        warnings_for_user(request.user).filter(client=client),
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
    clients = list(clients_for_user(request.user))
    by_client: dict[int, list[CheckIn]] = defaultdict(list)
    for checkin in (
        checkins_for_user(request.user)
        .filter(client__archived_at__isnull=True)
        .only("pk", "client_id", "session_at", "over_score", "under_score", "skilful_score")
        .order_by("client_id", "session_at", "pk")
    ):
        by_client[checkin.client_id].append(checkin)
    open_warnings: dict[int, list[DriftWarning]] = defaultdict(list)
    for warning in warnings_for_user(request.user).filter(
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
def warning_acknowledge(request: HtmxHttpRequest, client_id: int, warning_id: int) -> HttpResponse:
    client = get_client_for_user(request.user, client_id)
    warning = get_warning_for_user(request.user, warning_id)
    if warning.client_id != client.pk:
        raise Http404("No such warning.")
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.acknowledge_warning(warning, now=timezone.now())
    next_page = request.POST.get("next", "client")
    if next_page not in NEXT_PAGES:
        next_page = "client"
    if request.htmx:
        checkins = list(checkins_for_user(request.user).filter(pk__in=warning.checkin_ids))
        return render(
            request,
            "checkins/_warning.html",
            {"client": client, "warning": warning, "checkins": checkins, "next": next_page},
        )
    messages.success(request, f"Marked as taken to reflection: {warning.title}")
    if next_page == "caseload":
        return redirect("caseload_drift")
    return redirect(NEXT_PAGES[next_page], client_id=client.pk)


@login_required
def concern_close(request: HttpRequest, client_id: int, concern_id: int) -> HttpResponse:
    """Record what was done about a serious concern; that closes it. What was typed stays
    on error."""
    client = get_client_for_user(request.user, client_id)
    concern = get_concern_for_user(request.user, client, concern_id)
    form = CloseConcernForm(request.POST or None)
    if request.method == "POST" and concern.closed_at is None and form.is_valid():
        try:
            services.close_concern(concern, form.closing(), now=timezone.now())
        except services.ConcernRefused as exc:
            form.add_error(exc.field, str(exc))
        else:
            messages.success(request, "Recorded what you did; the concern is closed.")
            return redirect("client_detail", client_id=client.pk)
    return render(
        request,
        "checkins/concern_close.html",
        {"client": client, "view": services.describe_concern(concern), "form": form},
    )
