"""The educator's course page: the version the site serves and those before it, that
version as a zip to adapt, and an adapted course uploaded as a zip — checked with
the same arithmetic and refusals as ``fulcrum course check``, then published."""

from __future__ import annotations

import base64
import binascii

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from fulcrum.accounts.access import account_of
from fulcrum.accounts.models import Role
from fulcrum.accounts.roles import role_required
from fulcrum.core.course.hours import questions_needed
from fulcrum.core.errors import InvalidInput
from fulcrum.course import services
from fulcrum.course.adapting import (
    BUNDLED_ZIP_NAME,
    Inspection,
    bundled_zip,
    course_zip,
    inspect_upload,
)

# A checked course up to this size comes back with the page, so publishing it needs no
# second upload; a larger one is chosen again (the form's size stays reasonable).
CARRIED_MAX_BYTES = 1024 * 1024


def _uploaded(request: HttpRequest) -> bytes:
    """The zip this post brings: a file chosen now, or the one checked a moment ago and
    carried back by the page. Either way it is checked again before anything is kept."""
    upload = request.FILES.get("course_zip")
    if upload is not None:
        return bytes(upload.read())
    carried = request.POST.get("checked_zip", "")
    if not carried:
        raise InvalidInput("Choose the course's zip file to upload.")
    try:
        return base64.b64decode(carried, validate=True)
    except binascii.Error:
        raise InvalidInput(
            "The checked course did not come back whole; choose the zip file again."
        ) from None


@login_required
@role_required(Role.EDUCATOR)
@require_http_methods(["GET", "POST"])
def teach_course(request: HttpRequest) -> HttpResponse:
    """Check an uploaded course (``action=check``) or check and publish it (``publish``)."""
    inspection: Inspection | None = None
    problem = ""
    carry = ""
    if request.method == "POST":
        data = b""
        try:
            data = _uploaded(request)
            inspection = inspect_upload(data)
        except InvalidInput as exc:
            problem = str(exc)
        ready = inspection.course if inspection is not None and not inspection.problems else None
        if ready is not None and request.POST.get("action") == "publish":
            try:
                published = services.publish_course(ready, account_of(request), now=timezone.now())
            except InvalidInput as exc:
                problem = str(exc)
            else:
                messages.success(
                    request, f"Published version {published.number}; the site serves it now."
                )
                return redirect("teach_course")
        if ready is not None and not problem and len(data) <= CARRIED_MAX_BYTES:
            carry = base64.b64encode(data).decode("ascii")
    served = services.current_course()
    checked = inspection.course if inspection is not None else None
    context = {
        "served": served,
        "versions": services.published_versions(served.id),
        "inspection": inspection,
        "checked": checked,
        "carry": carry,
        "needed": questions_needed(checked.hours.hours) if checked is not None else None,
        "problem": problem,
    }
    failed = bool(problem) or (inspection is not None and bool(inspection.problems))
    return render(request, "course/teach_course.html", context, status=400 if failed else 200)


@login_required
@role_required(Role.EDUCATOR)
@require_GET
def teach_course_zip(request: HttpRequest) -> HttpResponse:
    """The course the site serves as a zip of its folder, to adapt and upload again: the
    bundled files, or the newest published version written back out."""
    if services.latest_published() is None:
        data, name = bundled_zip(), BUNDLED_ZIP_NAME
    else:
        served = services.current_course()
        data, name = course_zip(served), f"fulcrum-course-v{served.version}.zip"
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
