"""Vignette pages: contributing without an account, the educator's queue, the library.

The contribution pages (``contribute``, ``contribute_status``) need no account and set
no cookie: their template carries no CSRF token and writes nothing to a session, and
nothing of the request but a keyed hash of the address (to slow codename guessing)
reaches the services. Like the client's link, they are exempt from CSRF: there is no
cookie-borne authority for a forged request to ride on, and the codename is the only
credential.

The one exception is a refused Send of a journal entry its owner offered: its review is
built again with the workspace's names, so the signed-in account is read (and the
offer's CSRF token given again) for that review alone; what is sent never carries it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import OuterRef, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from fulcrum.accounts.access import signed_in
from fulcrum.accounts.models import Role
from fulcrum.accounts.roles import role_required
from fulcrum.core.deid import Deidentified, KnownEntity
from fulcrum.core.deid.choices import (
    Group,
    apply_choices,
    every_mention,
    group_findings,
    groups_kept,
)
from fulcrum.core.errors import InvalidInput
from fulcrum.core.policies import word_diff
from fulcrum.kernel.addresses import counted_address
from fulcrum.kernel.links import private_link
from fulcrum.reflection.access import get_journal_entry_for_user
from fulcrum.vignettes import services
from fulcrum.vignettes.access import (
    get_library_vignette_for_user,
    get_submission_for_educator,
    library_for_user,
    queue_for_educator,
)
from fulcrum.vignettes.forms import (
    AskForm,
    CodenameForm,
    DeclineForm,
    EditForm,
    LibraryFilterForm,
    PasteForm,
    PinForm,
    ReplyForm,
    SendForm,
    new_send_form,
)
from fulcrum.vignettes.models import Message, Vignette
from fulcrum.vignettes.modules import course_modules
from fulcrum.vignettes.services import CodenameRefused

CLOSED_STATUS = {"unknown": 404, "limited": 429}


def _findings(groups: tuple[Group, ...]) -> list[dict[str, Any]]:
    """Each distinct finding with its words as first written and how many mentions it
    covers, for the review table."""
    return [
        {"n": n, "finding": g.finding, "surface": g.words, "mentions": len(g.mentions)}
        for n, g in enumerate(groups)
    ]


def _review_page(
    request: HttpRequest,
    result: Deidentified,
    form: SendForm,
    *,
    offered: int | None = None,
    shown: frozenset[int] = frozenset(),
    kept: frozenset[int] | None = None,
    left_as_typed: tuple[str, ...] = (),
) -> HttpResponse:
    """The review; ``offered`` is the journal entry's id when the practitioner offers one.

    ``shown`` numbers the findings the text keeps as written; ``kept`` the distinct
    findings whose "keep" is ticked (by default, those with a mention in ``shown``).
    """
    groups = group_findings(result)
    context = {
        "findings": _findings(groups),
        "mentions": len(result.findings),
        "form": form,
        "offered": offered,
        "original": result.text,
        "shown": shown,
        "kept": groups_kept(groups, shown) if kept is None else kept,
        "left_as_typed": left_as_typed,
    }
    return private_link(render(request, "vignettes/review.html", context))


def _numbers(values: list[str], below: int) -> frozenset[int]:
    return frozenset(int(n) for n in values if n.isascii() and n.isdigit() and int(n) < below)


def _choose(
    request: HttpRequest, known: Sequence[KnownEntity] = (), *, offered: int | None = None
) -> HttpResponse:
    """Apply the contributor's choice for each distinct finding, to every mention of it:
    its proposal, or the words as written.

    The original comes back from the contributor's own browser; the same findings are
    found again (the de-identifier is deterministic) and nothing is stored. The choices
    are applied onto the text as the contributor has edited it, never onto a rebuilt one.
    """
    try:
        result = services.review(request.POST.get("original", ""), known)
    except InvalidInput:
        return private_link(render(request, "vignettes/contribute.html", {"form": PasteForm()}))
    groups = group_findings(result)
    typed = request.POST.get("text")
    choices = apply_choices(
        result,
        every_mention(groups, _numbers(request.POST.getlist("keep"), len(groups))),
        typed=typed if isinstance(typed, str) else None,
        shown=_numbers(request.POST.getlist("shown"), len(result.findings)),
    )
    form = SendForm(initial={**request.POST.dict(), "text": choices.text})
    return _review_page(
        request,
        result,
        form,
        offered=offered,
        shown=choices.kept,
        left_as_typed=choices.left_as_typed,
    )


def _offered_names(request: HttpRequest) -> tuple[list[KnownEntity], int | None]:
    """The workspace's names and the journal entry, when a refused Send came from the
    review of an entry its signed-in owner offered; nothing for anyone else's Send."""
    number = request.POST.get("offered", "")
    if not (number.isascii() and number.isdigit() and len(number) < 10):
        return [], None
    if not request.user.is_authenticated:
        return [], None
    entry = get_journal_entry_for_user(request.user, int(number))
    return services.known_entities_for(signed_in(request.user)), entry.pk


