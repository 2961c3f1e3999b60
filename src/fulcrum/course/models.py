"""The course's stored records: item versions, kept as they were, attempts, certificates.

The course's text lives in the repository (``core/data/course``); what must not change
after a learner has been scored is stored here. A ``StoredItem`` is one version of one
question exactly as it was asked: editing the question in the repository stores a new
version and leaves this one alone, and an ``Attempt`` points at the versions it used
and keeps the score it was given.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.crypto import salted_hmac

from fulcrum.kernel.encryption import EncryptedCharField, EncryptedJSONField, EncryptedTextField
from fulcrum.ledger.models import AppendOnly


class StoredItem(models.Model):
    """One immutable version of a quiz item; ``body`` is the question, choices and answer."""

    item_id = models.CharField(max_length=64)
    version = models.PositiveIntegerField()
    digest = models.CharField(max_length=64)
    body = EncryptedJSONField()
    stored_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item_id", "version"], name="course_item_version"),
        ]
        ordering = ["item_id", "version"]

    def __str__(self) -> str:
        return f"{self.item_id} v{self.version}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("A stored item version is never changed; store a new version.")
        super().save(*args, **kwargs)


class Attempt(models.Model):
    """One learner's attempt at one module's quiz, scored when it was submitted."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="course_attempts"
    )
    course_id = models.CharField(max_length=64)
    module_id = models.CharField(max_length=64)
    items = models.ManyToManyField(StoredItem, related_name="attempts")
    answers = EncryptedJSONField()
    correct = models.PositiveIntegerField()
    total = models.PositiveIntegerField()
    pass_percent = models.PositiveIntegerField()
    passed = models.BooleanField()
    submitted_at = models.DateTimeField()

    class Meta:
        ordering = ["submitted_at", "pk"]
        indexes = [models.Index(fields=["learner", "module_id"])]

    def __str__(self) -> str:
        return f"attempt {self.pk} at {self.module_id}"


class Certificate(models.Model):
    """A certificate of completion, issued once a learner has passed every module's quiz.

    It keeps the course as it was when issued (id, version and a digest of the content)
    and the CE hours as computed then, so a later edit to the course never changes what a
    certificate says. ``code`` is the public verification code (sealed, so the learner's
    pages can show it again); ``code_hash`` is how the verification page finds it. A
    revocation or an expiry is a ``CertificateEvent``, never a change to this row.
    """

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="course_certificates"
    )
    course_id = models.CharField(max_length=64)
    course_version = models.PositiveIntegerField()
    content_digest = models.CharField(max_length=64)
    hours = models.DecimalField(max_digits=5, decimal_places=1)
    # The course's title, provider, format and the hours' arithmetic, as issued.
    facts = EncryptedJSONField()
    learner_name = EncryptedCharField(max_length=200)
    completed_on = models.DateField()
    issued_at = models.DateTimeField()
    code = EncryptedCharField(max_length=32)
    code_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["issued_at", "pk"]
        indexes = [models.Index(fields=["learner", "course_id"])]

    def __str__(self) -> str:
        return f"certificate {self.pk} for {self.course_id}"


class Evaluation(models.Model):
    """A learner's end-of-course evaluation, one per course, asked before the certificate.

    ``ratings`` maps each of the core's statements to 1..5; ``comments`` holds the
    learner's own words for each open question, sealed like every free text.
    """

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="course_evaluations"
    )
    course_id = models.CharField(max_length=64)
    course_version = models.PositiveIntegerField()
    ratings = EncryptedJSONField()
    comments = EncryptedJSONField()
    submitted_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "course_id"], name="course_one_evaluation_per_course"
            ),
        ]
        ordering = ["submitted_at", "pk"]

    def __str__(self) -> str:
        return f"evaluation {self.pk} of {self.course_id}"


class ModuleTime(models.Model):
    """The time the server has counted for one learner in one module of a course.

    ``last_seen_at`` is when the learner last opened one of the module's pages; the next
    page they open credits the gap since then to this module (core.course.timeontask).
    """

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="course_time"
    )
    course_id = models.CharField(max_length=64)
    module_id = models.CharField(max_length=64)
    seconds = models.PositiveIntegerField(default=0)
    first_seen_at = models.DateTimeField()
    last_seen_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "course_id", "module_id"], name="course_one_time_per_module"
            ),
        ]
        indexes = [models.Index(fields=["learner", "course_id", "last_seen_at"])]
        ordering = ["course_id", "module_id"]

    def __str__(self) -> str:
        return f"{self.seconds}s in {self.module_id}"


