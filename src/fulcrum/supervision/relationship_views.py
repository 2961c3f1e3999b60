"""Supervision as a relationship: links, shares, comments, and the supervisor's home.

Each view parses, asks ``supervision.access``, calls one service and renders. The
supervisee's pages need only an account; the supervisor's pages need the supervisor
role and a second factor (``role_required``). A supervisor's share page renders the
frozen snapshot and nothing live.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods, require_POST

from fulcrum.accounts.access import account_of
from fulcrum.accounts.models import Role
from fulcrum.accounts.roles import needs_second_factor, role_required, second_factor_page
from fulcrum.core.errors import InvalidInput
from fulcrum.core.report import notes_phrase
from fulcrum.core.snapshot import ConcernItem, Snapshot, within_scope
from fulcrum.kernel.addresses import counted_address
from fulcrum.kernel.links import private_link
from fulcrum.supervision import services
from fulcrum.supervision.access import (
    ShareClosed,
    get_comment_for_author,
    get_comment_on_share,
    get_hours_for_supervisee,
    get_hours_for_supervisor,
    get_link_for_user,
    get_share_for_supervisee,
    get_share_for_supervisor,
    hours_for_link,
    links_as_supervisee,
    links_as_supervisor,
    open_shares_for_supervisor,
    shares_for_supervisee,
)
from fulcrum.supervision.charts import radar, trend_svg
from fulcrum.supervision.feedback import ITEMS, MIN_ANSWERS, SCALE
from fulcrum.supervision.forms import (
    AcceptForm,
    CommentForm,
    FeedbackForm,
    HoursDecisionForm,
    HoursForm,
    InviteForm,
    ReviewForm,
    ShareForm,
)
from fulcrum.supervision.models import (
    Comment,
    HoursEntry,
    Share,
    SupervisionFeedback,
    SupervisionLink,
    WitnessedCheckpoint,
)
from fulcrum.supervision.pdf import HoursSheet, render_hours_pdf
from fulcrum.supervision.services import InviteUnavailable
from fulcrum.supervision.views import report_for_request


def _code_key(link_id: int) -> str:
    return f"supervision:new-code:{link_id}"


# --- the supervisee's side -------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def supervision_links(request: HttpRequest) -> HttpResponse:
    """My supervisors and invitations, and a form to invite one."""
    user = account_of(request)
    now = timezone.now()
    form = InviteForm(
        request.POST if request.method == "POST" else None,
        initial={"started_on": timezone.localdate(), "kind": SupervisionLink.Kind.INDIVIDUAL},
    )
    if request.method == "POST" and form.is_valid():
        try:
            link, code = services.invite_supervisor(
                user,
                kind=form.cleaned_data["kind"],
                scope=form.cleaned_data["scope"],
                started_on=form.cleaned_data["started_on"],
                now=now,
            )
        except InvalidInput as exc:
            form.add_error(None, str(exc))
        else:
            request.session[_code_key(link.pk)] = code
            return redirect("supervision_link", supervision_id=link.pk)
    links = list(links_as_supervisee(user).select_related("supervisor"))
    shares = list(
        shares_for_supervisee(user)
        .select_related("link", "link__supervisor")
        .order_by("-shared_at", "-pk")[:50]
    )
    return render(
        request,
        "supervision/links.html",
        {
            "form": form,
            "links": links,
            "shares": [(s, services.share_state(s, now=now)) for s in shares],
            "now": now,
        },
    )


@login_required
def supervision_link(request: HttpRequest, supervision_id: int) -> HttpResponse:
    """One link from either side; a new invitation's code is shown once, here."""
    user = account_of(request)
    link = get_link_for_user(user, supervision_id)
    as_supervisor = link.supervisor_id == user.pk
    if as_supervisor and needs_second_factor(user):
        return redirect(second_factor_page(Role.SUPERVISOR))
    code = None if as_supervisor else request.session.pop(_code_key(link.pk), None)
    now = timezone.now()
    shares = [
        (s, services.share_state(s, now=now))
        for s in link.shares.select_related("link").order_by("-shared_at", "-pk")
    ]
    if as_supervisor:
        shares = [(s, state) for s, state in shares if state == "open"]
    return private_link(
        render(
            request,
            "supervision/link.html",
            {
                "link": link,
                "code": code,
                "as_supervisor": as_supervisor,
                "shares": shares,
                "code_open": link.accepted_at is None
                and link.ended_at is None
                and link.code_expires_at > now,
            },
        )
    )


