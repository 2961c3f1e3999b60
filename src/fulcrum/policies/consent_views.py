"""Consent pages: the client's single-use link, and the practitioner's view of consent.

The client's page (``consent_answer``) needs no account, no cookie and no JavaScript:
each version's title and full words (with the word diff from the version the client
last agreed to), then agree, decline or ask, once. A link that cannot be used gets the
client-voice link's one calm page. The practitioner's pages follow the usual path:
parse → access → service → render.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from fulcrum.checkins.access import checkins_for_user
from fulcrum.clients.access import get_client_for_user
from fulcrum.clients.models import Client
from fulcrum.clientvoice import services as voice
from fulcrum.clientvoice.services import LinkUnavailable
from fulcrum.clientvoice.views import closed_page
from fulcrum.core.errors import InvalidInput
from fulcrum.core.policies import word_diff
from fulcrum.kernel.addresses import counted_address
from fulcrum.kernel.links import handed_over, private_link, public_url
from fulcrum.policies import links, receipt
from fulcrum.policies.access import (
    consent_links_for_user,
    get_consent_link_for_user,
    policies_for_user,
)
from fulcrum.policies.consent import (
    a_year_has_passed,
    consent_gaps,
    record_consent,
    statement_for,
)
from fulcrum.policies.forms import ConsentAnswerForm, VerbalConsentForm
from fulcrum.policies.models import ConsentEvent, PolicyVersion
from fulcrum.policies.pdf import render_receipt_pdf

SHOWN_SESSIONS = 12


def _agreed_before(client: Client, versions: list[PolicyVersion]) -> dict[int, ConsentEvent]:
    """For each policy, the client's newest event when it is an agreement (one query)."""
    newest: dict[int, ConsentEvent] = {}
    events = ConsentEvent.objects.filter(
        client=client, version__policy_id__in=[v.policy_id for v in versions]
    ).select_related("version")
    for event in events.order_by("recorded_at", "pk"):
        newest[event.version.policy_id] = event
    return {
        policy_id: event
        for policy_id, event in newest.items()
        if event.event == ConsentEvent.Event.ACCEPTED
    }


# The client has no session with Fulcrum; the unguessable token in the URL is the only
# credential, and "Referrer-Policy: no-referrer" makes browsers post "Origin: null"
# (see clientvoice.views.voice_answer).
@csrf_exempt
@require_http_methods(["GET", "POST"])
def consent_answer(request: HttpRequest, token: str) -> HttpResponse:
    """The client's page: every version the link names, and one answer for each, once."""
    now = timezone.now()
    source = voice.source_key(counted_address(request))
    if voice.is_limited(source, now=now):
        return closed_page(request, "limited")
    try:
        link = links.find_consent_link(token, now=now)
    except LinkUnavailable as exc:
        voice.record_failure(source, now=now)
        return closed_page(request, exc.reason)
    versions = links.versions_of(link)
    form = ConsentAnswerForm(request.POST if request.method == "POST" else None, versions=versions)
    if request.method == "POST" and form.is_valid():
        try:
            links.answer_consent_link(
                token, form.answers(), typed_name=form.cleaned_data["typed_name"], now=now
            )
        except LinkUnavailable as exc:
            return closed_page(request, exc.reason)
        except InvalidInput as exc:
            form.add_error(None, str(exc))
        else:
            context = {"receipt_url": reverse("consent_receipt", args=[token])}
            return private_link(render(request, "policies/consent_thanks.html", context))
    agreed = _agreed_before(link.client, versions)
    items = []
    for version, answer, question in form.items():
        agreement = agreed.get(version.policy_id)
        before = agreement.version if agreement else None
        changed = before is not None and (before.number or 0) < (version.number or 0)
        # The same words agreed to more than a year ago are asked about again, yearly.
        yearly = (
            agreement is not None
            and before == version
            and a_year_has_passed(agreement.recorded_at, now=now)
        )
        items.append(
            {
                "version": version,
                "answer": answer,
                "question": question,
                "statement": statement_for(version),
                "before": before if changed else None,
                "agreed_on": agreement.recorded_at if yearly and agreement else None,
                "diff": word_diff(before.text, version.text) if changed and before else [],
            }
        )
    return private_link(
        render(request, "policies/consent_answer.html", {"form": form, "items": items})
    )


