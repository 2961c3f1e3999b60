"""The course's pages: the list of modules, one module to read, its quiz, the end-of-course
evaluation, the learner's certificate, and the public page that verifies a certificate by
its code.

Opening a module or its quiz notes the visit (``services.record_visit``): time on task is
counted by the server from these visits, never taken from the browser.

The verification page needs no account and shows only what verifies the certificate: the
name on it, the course, the hours, the date and whether it stands. An unknown code gets
one calm page (404) that says nothing more, and failed lookups are limited as the client
links' are. The page to type a code for it is as public and sets no cookie either.
"""

from __future__ import annotations

import random

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from fulcrum.accounts.access import account_of
from fulcrum.clientvoice import services as voice
from fulcrum.core.course import ItemVersion
from fulcrum.core.course.evaluation import COMMENT_MAX, QUESTIONS, SCALE, STATEMENTS
from fulcrum.core.course.practice import activities_for, activity
from fulcrum.core.course.timeontask import BREAK_MINUTES, minutes_text
from fulcrum.core.errors import InvalidInput
from fulcrum.course import services
from fulcrum.course.access import (
    activity_note_for_user,
    certificates_for_user,
    get_certificate_for_user,
    invitations_for_learner,
)
from fulcrum.course.models import Attempt, Certificate, CertificateEvent
from fulcrum.course.pdf import render_certificate_pdf
from fulcrum.kernel.addresses import counted_address
from fulcrum.kernel.links import handed_over, private_link, public_url
from fulcrum.vignettes.services import pinned_for


@login_required
def course_index(request: HttpRequest) -> HttpResponse:
    course = services.current_course()
    user = account_of(request)
    held = _held(request, course.id)
    spent = services.time_spent(user, course)
    passed = services.passed_modules(user, course)
    context = {
        "course": course,
        "published": services.latest_published(),
        "certificate": held,
        "modules": [
            (m, minutes_text(spent[m.id]) if spent[m.id] else "", m.id in passed)
            for m in course.modules
        ],
        "standing": services.time_on_task(user, course),
        "break_minutes": BREAK_MINUTES,
        "invitations": invitations_for_learner(user)
        .filter(answered_at__isnull=True)
        .select_related("cohort"),
    }
    return render(request, "course/index.html", context)


def _held(request: HttpRequest, course_id: str) -> Certificate | None:
    """The learner's standing certificate for the course, if one is issued."""
    return (
        certificates_for_user(account_of(request))
        .filter(course_id=course_id)
        .exclude(events__kind=CertificateEvent.Kind.REVOKED)
        .order_by("-issued_at")
        .first()
    )