@login_required
@require_POST
def supervision_link_end(request: HttpRequest, supervision_id: int) -> HttpResponse:
    user = account_of(request)
    link = get_link_for_user(user, supervision_id)
    try:
        closed = services.end_link(link, user, now=timezone.now())
    except InvalidInput as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            f"The supervision link has ended; {closed} share{'s' if closed != 1 else ''} "
            "closed with it.",
        )
    if link.supervisor_id == user.pk:
        return redirect("supervisor_home")
    return redirect("supervision_links")


def _sections(report: Any, threads: dict[str, list[Any]] | None = None) -> list[Any]:
    # The chart functions escape every piece of text they draw.
    sections = []
    for section in report.clients:
        charts: dict[str, Any] = {
            "trend": mark_safe(trend_svg(section)),
            "radar": mark_safe(radar(section.map_latest)) if section.map_latest else "",
        }
        if threads is not None:
            charts["thread"] = threads.get(section.code, [])
        sections.append((section, charts))
    return sections


@login_required
@require_http_methods(["GET", "POST"])
def supervision_share_create(request: HttpRequest) -> HttpResponse:
    """Freeze the report chosen in the query string and share it over one link (a GET goes
    back to the report, where the sharing form is)."""
    user = account_of(request)
    if request.method == "GET":
        return redirect(f"{reverse('supervision_report')}?{request.GET.urlencode()}")
    form, report = report_for_request(request)
    if report is None:
        return render(request, "supervision/builder.html", {"form": form}, status=400)
    live = links_as_supervisee(user).filter(accepted_at__isnull=False, ended_at__isnull=True)
    share_form = ShareForm(request.POST, links=live.select_related("supervisor"))
    if share_form.is_valid():
        link: SupervisionLink = share_form.cleaned_data["link"]
        concerns: tuple[ConcernItem, ...] = ()
        if share_form.cleaned_data["concerns"]:
            chosen = form.choice().clients
            concerns = services.open_concerns(chosen)
        try:
            share = services.share_report(
                link,
                within_scope(report, link.scope),
                concerns=concerns,
                days=share_form.cleaned_data["days"],
                now=timezone.now(),
            )
        except InvalidInput as exc:
            share_form.add_error(None, str(exc))
        else:
            messages.success(request, "Shared. You will see here whenever it is opened.")
            return redirect("supervision_share", share_id=share.pk)
    return render(
        request,
        "supervision/report.html",
        {
            "report": report,
            "sections": _sections(report),
            "notes_phrase": notes_phrase(report.notes_included),
            "query": request.GET.urlencode(),
            "share_form": share_form,
        },
        status=400,
    )


def _snapshot_context(share: Share, snapshot: Snapshot, *, commenting: bool) -> dict[str, Any]:
    threads = services.threads(share)
    report = snapshot.report
    return {
        "share": share,
        "report": report,
        "concerns": snapshot.concerns,
        "sections": _sections(report, threads),
        "notes_phrase": notes_phrase(report.notes_included),
        "commenting": commenting,
        "reflection_thread": threads.get("reflections", []),
        "general_thread": threads.get("general", []),
        "comment_form": CommentForm(),
    }


def _read(share: Share) -> Snapshot:
    try:
        return services.read_snapshot(share)
    except InvalidInput:
        raise Http404("This snapshot cannot be shown.") from None


@login_required
def supervision_share(request: HttpRequest, share_id: int) -> HttpResponse:
    """My share as the supervisor sees it, who opened it when, and the comments."""
    share = get_share_for_supervisee(request.user, share_id)
    context = _snapshot_context(share, _read(share), commenting=True)
    context.update(
        state=services.share_state(share, now=timezone.now()),
        views=services.sittings(share.views.select_related("viewer")),
        as_supervisor=False,
    )
    return render(request, "supervision/share.html", context)


@login_required
@require_POST
def supervision_share_revoke(request: HttpRequest, share_id: int) -> HttpResponse:
    share = get_share_for_supervisee(request.user, share_id)
    try:
        services.revoke_share(share, now=timezone.now())
    except InvalidInput as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Withdrawn: your supervisor can no longer open it.")
    return redirect("supervision_share", share_id=share.pk)