def _refused_send(request: HttpRequest, form: SendForm) -> HttpResponse:
    """The same review again after a refused Send: built from the text as pasted (which
    the contributor's browser sent back with the rest), every choice as it was, the
    text as typed and the form's error. Nothing is stored.

    An offered entry's review finds the workspace's names again, as the offer page did:
    the account is read for that review alone, never for what is sent.
    """
    known, offered = _offered_names(request)
    try:
        result = services.review(request.POST.get("original", ""), known)
    except InvalidInput:
        # Sent without the text as pasted, as no review page sends: the text typed is all
        # there is, every finding in it standing as written.
        try:
            result = services.review(request.POST.get("text", ""), known)
        except InvalidInput:
            result = Deidentified("", ())
        everything = frozenset(range(len(result.findings)))
        return _review_page(request, result, form, offered=offered, shown=everything)
    return _review_page(
        request,
        result,
        form,
        offered=offered,
        shown=_numbers(request.POST.getlist("shown"), len(result.findings)),
        kept=_numbers(request.POST.getlist("keep"), len(group_findings(result))),
    )


# --- contributing ------------------------------------------------------------------------


@csrf_exempt
@require_http_methods(["GET", "POST"])
def contribute(request: HttpRequest) -> HttpResponse:
    """Paste a vignette, review what the de-identifier proposes, then send the reviewed text."""
    step = request.POST.get("step", "") if request.method == "POST" else ""
    if step == "choose":
        return _choose(request)
    if step == "send":
        form = SendForm(request.POST)
        if form.is_valid():
            try:
                _, codename = services.submit_vignette(
                    form.cleaned_data["text"],
                    disguise=form.cleaned_data["disguise"],
                    licence=form.cleaned_data["licence"],
                    once=form.cleaned_data["once"],
                    now=timezone.now(),
                )
            except services.AlreadySent:
                return private_link(render(request, "vignettes/sent_before.html", status=409))
            except InvalidInput as exc:
                form.add_error(None, str(exc))
            else:
                return private_link(render(request, "vignettes/sent.html", {"codename": codename}))
        return _refused_send(request, form)
    paste = PasteForm(request.POST if step == "review" else None)
    if step == "review" and paste.is_valid():
        try:
            result = services.review(paste.cleaned_data["text"])
        except InvalidInput as exc:
            paste.add_error("text", str(exc))
        else:
            return _review_page(request, result, new_send_form(result.redacted))
    return private_link(render(request, "vignettes/contribute.html", {"form": paste}))


@login_required
@require_http_methods(["GET", "POST"])
def contribute_offer(request: HttpRequest, entry_id: int) -> HttpResponse:
    """Offer a journal entry: the workspace's known names first, then the rest, for review.

    Applying the choices comes back here, so the same known names are found again; the
    review page sends to ``contribute`` like anyone else's: the vignette stored carries
    no account, and nothing is sent until the practitioner presses Send. A refused Send
    is reviewed there again with the same names (``_refused_send``).
    """
    entry = get_journal_entry_for_user(request.user, entry_id)
    known = services.known_entities_for(signed_in(request.user))
    if request.method == "POST":
        return _choose(request, known, offered=entry.pk)
    result = services.review(entry.body, known)
    return _review_page(request, result, new_send_form(result.redacted), offered=entry.pk)


