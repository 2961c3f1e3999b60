"""The course's pages: the list of modules and one module to read."""

from __future__ import annotations

import random

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from fulcrum.accounts.access import account_of
from fulcrum.core.course import ItemVersion
from fulcrum.core.course.content import load_course
from fulcrum.core.errors import InvalidInput
from fulcrum.course import services
from fulcrum.course.models import Attempt


@login_required
def course_index(request: HttpRequest) -> HttpResponse:
    course = load_course()
    return render(request, "course/index.html", {"course": course})


@login_required
def course_module(request: HttpRequest, module_id: str) -> HttpResponse:
    course = load_course()
    try:
        module = course.module(module_id)
    except KeyError:
        raise Http404("No such module.") from None
    readings = [r for r in course.readings if r.id in module.readings]
    context = {"course": course, "module": module, "readings": readings}
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