def _reply_target(share: Share, form: CommentForm) -> Comment | None:
    wanted = form.cleaned_data.get("reply_to")
    return None if wanted is None else get_comment_on_share(share, wanted)


@login_required
@require_POST
def supervision_share_reply(request: HttpRequest, share_id: int) -> HttpResponse:
    """The supervisee answers a comment."""
    user = account_of(request)
    share = get_share_for_supervisee(user, share_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.add_comment(
                share,
                user,
                form.cleaned_data["body"],
                reply_to=_reply_target(share, form),
                now=timezone.now(),
            )
        except InvalidInput as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, _comment_problem(form, "reply"))
    return redirect("supervision_share", share_id=share.pk)


@login_required
@require_POST
def supervision_comment_amend(request: HttpRequest, comment_id: int) -> HttpResponse:
    """A new version of my own comment; the earlier words stay visible."""
    user = account_of(request)
    now = timezone.now()
    try:
        comment = get_comment_for_author(user, comment_id, now=now)
    except ShareClosed:
        return _closed(request)
    if comment.share.link.supervisor_id == user.pk and needs_second_factor(user):
        raise Http404("Not found.")
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.amend_comment(comment, user, form.cleaned_data["body"], now=now)
        except InvalidInput as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, _comment_problem(form, "amended comment"))
    if comment.share.link.supervisee_id == user.pk:
        return redirect("supervision_share", share_id=comment.share_id)
    return redirect("supervisor_share", share_id=comment.share_id)


# --- the supervisor's side -------------------------------------------------------------


# Open shares listed on the supervisor's home; each supervisee's page lists all of theirs.
HOME_SHARES = 30


def _closed(request: HttpRequest) -> HttpResponse:
    return private_link(render(request, "supervision/closed.html", status=410))


@login_required
@role_required(Role.SUPERVISOR)
def supervisor_home(request: HttpRequest) -> HttpResponse:
    """Supervisees, what they shared that is open now, open threads and an agenda."""
    user = account_of(request)
    now = timezone.now()
    links = list(
        links_as_supervisor(user)
        .filter(ended_at__isnull=True)
        .select_related("supervisee")
        .prefetch_related(
            # What the home says of each record held: counts, sizes, dates and problems,
            # not the roots, signatures and keys.
            Prefetch(
                "witnessed",
                queryset=WitnessedCheckpoint.objects.only(
                    "link_id", "size", "made_at", "received_at", "problem"
                ),
            )
        )
    )
    # The agenda comes from the items each share kept when it was made; the snapshots
    # themselves are neither loaded nor decrypted here.
    # Each share is over one of the links above, so it is given that link rather than
    # reading (and decrypting) the link's fields again for every share.
    by_pk = {link.pk: link for link in links}
    # (A link accepted between the two reads waits for the next visit.)
    shares = [
        s
        for s in open_shares_for_supervisor(user, now=now)
        .defer("snapshot")
        .order_by("-shared_at", "-pk")
        if s.link_id in by_pk
    ]
    per_link: dict[int, int] = {}
    for s in shares:
        s.link = by_pk[s.link_id]
        per_link[s.link_id] = per_link.get(s.link_id, 0) + 1
    awaiting = {
        c.share_id
        for c in Comment.objects.filter(share__in=shares, reply_to__isnull=False)
        .exclude(author=user)
        .only("share_id")
    }
    # What needs the supervisor first: a reply waiting, then shares not yet reviewed,
    # newest first within each; the rest are on each supervisee's page.
    ordered = sorted(shares, key=lambda s: (s.pk not in awaiting, bool(s.review)))
    listed = [(s, s.pk in awaiting) for s in ordered[:HOME_SHARES]]
    return render(
        request,
        "supervision/supervisor_home.html",
        {
            "links": [
                (link, per_link.get(link.pk, 0), services.witness_state(link)) for link in links
            ],
            "shares": listed,
            "more_shares": len(shares) - len(listed),
            "agenda": services.home_agenda(shares)[:20],
        },
    )