def _refused(request: HttpRequest, form: CodenameForm, reason: str) -> HttpResponse:
    """A codename that finds nothing asks again with the words as typed, so a slip can be
    mended; too many tries get the calm page that only says to wait."""
    if reason == "unknown":
        context = {"form": form, "unknown": True}
        template = "vignettes/status_ask.html"
    else:
        context, template = {}, "vignettes/not_found.html"
    return private_link(render(request, template, context, status=CLOSED_STATUS[reason]))


def _status_action(
    request: HttpRequest, vignette: Vignette, now: datetime
) -> tuple[Vignette, str, ReplyForm, str]:
    """Carry out what the contributor asked on the status page: withdraw, reply or
    approve. Returns the vignette, what was done (for the page to say), the reply form
    (keeping what was typed on error) and any problem."""
    action = request.POST.get("action", "")
    reply = ReplyForm(request.POST if action == "reply" else None)
    done, problem = "", ""
    try:
        if action == "withdraw" and request.POST.get("sure") == "yes":
            vignette, done = services.withdraw_vignette(vignette), "withdrawn"
        elif action == "reply" and reply.is_valid():
            services.reply_to_educator(vignette, reply.cleaned_data["reply"], now=now)
            reply, done = ReplyForm(), "replied"
        elif action == "approve":
            number = request.POST.get("version", "")
            readable = number.isascii() and number.isdigit() and len(number) < 10
            vignette = services.approve_version(vignette, int(number) if readable else -1)
            done = "approved"
    except InvalidInput as exc:
        problem = str(exc)
    return vignette, done, reply, problem


@csrf_exempt
@require_http_methods(["GET", "POST"])
def contribute_status(request: HttpRequest) -> HttpResponse:
    """With the codename: the status, an educator's questions and reason, the edited
    version to approve; reply, approve or withdraw."""
    form = CodenameForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        now = timezone.now()
        try:
            vignette = services.find_by_codename(
                form.cleaned_data["codename"], address=counted_address(request), now=now
            )
        except CodenameRefused as exc:
            return _refused(request, form, exc.reason)
        vignette, done, reply, problem = _status_action(request, vignette, now)
        kept = services.versions(vignette)
        context = {
            "vignette": vignette,
            "codename": form.cleaned_data["codename"],
            "done": done,
            "problem": problem,
            "reply": reply,
            "messages_by_codename": list(vignette.messages.all()),
            "latest": kept[-1] if kept else None,
            "changes": word_diff(vignette.text, kept[-1].text) if kept else [],
            "appeared": vignette.appears_at is not None and vignette.appears_at <= now,
        }
        return private_link(render(request, "vignettes/status.html", context))
    return private_link(render(request, "vignettes/status_ask.html", {"form": form}))


# --- the educator's pages ----------------------------------------------------------------


@login_required
@role_required(Role.EDUCATOR)
def teach_home(request: HttpRequest) -> HttpResponse:
    """The educator's home: the queue's size, the library, and the course's pins."""
    queue = queue_for_educator(request.user)
    context = {
        "waiting": queue.filter(status=Vignette.Status.WAITING).count(),
        "published": library_for_user(request.user, now=timezone.now()).count(),
    }
    return render(request, "vignettes/teach_home.html", context)


@login_required
@role_required(Role.EDUCATOR)
def teach_queue(request: HttpRequest) -> HttpResponse:
    """Submissions waiting, oldest first, and those already decided; each says whether
    the conversation's last word is the contributor's."""
    last = Message.objects.filter(vignette=OuterRef("pk")).order_by("-pk").values("sender")
    rows = list(queue_for_educator(request.user).annotate(last_sender=Subquery(last[:1])))
    waiting = [v for v in rows if v.status == Vignette.Status.WAITING]
    decided = [v for v in rows if v.status != Vignette.Status.WAITING]
    return render(request, "vignettes/queue.html", {"waiting": waiting, "decided": decided})


