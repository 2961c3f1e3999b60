"""The course's pages: the list of modules and one module to read."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from fulcrum.core.course.content import load_course


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
