"""Reflection pages: parse → access → service → render."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Max, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from fulcrum.accounts.models import User
from fulcrum.checkins.access import checkins_for_user, get_warning_for_user
from fulcrum.checkins.models import CheckIn
from fulcrum.clients.access import clients_for_user, get_client_for_user
from fulcrum.core.errors import InvalidInput
from fulcrum.core.reflection import (
    DISCLOSURE_INQUIRY,
    FOLLOWED_LABELS,
    SERVED,
    Disclosure,
    Prompt,
    disclosure_pattern,
    load_prompts,
    prompt_for_warning,
)
from fulcrum.history.forms import add_change_reason_field
from fulcrum.history.services import history_of
from fulcrum.reflection import services
from fulcrum.reflection.access import get_journal_entry_for_user, journal_entries_for_user
from fulcrum.reflection.charts import SERVED_LABELS, disclosure_chart
from fulcrum.reflection.forms import JournalEntryForm, JournalSearchForm

PAGE_SIZE = 25


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _prompt_or_none(prompt_id: str) -> Prompt | None:
    if not prompt_id:
        return None
    try:
        return load_prompts().prompt(prompt_id)
    except InvalidInput:
        return None  # a retired prompt: the entry still reads fine without it


@login_required
def journal_list(request: HttpRequest) -> HttpResponse:
    """The journal, newest first; doubles as search (live over HTMX, plain GET without JS)."""
    form = JournalSearchForm(request.GET or None, user=request.user)
    entries = journal_entries_for_user(request.user).select_related("client")
    searching = False
    words = ""
    if form.is_valid():
        cd = form.cleaned_data
        if cd["q"].strip():
            words = cd["q"].strip()
            searching = True
        if cd["client"] is not None:
            entries = entries.filter(client=cd["client"])
            searching = True
        if cd["since"]:
            entries = entries.filter(written_at__date__gte=cd["since"])
            searching = True
        if cd["until"]:
            entries = entries.filter(written_at__date__lte=cd["until"])
            searching = True
    # Bodies are encrypted: words are matched after opening the user's own entries.
    found = services.entries_containing(entries, words) if words else entries
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    prompts = {p.id: p for p in load_prompts().prompts}
    rows = [(entry, prompts.get(entry.prompt_id)) for entry in page]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "searching": searching,
        "query": query.urlencode(),
    }
    if _is_htmx(request):
        return render(request, "reflection/journal_list.html#journal-results", context)
    return render(request, "reflection/journal_list.html", context)


def _write_context(request: HttpRequest) -> tuple[dict[str, Any], dict[str, Any]]:
    """Initial values and page context from ?prompt=, ?client=, ?checkin=, ?warning=."""
    user = request.user
    library = load_prompts()
    initial: dict[str, Any] = {}
    extra: dict[str, Any] = {"prompt": None, "warning": None, "checkin": None}
    warning_id = request.GET.get("warning")
    if warning_id:
        warning = get_warning_for_user(user, warning_id)
        prompt = prompt_for_warning(warning.direction, warning.indicator_ids, library.prompts)
        initial.update(warning=warning.pk, client=warning.client_id, prompt_id=prompt.id)
        extra.update(warning=warning, prompt=prompt)
    checkin_id = request.GET.get("checkin")
    if checkin_id:
        try:
            checkin = checkins_for_user(user).select_related("client").get(pk=int(checkin_id))
        except (CheckIn.DoesNotExist, ValueError):
            raise Http404("No such check-in.") from None
        initial.update(checkin=checkin.pk, client=checkin.client_id)
        extra["checkin"] = checkin
    client_id = request.GET.get("client")
    if client_id and "client" not in initial:
        initial["client"] = get_client_for_user(user, client_id).pk
    prompt_id = request.GET.get("prompt")
    if prompt_id:
        try:
            extra["prompt"] = library.prompt(prompt_id)
        except InvalidInput:
            pass  # an old bookmark: write freely instead
        else:
            initial["prompt_id"] = prompt_id
    return initial, extra


@login_required
def journal_write(request: HttpRequest) -> HttpResponse:
    initial, extra = _write_context(request)
    form = JournalEntryForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        user=request.user,
        library=load_prompts(),
        extra_checkin=extra["checkin"],
        extra_warning=extra["warning"],
    )
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.write_entry(
                cast(User, request.user), form.data_for_service(), now=timezone.now()
            )
        except InvalidInput as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Saved to your journal.")
            return redirect("journal_detail", entry_id=entry.pk)
    return render(request, "reflection/journal_form.html", {"form": form, "entry": None, **extra})


@login_required
def journal_detail(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = get_journal_entry_for_user(request.user, entry_id)
    return render(
        request,
        "reflection/journal_detail.html",
        {"entry": entry, "prompt": _prompt_or_none(entry.prompt_id)},
    )


@login_required
def journal_history(request: HttpRequest, entry_id: int) -> HttpResponse:
    """Every edit of a journal entry: what changed, when, and whether it still matches."""
    entry = get_journal_entry_for_user(request.user, entry_id)
    history = history_of(
        entry.owner,
        subject=services.SUBJECT,
        subject_id=entry.pk,
        current=services.entry_snapshot(entry),
        labels=services.HISTORY_LABELS,
        text_fields=services.HISTORY_TEXT,
        first_written=entry.written_at,
    )
    when = timezone.localtime(entry.written_at)
    context = {
        "history": history,
        "title": f"the journal entry of {when:%d %b %Y}".replace(" 0", " "),
        "back_url": reverse("journal_detail", args=[entry.pk]),
        "back_label": "Back to the entry",
    }
    return render(request, "history/history.html", context)


@login_required
def journal_edit(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = get_journal_entry_for_user(request.user, entry_id)
    form = JournalEntryForm(
        request.POST if request.method == "POST" else None,
        initial=JournalEntryForm.initial_for(entry),
        user=request.user,
        library=load_prompts(),
        extra_checkin=entry.checkin,
        extra_warning=entry.warning,
    )
    add_change_reason_field(form)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_entry(
                entry,
                form.data_for_service(),
                now=timezone.now(),
                reason=form.cleaned_data.get("change_reason", ""),
            )
        except InvalidInput as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Entry saved.")
            return redirect("journal_detail", entry_id=entry.pk)
    return render(
        request,
        "reflection/journal_form.html",
        {"form": form, "entry": entry, "prompt": _prompt_or_none(entry.prompt_id)},
    )


@login_required
def journal_delete(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = get_journal_entry_for_user(request.user, entry_id)
    if request.method == "POST":
        services.delete_entry(entry, now=timezone.now())
        messages.success(request, "Entry deleted.")
        return redirect("journal_list")
    return render(request, "reflection/journal_delete.html", {"entry": entry})


@login_required
def prompt_library(request: HttpRequest) -> HttpResponse:
    library = load_prompts()
    groups = [(g, library.in_group(g.id)) for g in library.groups]
    return render(request, "reflection/prompt_library.html", {"groups": groups})


# --- self-disclosure -------------------------------------------------------------------


@login_required
def disclosure_caseload(request: HttpRequest) -> HttpResponse:
    """Every client with their disclosures counted by whose need they served."""
    clients = (
        clients_for_user(request.user, include_archived=True)
        .annotate(
            sessions=Count("checkins", distinct=True),
            disclosures=Count("checkins", filter=Q(checkins__disclosure=True), distinct=True),
            last_disclosure=Max("checkins__session_at", filter=Q(checkins__disclosure=True)),
        )
        .order_by("code")
    )
    served_rows = (
        checkins_for_user(request.user)
        .filter(disclosure=True)
        .values("client_id", "disclosure_served")
        .annotate(n=Count("pk"))
    )
    by_client: dict[int, dict[str, int]] = {}
    for row in served_rows:
        served = row["disclosure_served"] or "unrecorded"
        by_client.setdefault(row["client_id"], {})[served] = row["n"]
    rows = [
        (client, [by_client.get(client.pk, {}).get(s, 0) for s in SERVED]) for client in clients
    ]
    totals = [sum(counts[i] for _, counts in rows) for i in range(len(SERVED))]
    return render(
        request,
        "reflection/disclosure_caseload.html",
        {
            "rows": rows,
            "served_labels": [SERVED_LABELS[s] for s in SERVED],
            "totals": totals,
            "inquiry": DISCLOSURE_INQUIRY,
        },
    )


@login_required
def disclosure_client(request: HttpRequest, client_id: int) -> HttpResponse:
    client = get_client_for_user(request.user, client_id)
    checkins = checkins_for_user(request.user).filter(client=client)
    disclosures = list(checkins.filter(disclosure=True).order_by("-session_at", "-pk"))
    pattern = disclosure_pattern(
        [Disclosure(c.session_at, c.disclosure_served, c.disclosure_followed) for c in disclosures],
        sessions=checkins.count(),
    )
    library = load_prompts()
    return render(
        request,
        "reflection/disclosure_client.html",
        {
            "client": client,
            "disclosures": disclosures,
            "pattern": pattern,
            "counts": [(SERVED_LABELS[s], s, n) for s, n in pattern.counts],
            "followed": [(FOLLOWED_LABELS[f], f, n) for f, n in pattern.followed if n],
            # disclosure_chart escapes every piece of text it draws.
            "chart": mark_safe(disclosure_chart(pattern)) if pattern.months else None,
            "inquiry": DISCLOSURE_INQUIRY,
            "prompts": library.in_group("disclosure"),
        },
    )
