"""Supervision report pages: parse → access → build the one report value → render it."""

from __future__ import annotations

from typing import cast

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from fulcrum.accounts.models import User
from fulcrum.clients.access import get_clients_for_user
from fulcrum.core.errors import InvalidInput
from fulcrum.core.report import SupervisionReport, notes_phrase
from fulcrum.reflection.access import get_journal_entries_for_user
from fulcrum.supervision.access import links_as_supervisee
from fulcrum.supervision.charts import radar, trend_svg
from fulcrum.supervision.forms import ReportForm, ShareForm
from fulcrum.supervision.pdf import render_pdf
from fulcrum.supervision.report import build_report


def _form(request: HttpRequest, *, bound: bool) -> ReportForm:
    return ReportForm(request.GET if bound else None, user=request.user, today=timezone.localdate())


@login_required
def supervision_builder(request: HttpRequest) -> HttpResponse:
    """Choose clients, a period, and what else to share."""
    return render(request, "supervision/builder.html", {"form": _form(request, bound=False)})


def _check_access(request: HttpRequest) -> None:
    """404 for any client or entry in the query that is not the user's own."""
    get_clients_for_user(request.user, request.GET.getlist("clients"))
    get_journal_entries_for_user(request.user, request.GET.getlist("entries"))


def report_for_request(request: HttpRequest) -> tuple[ReportForm, SupervisionReport | None]:
    """The report the query string chooses, or the form with what needs fixing."""
    _check_access(request)
    form = _form(request, bound=True)
    if not form.is_valid():
        return form, None
    try:
        report = build_report(cast(User, request.user), form.choice(), now=timezone.now())
    except InvalidInput as exc:
        form.add_error(None, str(exc))
        return form, None
    return form, report


def _share_form(request: HttpRequest) -> ShareForm | None:
    """The form to share this report, when the user has a supervisor to share it with."""
    live = links_as_supervisee(request.user).filter(
        accepted_at__isnull=False, ended_at__isnull=True
    )
    links = live.select_related("supervisor")
    return ShareForm(links=links) if links.exists() else None


@login_required
def supervision_report(request: HttpRequest) -> HttpResponse:
    """The printable report (print CSS), or the builder again with what needs fixing."""
    form, report = report_for_request(request)
    if report is None:
        return render(request, "supervision/builder.html", {"form": form})
    # The chart functions escape every piece of text they draw.
    charts: dict[str, dict[str, SafeString | str]] = {
        section.code: {
            "trend": mark_safe(trend_svg(section)),
            "radar": mark_safe(radar(section.map_latest)) if section.map_latest else "",
        }
        for section in report.clients
    }
    sections = [(section, charts[section.code]) for section in report.clients]
    return render(
        request,
        "supervision/report.html",
        {
            "report": report,
            "sections": sections,
            "notes_phrase": notes_phrase(report.notes_included),
            "query": request.GET.urlencode(),
            "share_form": _share_form(request),
        },
    )


@login_required
def supervision_pdf(request: HttpRequest) -> HttpResponse:
    """The same report as a PDF download."""
    form, report = report_for_request(request)
    if report is None:
        return render(request, "supervision/builder.html", {"form": form}, status=400)
    response = HttpResponse(render_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="supervision-{report.period_start:%Y%m%d}-'
        f'{report.period_end:%Y%m%d}.pdf"'
    )
    return response
