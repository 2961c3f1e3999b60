"""What a user may see of the course's records: a learner their own certificates and the
invitations naming them, an educator the cohorts they run (a 404 otherwise). The public
verification page finds a certificate by its code alone (course.services)."""

from __future__ import annotations

from django.db.models import QuerySet

from fulcrum.accounts.access import Viewer, signed_in
from fulcrum.course.models import ActivityNote, Certificate, Cohort, Enrolment, username_digest
from fulcrum.kernel.ownership import one_or_404


def certificates_for_user(user: Viewer) -> QuerySet[Certificate]:
    """Certificates issued to the user."""
    return Certificate.objects.filter(learner=signed_in(user))


def activity_note_for_user(user: Viewer, course_id: str, activity_id: str) -> ActivityNote | None:
    """The user's own note on a practice activity, if they kept one."""
    return ActivityNote.objects.filter(
        learner=signed_in(user), course_id=course_id, activity_id=activity_id
    ).first()


def get_certificate_for_user(user: Viewer, certificate_id: int | str) -> Certificate:
    """A certificate issued to the user, else 404."""
    return one_or_404(certificates_for_user(user), certificate_id, "No such certificate.")


def cohorts_for_educator(user: Viewer) -> QuerySet[Cohort]:
    """The cohorts the user runs as an educator."""
    return Cohort.objects.filter(educator=signed_in(user))


def get_cohort_for_educator(user: Viewer, cohort_id: int | str) -> Cohort:
    """A cohort the user runs, else 404 (another educator's cohort included)."""
    return one_or_404(cohorts_for_educator(user), cohort_id, "No such cohort.")


def invitations_for_learner(user: Viewer) -> QuerySet[Enrolment]:
    """Every enrolment naming the user's username, answered or not."""
    learner = signed_in(user)
    return Enrolment.objects.filter(username_digest=username_digest(learner.username))


def get_invitation_for_learner(user: Viewer, enrolment_id: int | str) -> Enrolment:
    """An enrolment naming the user, else 404."""
    return one_or_404(invitations_for_learner(user), enrolment_id, "No such invitation.")
