"""Client-voice pages.

The client's page (``voice_answer``) needs no account and shows nothing of the
practitioner's records: four items, a comment box, a thank-you, or one calm page for a
link that cannot be used. The practitioner's pages follow the usual path:
parse → access → service → render.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from fulcrum.checkins.access import checkins_for_user, get_checkin_for_user
from fulcrum.clients.access import clients_for_user, get_client_for_user
from fulcrum.clientvoice import services
from fulcrum.clientvoice.access import get_voice_link_for_user, voice_links_for_user
from fulcrum.clientvoice.forms import VoiceForm
from fulcrum.clientvoice.services import LinkUnavailable
from fulcrum.core.errors import InvalidInput
from fulcrum.core.voice import SCALE_MAX, VOICE_ITEMS
from fulcrum.kernel.addresses import counted_address
from fulcrum.kernel.links import handed_over, private_link, public_url

# Unknown links are "not found"; expired or used ones are "gone". The page is the same.
CLOSED_STATUS = {"unknown": 404, "expired": 410, "used": 410, "limited": 429}
# Sessions without an answer listed openly; older ones wait, folded, below them.
SHOWN_SESSIONS = 6


def closed_page(request: HttpRequest, reason: str) -> HttpResponse:
    """The one calm page for a private link that is unknown, expired, used or limited."""
    response = render(
        request,
        "clientvoice/closed.html",
        {"limited": reason == "limited"},
        status=CLOSED_STATUS[reason],
    )
    return private_link(response)


def _address(request: HttpRequest) -> str:
    # Forwarded-for headers only from the proxies named in FULCRUM_TRUSTED_PROXIES.
    return counted_address(request)


# The client has no session with Fulcrum, so there is no cookie-borne authority for a
# forged request to ride on; the unguessable token in the URL is the only credential.
# The page also sends "Referrer-Policy: no-referrer", with which browsers post
# "Origin: null" — Django's CSRF origin check would refuse every honest submission.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def voice_answer(request: HttpRequest, token: str) -> HttpResponse:
    """The client's one-screen form: four items and a comment, once, before it expires."""
    now = timezone.now()
    source = services.source_key(_address(request))
    if services.is_limited(source, now=now):
        return closed_page(request, "limited")
    try:
        services.find_link(token, now=now)
    except LinkUnavailable as exc:
        services.record_failure(source, now=now)
        return closed_page(request, exc.reason)
    form = VoiceForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_answers(
                token, form.answers(), comment=form.cleaned_data["comment"], now=now
            )
        except LinkUnavailable as exc:
            return closed_page(request, exc.reason)
        except InvalidInput as exc:
            form.add_error(None, str(exc))
        else:
            return private_link(render(request, "clientvoice/thanks.html"))
    return private_link(
        render(request, "clientvoice/answer.html", {"form": form, "scale_max": SCALE_MAX})
    )


# --- the practitioner's pages ----------------------------------------------------------


def _token_key(link_id: int) -> str:
    return f"clientvoice:new-link:{link_id}"


@login_required
def voice_overview(request: HttpRequest) -> HttpResponse:
    """Every active client with answered sessions, flagged gaps and open links."""
    now = timezone.now()
    clients = list(clients_for_user(request.user))
    answered = services.answered_sessions_by_client(clients)
    open_links = dict(
        voice_links_for_user(request.user)
        .filter(used_at__isnull=True, expires_at__gt=now)
        .values_list("client_id")
        .annotate(n=Count("pk"))
        .values_list("client_id", "n")
    )
    rows = []
    for client in clients:
        sessions = answered.get(client.pk, [])
        rows.append(
            {
                "client": client,
                "answered": len(sessions),
                "gaps": sum(len(s.comparison.gaps) for s in sessions),
                "reflections": sum(1 for s in sessions if s.comparison.reflection),
                "open_links": open_links.get(client.pk, 0),
                "latest": sessions[0] if sessions else None,
            }
        )
    return render(request, "clientvoice/overview.html", {"rows": rows, "items": VOICE_ITEMS})


@login_required
def voice_client(request: HttpRequest, client_id: int) -> HttpResponse:
    """The client's answers beside each check-in, open links, and sessions to ask about."""
    client = get_client_for_user(request.user, client_id)
    now = timezone.now()
    sessions = services.answered_sessions(client)
    links = [
        (link, services.link_status(link, now=now))
        for link in voice_links_for_user(request.user)
        .filter(client=client, used_at__isnull=True)
        .select_related("checkin")
    ]
    answered_ids = {s.checkin.pk for s in sessions}
    # Every session still without an answer can be asked about, newest first.
    unanswered = list(
        checkins_for_user(request.user)
        .filter(client=client)
        .exclude(pk__in=answered_ids)
        .order_by("-session_at", "-pk")
    )
    return render(
        request,
        "clientvoice/client.html",
        {
            "client": client,
            "sessions": sessions,
            "links": links,
            "recent": unanswered[:SHOWN_SESSIONS],
            "older": unanswered[SHOWN_SESSIONS:],
            "has_sessions": bool(unanswered or sessions),
            "items": VOICE_ITEMS,
            "days": services.link_days(),
        },
    )


@login_required
@require_POST
def voice_link_create(request: HttpRequest, client_id: int, checkin_id: int) -> HttpResponse:
    """Open a link for one session and show it (once) on the link page."""
    client = get_client_for_user(request.user, client_id)
    checkin = get_checkin_for_user(request.user, client, checkin_id)
    link, raw = services.create_link(checkin, now=timezone.now())
    # Kept server-side for exactly one page view, then dropped (see voice_link).
    request.session[_token_key(link.pk)] = raw
    return redirect("voice_link", link_id=link.pk)


@login_required
def voice_link(request: HttpRequest, link_id: int) -> HttpResponse:
    """Show a new link and its QR code once; afterwards only its state."""
    link = get_voice_link_for_user(request.user, link_id)
    raw = request.session.pop(_token_key(link.pk), None)
    context: dict[str, Any] = {
        "link": link,
        "client": link.client,
        "status": services.link_status(link, now=timezone.now()),
        "url": None,
        "qr": None,
    }
    if raw:
        context.update(handed_over(public_url(request, reverse("voice_answer", args=[raw]))))
    return private_link(render(request, "clientvoice/link.html", context))


@login_required
@require_POST
def voice_link_withdraw(request: HttpRequest, link_id: int) -> HttpResponse:
    link = get_voice_link_for_user(request.user, link_id)
    client_id = link.client_id
    try:
        services.withdraw_link(link)
    except InvalidInput as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "The link was withdrawn; it no longer opens.")
    return redirect("voice_client", client_id=client_id)