class _Forms:
    """The educator page's forms, bound to the POST only when theirs is the action."""

    def __init__(self, request: HttpRequest, vignette: Vignette, proposed: str) -> None:
        self.action = request.POST.get("action", "") if request.method == "POST" else ""
        data = request.POST if self.action else None
        initial: dict[str, Any] = {"text": proposed}
        if vignette.version:
            initial = {
                "title": vignette.title,
                "text": vignette.published_text,
                "teaching_notes": vignette.teaching_notes,
                "questions": vignette.questions,
                "kinds": vignette.kinds,
                "direction": vignette.direction,
                "use": vignette.use,
                "modality": vignette.modality,
            }
        self.edit = EditForm(data if self.action == "save" else None, initial=initial)
        self.ask = AskForm(data if self.action == "ask" else None)
        self.decline = DeclineForm(data if self.action == "decline" else None)
        self.pin = PinForm(data if self.action == "pin" else None, modules=course_modules())
        self.module_posted = str(data.get("module", "")) if data else ""
        self.problem = ""


def _teach_action(forms: _Forms, vignette: Vignette, now: datetime) -> str:
    """Carry out the educator's action; the message to show, or "" when nothing was done."""
    action = forms.action
    try:
        if action == "save" and forms.edit.is_valid():
            saved = services.save_edit(vignette, forms.edit.edit(), now=now)
            if saved.awaiting_approval:
                return f"Saved as version {saved.version}; the contributor is asked to approve it."
            return "Saved."
        if action == "ask" and forms.ask.is_valid():
            services.ask_contributor(vignette, forms.ask.cleaned_data["question"], now=now)
            return "Asked; the contributor reads it with their codename."
        if action == "publish":
            services.publish_vignette(vignette, now=now)
            return "Published; it appears in the library after a random delay of one to seven days."
        if action == "decline" and forms.decline.is_valid():
            services.decline_vignette(vignette, forms.decline.cleaned_data["reason"], now=now)
            return "Declined; the contributor can read your reason."
        if action == "pin" and forms.pin.is_valid():
            modules = [m for m, _ in course_modules()]
            services.pin_vignette(vignette, forms.pin.cleaned_data["module"], modules=modules)
            return "Pinned into the module."
        if action == "unpin":
            services.unpin_vignette(vignette, forms.module_posted)
            return "Taken out of the module."
    except InvalidInput as exc:
        forms.problem = str(exc)
    return ""


@login_required
@role_required(Role.EDUCATOR)
@require_http_methods(["GET", "POST"])
def teach_vignette(request: HttpRequest, vignette_id: int) -> HttpResponse:
    """One submission: the server's own run of the de-identifier, the kept versions and
    their diffs, the conversation by codename; save, ask, publish, decline or pin."""
    vignette = get_submission_for_educator(request.user, vignette_id)
    result = services.review(vignette.text) if vignette.text.strip() else Deidentified("", ())
    forms = _Forms(request, vignette, result.redacted)
    now = timezone.now()
    done = _teach_action(forms, vignette, now)
    if done:
        messages.success(request, done)
        return redirect("teach_vignette", vignette.pk)
    modules = dict(course_modules())
    context = {
        "vignette": vignette,
        "findings": _findings(group_findings(result)),
        "forms": forms,
        "versions": services.versions(vignette),
        "conversation": list(vignette.messages.all()),
        "pins": [(p.module_id, modules.get(p.module_id, p.module_id)) for p in vignette.pins.all()],
        "appeared": vignette.appears_at is not None and vignette.appears_at <= now,
        "kinds": services.kind_labels(vignette.kinds),
    }
    return render(request, "vignettes/teach_vignette.html", context)


# --- the library -------------------------------------------------------------------------


@login_required
def library(request: HttpRequest) -> HttpResponse:
    """Published vignettes, searched by words in their title, text, notes or tags, and
    narrowed by a kind of power, a direction, a use or a kind of work."""
    query = request.GET.get("q", "").strip()[:200]
    form = LibraryFilterForm(request.GET or None)
    form.is_valid()  # a value no list holds is left out; the others still narrow
    chosen = {k: v for k, v in getattr(form, "cleaned_data", {}).items() if v}
    found = services.search_library(
        library_for_user(request.user, now=timezone.now()), query, **chosen
    )
    context = {"found": found, "query": query, "form": form, "narrowed": bool(chosen)}
    return render(request, "vignettes/library.html", context)


@login_required
def library_vignette(request: HttpRequest, published_id: int) -> HttpResponse:
    vignette = get_library_vignette_for_user(request.user, published_id, now=timezone.now())
    context = {"vignette": vignette, "kinds": services.kind_labels(vignette.kinds)}
    return render(request, "vignettes/library_vignette.html", context)