@login_required
@role_required(Role.SUPERVISOR)
@require_http_methods(["GET", "POST"])
def supervision_accept(request: HttpRequest) -> HttpResponse:
    """Accept a supervisee's invitation with its one-time code."""
    user = account_of(request)
    form = AcceptForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            link = services.accept_invitation(
                user,
                form.cleaned_data["code"],
                qualification=form.cleaned_data["qualification"],
                registration=form.cleaned_data["registration"],
                jurisdiction=form.cleaned_data["jurisdiction"],
                address=counted_address(request),
                now=timezone.now(),
            )
        except InviteUnavailable as exc:
            form.add_error("code", str(exc))
            status = 429 if exc.reason == "limited" else 400
        except InvalidInput as exc:
            form.add_error(None, str(exc))
            status = 400
        else:
            messages.success(request, f"You now supervise {link.supervisee.username}.")
            return redirect("supervision_link", supervision_id=link.pk)
    elif request.method == "POST":
        status = 400
    return private_link(render(request, "supervision/accept.html", {"form": form}, status=status))


@login_required
@role_required(Role.SUPERVISOR)
def supervisor_share(request: HttpRequest, share_id: int) -> HttpResponse:
    """The frozen snapshot, with comments; every opening is logged for the supervisee."""
    user = account_of(request)
    now = timezone.now()
    try:
        share = get_share_for_supervisor(user, share_id, now=now)
    except ShareClosed:
        return _closed(request)
    snapshot = _read(share)
    services.record_view(share, user, now=now)
    context = _snapshot_context(share, snapshot, commenting=True)
    context.update(state="open", as_supervisor=True, review_form=ReviewForm())
    return private_link(render(request, "supervision/share.html", context))


@login_required
@role_required(Role.SUPERVISOR)
@require_POST
def supervisor_comment(request: HttpRequest, share_id: int) -> HttpResponse:
    user = account_of(request)
    now = timezone.now()
    try:
        share = get_share_for_supervisor(user, share_id, now=now)
    except ShareClosed:
        return _closed(request)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            comment = services.add_comment(
                share,
                user,
                form.cleaned_data["body"],
                section=form.cleaned_data["section"] or "general",
                reply_to=_reply_target(share, form),
                now=now,
            )
        except InvalidInput as exc:
            messages.error(request, str(exc))
        else:
            # Back at the thread just written in, not at the top of a long share.
            url = reverse("supervisor_share", args=[share.pk])
            return redirect(f"{url}#thread-{slugify(comment.section)}")
    else:
        messages.error(request, _comment_problem(form, "comment"))
    return redirect("supervisor_share", share_id=share.pk)


def _comment_problem(form: CommentForm, what: str) -> str:
    """Why the form refused the comment, in the service's words."""
    body = str(form.data.get("body", ""))
    return services.comment_problem(body, what) or f"Write the {what} first."


@login_required
@role_required(Role.SUPERVISOR)
@require_POST
def supervisor_review(request: HttpRequest, share_id: int) -> HttpResponse:
    user = account_of(request)
    now = timezone.now()
    try:
        share = get_share_for_supervisor(user, share_id, now=now)
    except ShareClosed:
        return _closed(request)
    form = ReviewForm(request.POST)
    if form.is_valid():
        services.review_share(share, form.cleaned_data["review"], now=now)
        messages.success(request, "Marked. Your supervisee sees it on the share.")
    else:
        messages.error(request, "Choose reviewed or let's discuss next time.")
    return redirect("supervisor_share", share_id=share.pk)


# --- hours -----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def supervision_hours(request: HttpRequest, supervision_id: int) -> HttpResponse:
    """Sessions logged over a link: the supervisee logs them, the supervisor decides."""
    user = account_of(request)
    link = get_link_for_user(user, supervision_id)
    as_supervisor = link.supervisor_id == user.pk
    if as_supervisor and needs_second_factor(user):
        return redirect(second_factor_page(Role.SUPERVISOR))
    form = HoursForm(
        request.POST if request.method == "POST" and not as_supervisor else None,
        initial={"held_on": timezone.localdate(), "kind": link.kind, "minutes": 60},
    )
    status = 200
    if request.method == "POST":
        if as_supervisor:
            raise Http404("Not found.")
        if form.is_valid():
            try:
                services.log_hours(link, user, now=timezone.now(), **form.cleaned_data)
            except InvalidInput as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "Logged; your supervisor can now approve it.")
                return redirect("supervision_hours", supervision_id=link.pk)
        status = 400
    entries = [
        (e, services.hours_status(e)) for e in hours_for_link(link).select_related("feedback")
    ]
    approved = sum(e.minutes for e, s in entries if s == "approved")
    answered = {e.pk for e, _ in entries if _has_feedback(e)}
    return render(
        request,
        "supervision/hours.html",
        {
            "link": link,
            "form": form,
            "entries": entries,
            "as_supervisor": as_supervisor,
            "approved_hours": approved / 60,
            "answered": answered,
            "feedback": services.feedback_summary(link) if as_supervisor else None,
            "min_answers": MIN_ANSWERS,
        },
        status=status,
    )