class CertificateEvent(models.Model):
    """A revocation or an expiry of a certificate, with its reason: appended, never changed
    or removed (the model refuses, and so do triggers on both databases), and recorded in
    the learner's ledger by digest. The certificate's standing is read from these."""

    class Kind(models.TextChoices):
        REVOKED = "revoked", "Revoked"
        EXPIRED = "expired", "Expired"

    certificate = models.ForeignKey(Certificate, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    reason = EncryptedTextField()
    effective_at = models.DateTimeField()
    recorded_at = models.DateTimeField()
    # Empty only for revocations recorded before events joined the ledger.
    entry = models.OneToOneField(
        "ledger.Entry",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificate_event",
    )

    # Never resealed: an event keeps the key it was sealed under.
    RESEALABLE_WHERE = "1 = 0"

    class Meta:
        ordering = ["recorded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} certificate {self.certificate_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnly("A certificate's event cannot be changed once recorded.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnly("A certificate's event cannot be deleted.")


def username_digest(username: str) -> str:
    """The keyed digest an enrolment finds its learner's username by."""
    return salted_hmac("fulcrum.course.enrolment.username", username.strip()).hexdigest()


class Cohort(models.Model):
    """A group an educator runs through the course: a name, and the learners enrolled."""

    educator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cohorts_taught"
    )
    course_id = models.CharField(max_length=64)
    name = EncryptedCharField(max_length=200)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"cohort {self.pk}"


class Enrolment(models.Model):
    """An educator's invitation of one username into a cohort, and the learner's answer.

    The username is kept as typed (sealed) with a keyed digest the learner's own pages
    look it up by, so an invitation to a name no account holds looks like any other to
    the educator: enrolling never tells them which usernames exist. ``learner`` is set
    when the holder of the name accepts; only then does the educator see their progress.
    """

    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="enrolments")
    invited_username = EncryptedCharField(max_length=150)
    username_digest = models.CharField(max_length=64)
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="course_enrolments",
    )
    invited_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    accepted = models.BooleanField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "username_digest"], name="course_one_enrolment_per_name"
            ),
        ]
        indexes = [models.Index(fields=["username_digest"])]
        ordering = ["invited_at", "pk"]

    def __str__(self) -> str:
        return f"enrolment {self.pk} in cohort {self.cohort_id}"


class ActivityNote(models.Model):
    """A learner's note on one practice activity, private unless ``shared``: then, and only
    then, the educator of a cohort the learner joined reads it, de-identified."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="course_activity_notes"
    )
    course_id = models.CharField(max_length=64)
    activity_id = models.CharField(max_length=64)
    text = EncryptedTextField()
    shared = models.BooleanField(default=False)
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "course_id", "activity_id"], name="course_one_note_per_activity"
            ),
        ]
        ordering = ["activity_id"]

    def __str__(self) -> str:
        return f"note on {self.activity_id}"


class PublishedCourse(models.Model):
    """One published version of a course, as an educator adapted and published it: the
    whole content as loaded (``content``, the core's JSON of it), its digest, who published
    it and when. The newest version of a course is what the site serves. Appended, never
    changed or removed (the model refuses, and so do triggers on both databases), so a
    certificate's digest always names content that can still be read."""

    course_id = models.CharField(max_length=64)
    number = models.PositiveIntegerField()
    digest = models.CharField(max_length=64)
    # Course text, not personal text; sealed all the same, as vignettes can read like cases.
    content = EncryptedJSONField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="courses_published"
    )
    published_at = models.DateTimeField()

    # Never resealed: a published version keeps the key it was sealed under.
    RESEALABLE_WHERE = "1 = 0"

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["course_id", "number"], name="course_one_published_number"
            ),
        ]
        ordering = ["course_id", "number"]

    def __str__(self) -> str:
        return f"{self.course_id} published version {self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnly("A published course version cannot be changed; publish a new one.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnly("A published course version cannot be deleted.")
