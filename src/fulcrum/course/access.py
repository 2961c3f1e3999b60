"""What a learner may see of course certificates: their own (a 404 otherwise). The
public verification page finds a certificate by its code alone (course.services)."""

from __future__ import annotations

from django.db.models import QuerySet

from fulcrum.accounts.access import Viewer, signed_in
from fulcrum.course.models import Certificate
from fulcrum.kernel.ownership import one_or_404


def certificates_for_user(user: Viewer) -> QuerySet[Certificate]:
    """Certificates issued to the user."""
    return Certificate.objects.filter(learner=signed_in(user))


def get_certificate_for_user(user: Viewer, certificate_id: int | str) -> Certificate:
    """A certificate issued to the user, else 404."""
    return one_or_404(certificates_for_user(user), certificate_id, "No such certificate.")
