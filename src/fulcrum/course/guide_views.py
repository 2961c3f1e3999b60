"""The facilitator's guide to one module: how to teach it to a group.

Any signed-in account may read it, learners as well as educators (decision 0026): it
holds no one's records and no quiz answers, only the course's own teaching material,
and a learner who studies with colleagues can run a session from it. The page is
rendered on the server from the packaged course; an unknown module is a 404.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from fulcrum.core.course.content import ROLE_PLAY_SETTINGS
from fulcrum.course.services import current_course

SETTING_NAMES = {"bodywork": "In a bodywork setting", "talk": "In a talk-therapy setting"}


@login_required
@require_GET
def course_guide(request: HttpRequest, module_id: str) -> HttpResponse:
    course = current_course()
    try:
        module = course.module(module_id)
    except KeyError:
        raise Http404("No such module.") from None
    guide = module.guide
    if guide is None:
        raise Http404("This module has no facilitator's guide.")
    role_plays = [(SETTING_NAMES[s], guide.role_play(s)) for s in ROLE_PLAY_SETTINGS]
    context = {"course": course, "module": module, "guide": guide, "role_plays": role_plays}
    return render(request, "course/guide.html", context)
