"""The cohort pages: the educator's list of cohorts, one cohort's roster, progress and
item analysis, and the learner's answer to an invitation. Educators reach only the
cohorts they run, learners only the invitations naming them (a 404 otherwise)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from fulcrum.accounts.access import account_of
from fulcrum.accounts.models import Role
from fulcrum.accounts.roles import role_required
from fulcrum.core.errors import InvalidInput
from fulcrum.course import cohorts
from fulcrum.course.access import (
    cohorts_for_educator,
    get_cohort_for_educator,
    get_invitation_for_learner,
)
from fulcrum.course.services import current_course


@login_required
@role_required(Role.EDUCATOR)
@require_http_methods(["GET", "POST"])
def teach_cohorts(request: HttpRequest) -> HttpResponse:
    """The cohorts this educator runs, and a form to start one."""
    course = current_course()
    name = ""
    problem = ""
    if request.method == "POST":
        name = request.POST.get("name", "")
        try:
            cohort = cohorts.create_cohort(account_of(request), course, name, now=timezone.now())
        except InvalidInput as exc:
            problem = str(exc)
        else:
            return redirect("teach_cohort", cohort_id=cohort.pk)
    context = {
        "course": course,
        "cohorts": cohorts_for_educator(request.user).filter(course_id=course.id),
        "name": name,
        "problem": problem,
    }
    return render(request, "course/teach_cohorts.html", context, status=400 if problem else 200)


@login_required
@role_required(Role.EDUCATOR)
@require_http_methods(["GET", "POST"])
def teach_cohort(request: HttpRequest, cohort_id: int) -> HttpResponse:
    """One cohort: who is invited, the progress of those who accepted, the item analysis."""
    cohort = get_cohort_for_educator(request.user, cohort_id)
    course = current_course()
    username = ""
    problem = ""
    if request.method == "POST":
        username = request.POST.get("username", "")
        try:
            enrolment = cohorts.enrol(cohort, username, now=timezone.now())
        except InvalidInput as exc:
            problem = str(exc)
        else:
            # Said the same way whether or not an account holds the name (see cohorts.enrol).
            messages.success(
                request,
                f"Invited “{enrolment.invited_username}”. If an account holds that name, "
                "it will see the invitation; nobody else will.",
            )
            return redirect("teach_cohort", cohort_id=cohort.pk)
    context = {
        "course": course,
        "cohort": cohort,
        "invited": cohort.enrolments.all(),
        "progress": cohorts.progress(cohort, course, now=timezone.now()),
        "analysis": cohorts.item_analysis(cohort, course),
        "shared": cohorts.shared_notes(cohort, course),
        "username": username,
        "problem": problem,
    }
    return render(request, "course/teach_cohort.html", context, status=400 if problem else 200)


@login_required
@require_http_methods(["GET", "POST"])
def course_invitation(request: HttpRequest, enrolment_id: int) -> HttpResponse:
    """An invitation naming this learner: what joining shares, and accept or decline."""
    enrolment = get_invitation_for_learner(request.user, enrolment_id)
    problem = ""
    if request.method == "POST":
        accept = request.POST.get("answer") == "accept"
        try:
            cohorts.answer_invitation(
                enrolment, account_of(request), accept=accept, now=timezone.now()
            )
        except InvalidInput as exc:
            problem = str(exc)
        else:
            return redirect("course_index")
    context = {"enrolment": enrolment, "course": current_course(), "problem": problem}
    return render(request, "course/invitation.html", context, status=400 if problem else 200)