def _pdf(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_http_methods(["GET"])
def consent_receipt(request: HttpRequest, token: str) -> HttpResponse:
    """The client's PDF receipt of what they just sent, for a short while after sending;
    the link itself stays used (the answer page answers 410)."""
    now = timezone.now()
    source = voice.source_key(counted_address(request))
    if voice.is_limited(source, now=now):
        return closed_page(request, "limited")
    try:
        found = receipt.link_receipt(token, now=now)
    except LinkUnavailable as exc:
        voice.record_failure(source, now=now)
        return closed_page(request, exc.reason)
    return private_link(_pdf(render_receipt_pdf(found), f"consent-receipt-{now:%Y%m%d}.pdf"))


# --- the practitioner's pages ----------------------------------------------------------


def _token_key(link_id: int) -> str:
    return f"policies:new-consent-link:{link_id}"


def _askable(request: HttpRequest) -> list[PolicyVersion]:
    """The newest published version of each of the user's policies."""
    newest: dict[int, PolicyVersion] = {}
    versions = PolicyVersion.objects.filter(
        policy__in=policies_for_user(request.user), published_at__isnull=False
    ).select_related("policy")
    for version in versions.order_by("policy__kind", "number"):
        newest[version.policy_id] = version
    return list(newest.values())


def _sessions(request: HttpRequest, client: Client) -> list[tuple[int, str]]:
    checkins = checkins_for_user(request.user).filter(client=client).order_by("-session_at", "-pk")
    return [(c.pk, f"{c.session_at:%d %b %Y %H:%M}") for c in checkins[:SHOWN_SESSIONS]]


def _client_page(
    request: HttpRequest, client: Client, verbal: VerbalConsentForm | None = None
) -> HttpResponse:
    now = timezone.now()
    askable = _askable(request)
    newest: dict[int, ConsentEvent] = {}
    events = ConsentEvent.objects.filter(client=client).select_related("version", "checkin")
    for event in events.order_by("recorded_at", "pk"):
        newest[event.version.policy_id] = event
    gaps = {g.kind: g for g in consent_gaps(client.owner, [client.pk], now=now)[client.pk]}
    rows = [
        {
            "version": version,
            "latest": newest.get(version.policy_id),
            "gap": gaps.get(version.policy.kind),
        }
        for version in askable
    ]
    open_links = [
        (link, links.consent_link_status(link, now=now))
        for link in consent_links_for_user(request.user).filter(client=client, used_at__isnull=True)
    ]
    if verbal is None:
        verbal = VerbalConsentForm(versions=askable, sessions=_sessions(request, client))
    context = {"client": client, "rows": rows, "links": open_links, "verbal": verbal}
    return render(request, "policies/consent_client.html", context)


@login_required
def consent_client(request: HttpRequest, client_id: int) -> HttpResponse:
    """Where one client stands with each policy, open links, and verbal consent."""
    return _client_page(request, get_client_for_user(request.user, client_id))


@login_required
def consent_client_receipt(request: HttpRequest, client_id: int) -> HttpResponse:
    """The practitioner's copy of the receipt: the client's newest answer per policy."""
    client = get_client_for_user(request.user, client_id)
    data = render_receipt_pdf(receipt.client_receipt(client))
    return _pdf(data, f"consent-receipt-{timezone.localdate():%Y%m%d}.pdf")


@login_required
@require_POST
def consent_link_create(request: HttpRequest, client_id: int) -> HttpResponse:
    """Open a link asking about the chosen versions and show it (once)."""
    client = get_client_for_user(request.user, client_id)
    wanted = set(request.POST.getlist("version"))
    chosen = [v for v in _askable(request) if str(v.pk) in wanted]
    try:
        link, raw = links.create_consent_link(client, chosen, now=timezone.now())
    except InvalidInput as exc:
        messages.error(request, str(exc))
        return redirect("consent_client", client_id=client.pk)
    request.session[_token_key(link.pk)] = raw
    return redirect("consent_link", consent_link_id=link.pk)


@login_required
def consent_link(request: HttpRequest, consent_link_id: int) -> HttpResponse:
    """Show a new link and its QR code once; afterwards only its state."""
    link = get_consent_link_for_user(request.user, consent_link_id)
    raw = request.session.pop(_token_key(link.pk), None)
    context: dict[str, Any] = {
        "link": link,
        "client": link.client,
        "versions": links.versions_of(link),
        "status": links.consent_link_status(link, now=timezone.now()),
        "url": None,
        "qr": None,
    }
    if raw:
        context.update(handed_over(public_url(request, reverse("consent_answer", args=[raw]))))
    return private_link(render(request, "policies/consent_link.html", context))


@login_required
@require_POST
def consent_link_withdraw(request: HttpRequest, consent_link_id: int) -> HttpResponse:
    link = get_consent_link_for_user(request.user, consent_link_id)
    client_id = link.client_id
    try:
        links.withdraw_consent_link(link)
    except InvalidInput as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "The link was withdrawn; it no longer opens.")
    return redirect("consent_client", client_id=client_id)


@login_required
@require_POST
def consent_verbal(request: HttpRequest, client_id: int) -> HttpResponse:
    """Record consent the client gave aloud, attested by the practitioner."""
    client = get_client_for_user(request.user, client_id)
    askable = _askable(request)
    form = VerbalConsentForm(request.POST, versions=askable, sessions=_sessions(request, client))
    if form.is_valid():
        version = next(v for v in askable if v.pk == form.cleaned_data["version"])
        checkin = checkins_for_user(request.user).get(
            client=client, pk=form.cleaned_data["checkin"]
        )
        try:
            record_consent(
                client,
                version,
                event=form.cleaned_data["event"],
                channel=ConsentEvent.Channel.VERBAL,
                checkin=checkin,
                now=timezone.now(),
            )
        except InvalidInput as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "The verbal consent was recorded.")
            return redirect("consent_client", client_id=client.pk)
    return _client_page(request, client, verbal=form)