@login_required
def course_module(request: HttpRequest, module_id: str) -> HttpResponse:
    course = services.current_course()
    try:
        module = course.module(module_id)
    except KeyError:
        raise Http404("No such module.") from None
    services.record_visit(account_of(request), course, module.id, now=timezone.now())
    readings = [r for r in course.readings if r.id in module.readings]
    context = {
        "course": course,
        "module": module,
        "readings": readings,
        "activities": activities_for(module.id),
    }
    context["pinned"] = pinned_for(module.id, now=timezone.now())  # the library's pins
    return render(request, "course/module.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def course_activity(request: HttpRequest, module_id: str, activity_id: str) -> HttpResponse:
    """One practice activity: the learner's own page to open, and a private note that is
    shared with a cohort's educator only when the learner ticks the box."""
    course = services.current_course()
    try:
        module = course.module(module_id)
        found = activity(module.id, activity_id)
    except KeyError:
        raise Http404("No such activity.") from None
    user = account_of(request)
    note = activity_note_for_user(user, course.id, found.id)
    text = note.text if note else ""
    share = note.shared if note else False
    problem = ""
    if request.method == "POST":
        text = request.POST.get("note", "")
        share = request.POST.get("share") == "on"
        try:
            services.save_activity_note(
                user, course, module.id, found.id, text, share=share, now=timezone.now()
            )
        except InvalidInput as exc:
            problem = str(exc)
        else:
            return redirect("course_activity", module_id=module.id, activity_id=found.id)
    context = {
        "course": course,
        "module": module,
        "activity": found,
        "page_url": reverse(found.page),
        "text": text,
        "share": share,
        "saved": note,
        "note_max": services.NOTE_MAX,
        "problem": problem,
    }
    return render(request, "course/activity.html", context, status=400 if problem else 200)


def _ordered(items: tuple[ItemVersion, ...], seed: str) -> list[ItemVersion]:
    """The items in an order shuffled per learner and attempt, the same on every reload."""
    ordered = list(items)
    random.Random(seed).shuffle(ordered)
    return ordered


def _unanswered(numbers: list[int]) -> str:
    """The sentence for questions left blank, by the numbers the learner sees."""
    if len(numbers) == 1:
        which = f"Question {numbers[0]} has"
    else:
        listed = ", ".join(str(n) for n in numbers[:-1])
        which = f"Questions {listed} and {numbers[-1]} have"
    return (
        f"{which} no answer yet. Nothing was marked and no attempt was used; "
        "the answers you gave are kept below."
    )


@login_required
def course_quiz(request: HttpRequest, module_id: str) -> HttpResponse:
    course = services.current_course()
    try:
        module = course.module(module_id)
    except KeyError:
        raise Http404("No such module.") from None
    user = account_of(request)
    services.record_visit(user, course, module.id, now=timezone.now())
    past = Attempt.objects.filter(learner=user, course_id=course.id, module_id=module.id)
    used = past.count()
    shown = _ordered(module.items, f"{user.pk}:{module.id}:{used}")
    answers: dict[str, list[str]] = {}
    unanswered: list[str] = []
    result = None
    problem = ""
    if request.method == "POST":
        answers = {
            item.item_id: [v for v in request.POST.getlist(item.item_id) if v]
            for item in module.items
        }
        # A blank question is asked again, never marked wrong: marking it would use an attempt.
        blank = [(n, i.item_id) for n, i in enumerate(shown, 1) if not answers[i.item_id]]
        unanswered = [item_id for _, item_id in blank]
        if blank:
            problem = _unanswered([n for n, _ in blank])
        else:
            try:
                _, result = services.submit_attempt(
                    user, course, module.id, answers, now=timezone.now()
                )
            except InvalidInput as exc:
                problem = str(exc)
            else:
                used += 1
    passed = result.passed if result else past.filter(passed=True).exists()
    left = 0 if passed else max(course.attempts_allowed - used, 0)
    context = {
        "course": course,
        "module": module,
        "items": _ordered(module.items, f"{user.pk}:{module.id}:{used}"),
        "answers": answers,
        "unanswered": unanswered,
        "result": result,
        "feedback": {r.item_id: r for r in result.items} if result else {},
        "problem": problem,
        "left": left,
        "passed": passed,
    }
    return render(request, "course/quiz.html", context, status=400 if unanswered else 200)


# --- the evaluation ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def course_evaluation(request: HttpRequest) -> HttpResponse:
    """The end-of-course evaluation: asked once every quiz is passed, kept once."""
    course = services.current_course()
    user = account_of(request)
    given = services.evaluation_for(user, course)
    completed_on, missing = services.completion(user, course)
    ratings: dict[str, str] = {}
    comments: dict[str, str] = {}
    problem = ""
    if request.method == "POST" and given is None:
        ratings = {s.id: request.POST.get(s.id, "") for s in STATEMENTS}
        comments = {q.id: request.POST.get(q.id, "") for q in QUESTIONS}
        try:
            services.submit_evaluation(user, course, ratings, comments, now=timezone.now())
        except InvalidInput as exc:
            problem = str(exc)
        else:
            return redirect("course_certificate")
    context = {
        "course": course,
        "given": given,
        "completed_on": completed_on,
        "missing": missing,
        "statements": [(s, ratings.get(s.id, "")) for s in STATEMENTS],
        "questions": [(q, comments.get(q.id, "")) for q in QUESTIONS],
        "scale": SCALE,
        "comment_max": COMMENT_MAX,
        "problem": problem,
    }
    return render(request, "course/evaluation.html", context, status=400 if problem else 200)


# --- certificates -----------------------------------------------------------------------


def _verify_url(request: HttpRequest, certificate: Certificate) -> str:
    return public_url(request, reverse("course_verify", args=[certificate.code]))


@login_required
@require_http_methods(["GET", "POST"])
def course_certificate(request: HttpRequest) -> HttpResponse:
    """The learner's way to their certificate: what is left to pass, or a name to type."""
    course = services.current_course()
    held = _held(request, course.id)
    user = account_of(request)
    completed_on, missing = services.completion(user, course)
    name = ""
    problem = ""
    if request.method == "POST" and held is None:
        name = request.POST.get("learner_name", "")
        try:
            certificate, _ = services.issue_certificate(user, course, name, now=timezone.now())
        except InvalidInput as exc:
            problem = str(exc)
        else:
            return redirect("course_certificate_detail", certificate_id=certificate.pk)
    context = {
        "course": course,
        "held": held,
        "completed_on": completed_on,
        "missing": missing,
        "evaluated": services.evaluation_for(user, course) is not None,
        "standing": services.time_on_task(user, course),
        "break_minutes": BREAK_MINUTES,
        "name": name,
        "problem": problem,
    }
    return render(request, "course/certificate.html", context, status=400 if problem else 200)


@login_required
def course_certificate_detail(request: HttpRequest, certificate_id: int) -> HttpResponse:
    certificate = get_certificate_for_user(request.user, certificate_id)
    context = {
        "certificate": certificate,
        "standing": services.certificate_standing(certificate, now=timezone.now()),
        **handed_over(_verify_url(request, certificate)),
    }
    return render(request, "course/certificate_detail.html", context)


@login_required
def course_certificate_pdf(request: HttpRequest, certificate_id: int) -> HttpResponse:
    certificate = get_certificate_for_user(request.user, certificate_id)
    standing = services.certificate_standing(certificate, now=timezone.now())
    data = render_certificate_pdf(certificate, _verify_url(request, certificate), standing)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="certificate-{certificate.completed_on:%Y%m%d}.pdf"'
    )
    return response


@require_GET
def course_verify_ask(request: HttpRequest) -> HttpResponse:
    """Anyone with a certificate but not its link types the code; it goes to the check."""
    typed = request.GET.get("code", "")
    problem = ""
    if "code" in request.GET:
        code = services.normalised_code(typed[:64])
        if code:
            return private_link(redirect("course_verify", code=code))
        problem = "Please type the code printed on the certificate."
    context = {"typed": typed[:64], "problem": problem}
    return private_link(
        render(request, "course/verify_ask.html", context, status=400 if problem else 200)
    )


@require_GET
def course_verify(request: HttpRequest, code: str) -> HttpResponse:
    """Anyone holding a certificate's code may check it stands; nothing else is shown."""
    now = timezone.now()
    source = voice.source_key(counted_address(request))
    if voice.is_limited(source, now=now):
        return private_link(
            render(request, "course/verify_unknown.html", {"limited": True}, status=429)
        )
    certificate = services.find_certificate(code)
    if certificate is None:
        voice.record_failure(source, now=now)
        return private_link(
            render(request, "course/verify_unknown.html", {"limited": False}, status=404)
        )
    context = {
        "certificate": certificate,
        "standing": services.certificate_standing(certificate, now=now),
    }
    return private_link(render(request, "course/verify.html", context))
