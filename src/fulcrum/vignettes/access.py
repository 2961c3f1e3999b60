"""Who may see which vignettes.

The library (published vignettes whose moment to appear has come) is open to every
signed-in account: practitioners, supervisors and educators alike. Submissions
waiting, declined or withdrawn, and published ones still within their delay, are seen by
educators only, through ``role_required(Role.EDUCATOR)`` on their pages and the check
here; to anyone else they do not exist (a 404). A contributor reaches their own by
codename alone (services.find_by_codename).
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet
from django.http import Http404

from fulcrum.accounts.access import Viewer, signed_in
from fulcrum.accounts.models import Role
from fulcrum.accounts.roles import holds
from fulcrum.kernel.ownership import one_or_404
from fulcrum.vignettes.models import Vignette


def library_for_user(user: Viewer, *, now: datetime) -> QuerySet[Vignette]:
    """Published vignettes that have appeared by ``now``, newest first, for any
    signed-in account. One published but still within its delay is not in it yet."""
    signed_in(user)
    return Vignette.objects.filter(status=Vignette.Status.PUBLISHED, appears_at__lte=now).order_by(
        "-appears_at", "-pk"
    )


def get_library_vignette_for_user(
    user: Viewer, vignette_id: int | str, *, now: datetime
) -> Vignette:
    """A published vignette that has appeared by ``now``, else 404."""
    return one_or_404(library_for_user(user, now=now), vignette_id, "No such vignette.")


def queue_for_educator(user: Viewer) -> QuerySet[Vignette]:
    """Every submission still waiting, oldest first; a 404 for anyone but an educator."""
    educator = signed_in(user)
    if not holds(educator, Role.EDUCATOR):
        raise Http404("Not found.")
    return Vignette.objects.exclude(status=Vignette.Status.WITHDRAWN)


def get_submission_for_educator(user: Viewer, vignette_id: int | str) -> Vignette:
    """A submission an educator may read (anything not withdrawn), else 404."""
    return one_or_404(queue_for_educator(user), vignette_id, "No such vignette.")