@login_required
def supervision_hours_csv(request: HttpRequest, supervision_id: int) -> HttpResponse:
    """Approved hours over one link as CSV."""
    user = account_of(request)
    link = get_link_for_user(user, supervision_id)
    if link.supervisor_id == user.pk and needs_second_factor(user):
        raise Http404("Not found.")
    response = HttpResponse(
        services.approved_hours_csv(
            hours_for_link(link).select_related("link").order_by("held_on")
        ),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="supervision-hours-{link.pk}.csv"'
    return response


def _has_feedback(entry: HoursEntry) -> bool:
    try:
        entry.feedback  # noqa: B018 - reads the row select_related fetched
    except SupervisionFeedback.DoesNotExist:
        return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
def supervision_feedback(request: HttpRequest, hours_id: int) -> HttpResponse:
    """The supervisee answers how one supervision session felt; their supervisor sees
    only the aggregate, and only once enough sessions are answered."""
    user = account_of(request)
    entry = get_hours_for_supervisee(user, hours_id)
    existing = entry.feedback if _has_feedback(entry) else None
    form = FeedbackForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if existing is None and form.is_valid():
            try:
                services.record_feedback(
                    entry,
                    user,
                    form.answers(),
                    note=form.cleaned_data["note"],
                    now=timezone.now(),
                )
            except InvalidInput as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "Thank you; kept on your side.")
                return redirect("supervision_hours", supervision_id=entry.link_id)
        elif existing is not None:
            form.add_error(None, "You have already answered for this session.")
        status = 400
    answered = (
        [(item, dict(SCALE)[existing.answers[item.id]]) for item in ITEMS] if existing else []
    )
    context = {
        "entry": entry,
        "form": form,
        "existing": existing,
        "answered": answered,
        "min_answers": MIN_ANSWERS,
    }
    return private_link(render(request, "supervision/feedback.html", context, status=status))


@login_required
def supervision_hours_pdf(request: HttpRequest, supervision_id: int) -> HttpResponse:
    """Approved hours over one link as a PDF: the same sessions as the CSV, the
    supervisor's qualification and registration, and totals by kind."""
    user = account_of(request)
    link = get_link_for_user(user, supervision_id)
    if link.supervisor_id == user.pk and needs_second_factor(user):
        raise Http404("Not found.")
    sessions = services.approved_sessions(hours_for_link(link).order_by("held_on", "pk"))
    sheet = HoursSheet(
        supervisee=link.supervisee.username,
        supervisor=link.supervisor.username if link.supervisor else "",
        kind=link.get_kind_display(),
        started_on=link.started_on,
        qualification=link.qualification,
        registration=link.registration,
        jurisdiction=link.jurisdiction,
        sessions=[(e.held_on, e.minutes, e.get_kind_display(), at) for e, at in sessions],
        totals=services.minutes_by_kind(sessions),
        generated_at=timezone.now(),
    )
    response = HttpResponse(render_hours_pdf(sheet), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="supervision-hours-{link.pk}.pdf"'
    return response


@login_required
@role_required(Role.SUPERVISOR)
@require_POST
def supervisor_hours_decide(request: HttpRequest, hours_id: int) -> HttpResponse:
    user = account_of(request)
    entry = get_hours_for_supervisor(user, hours_id)
    form = HoursDecisionForm(request.POST)
    if form.is_valid():
        try:
            services.decide_hours(
                entry,
                user,
                form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
                now=timezone.now(),
            )
        except InvalidInput as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, "Choose approve, return or withdraw.")
    return redirect("supervision_hours", supervision_id=entry.link_id)
