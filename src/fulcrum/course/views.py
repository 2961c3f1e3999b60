"""The course's pages: the list of modules, one module to read, its quiz, the learner's
certificate, and the public page that verifies a certificate by its code.

The verification page needs no account and shows only what verifies the certificate: the
name on it, the course, the hours, the date and whether it stands. An unknown code gets
one calm page (404) that says nothing more, and failed lookups are limited as the client
links' are.
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
from fulcrum.core.course.content import load_course
from fulcrum.core.errors import InvalidInput
from fulcrum.course import services
from fulcrum.course.access import certificates_for_user, get_certificate_for_user
from fulcrum.course.models import Attempt, Certificate
from fulcrum.course.pdf import render_certificate_pdf
from fulcrum.kernel.addresses import counted_address
from fulcrum.kernel.links import handed_over, private_link, public_url
from fulcrum.vignettes.services import pinned_for


@login_required
def course_index(request: HttpRequest) -> HttpResponse:
    course = load_course()
    held = _held(request, course.id)
    return render(request, "course/index.html", {"course": course, "certificate": held})


def _held(request: HttpRequest, course_id: str) -> Certificate | None:
    """The learner's standing certificate for the course, if one is issued."""
    return (
        certificates_for_user(account_of(request))
        .filter(course_id=course_id, revoked_at__isnull=True)
        .order_by("-issued_at")
        .first()
    )


@login_required
def course_module(request: HttpRequest, module_id: str) -> HttpResponse:
    course = load_course()
    try:
        module = course.module(module_id)
    except KeyError:
        raise Http404("No such module.") from None
    readings = [r for r in course.readings if r.id in module.readings]
    context = {"course": course, "module": module, "readings": readings}
    context["pinned"] = pinned_for(module.id, now=timezone.now())  # the library's pins
    return render(request, "course/module.html", context)


def _ordered(items: tuple[ItemVersion, ...], seed: str) -> list[ItemVersion]:
    """The items in an order shuffled per learner and attempt, the same on every reload."""
    ordered = list(items)
    random.Random(seed).shuffle(ordered)
    return ordered


@login_required
def course_quiz(request: HttpRequest, module_id: str) -> HttpResponse:
    course = load_course()
    try:
        module = course.module(module_id)
    except KeyError:
        raise Http404("No such module.") from None
    user = account_of(request)
    past = Attempt.objects.filter(learner=user, course_id=course.id, module_id=module.id)
    used = past.count()
    answers: dict[str, list[str]] = {}
    result = None
    problem = ""
    if request.method == "POST":
        answers = {item.item_id: request.POST.getlist(item.item_id) for item in module.items}
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
        "result": result,
        "feedback": {r.item_id: r for r in result.items} if result else {},
        "problem": problem,
        "left": left,
        "passed": passed,
    }
    return render(request, "course/quiz.html", context)


# --- certificates -----------------------------------------------------------------------


def _verify_url(request: HttpRequest, certificate: Certificate) -> str:
    return public_url(request, reverse("course_verify", args=[certificate.code]))


@login_required
@require_http_methods(["GET", "POST"])
def course_certificate(request: HttpRequest) -> HttpResponse:
    """The learner's way to their certificate: what is left to pass, or a name to type."""
    course = load_course()
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
        "name": name,
        "problem": problem,
    }
    return render(request, "course/certificate.html", context, status=400 if problem else 200)


@login_required
def course_certificate_detail(request: HttpRequest, certificate_id: int) -> HttpResponse:
    certificate = get_certificate_for_user(request.user, certificate_id)
    context = {"certificate": certificate, **handed_over(_verify_url(request, certificate))}
    return render(request, "course/certificate_detail.html", context)


@login_required
def course_certificate_pdf(request: HttpRequest, certificate_id: int) -> HttpResponse:
    certificate = get_certificate_for_user(request.user, certificate_id)
    data = render_certificate_pdf(certificate, _verify_url(request, certificate))
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="certificate-{certificate.completed_on:%Y%m%d}.pdf"'
    )
    return response


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
    return private_link(render(request, "course/verify.html", {"certificate": certificate}))
