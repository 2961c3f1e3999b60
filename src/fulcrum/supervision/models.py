"""Supervision as a relationship: the link between a supervisee and a supervisor, the
frozen snapshots the supervisee shares over it, who opened them, and the comments on them.

Power runs both ways: the supervisee invites, chooses what to share and can withdraw it;
the supervisor sees only snapshots shared over a live link, never the live records.
What a comment says lives in its sealed ledger entry (like an incident); a row here only
points to it, and an amendment is a new row, so nothing is rewritten in place.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from fulcrum.kernel.encryption import EncryptedCharField, EncryptedJSONField, EncryptedTextField
from fulcrum.ledger.models import Entry

# The kinds of record a link may carry (its scope); Fulcrum's own words.
SCOPE_KINDS = {
    "checkins": "Check-ins and their scores",
    "warnings": "Drift warnings",
    "maps": "Power maps",
    "voice": "The client's voice",
    "notes": "Free-text notes I choose",
    "reflections": "Journal entries marked for supervision",
    "concerns": "Open serious concerns",
    "policies": "Practice policies and each client's consent",
}


class SupervisionLink(models.Model):
    """One supervision relationship, from the supervisee's invitation to its end."""

    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", "Individual supervision"
        GROUP = "group", "Group supervision"
        PEER = "peer", "Peer consultation"

    supervisee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supervision_links"
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="supervising_links",
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    scope = models.JSONField(default=list)
    started_on = models.DateField()
    # The one-time code, kept only as a hash until it is used or expires.
    code_hash = models.CharField(max_length=64, unique=True)
    invited_at = models.DateTimeField()
    code_expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The supervisor's qualification, given on accepting.
    qualification = EncryptedCharField(max_length=120, blank=True)
    registration = EncryptedCharField(max_length=80, blank=True)
    jurisdiction = EncryptedCharField(max_length=120, blank=True)

    class Meta:
        ordering = ["-invited_at", "-pk"]
        indexes = [
            models.Index(fields=["supervisee", "ended_at"], name="svlink_supervisee_end"),
            models.Index(fields=["supervisor", "ended_at"], name="svlink_supervisor_end"),
        ]

    def __str__(self) -> str:
        return f"supervision link {self.pk}"

    @property
    def is_live(self) -> bool:
        return self.accepted_at is not None and self.ended_at is None

    def scope_labels(self) -> list[str]:
        return [SCOPE_KINDS[k] for k in self.scope if k in SCOPE_KINDS]


class Share(models.Model):
    """A frozen, de-identified snapshot shared with one supervisor over one link."""

    class Review(models.TextChoices):
        NONE = "", "Not reviewed yet"
        REVIEWED = "reviewed", "Reviewed"
        DISCUSS = "discuss", "Let's discuss next time"

    link = models.ForeignKey(SupervisionLink, on_delete=models.CASCADE, related_name="shares")
    snapshot = EncryptedJSONField()
    sha256 = models.CharField(max_length=64)
    # The questions the snapshot raises (``core.snapshot.agenda_items``), derived once
    # when it is shared, so the supervisor's home need not read every snapshot again.
    agenda = EncryptedJSONField(default=list)
    period_start = models.DateField()
    period_end = models.DateField()
    shared_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    review = models.CharField(max_length=16, choices=Review.choices, blank=True, default="")
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-shared_at", "-pk"]
        indexes = [models.Index(fields=["link", "revoked_at"], name="share_link_revoked")]

    def __str__(self) -> str:
        return f"share {self.pk}"


class ShareView(models.Model):
    """One time a supervisor opened a share; the supervisee sees every one."""

    share = models.ForeignKey(Share, on_delete=models.CASCADE, related_name="views")
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"view of share {self.share_id}"


class Comment(models.Model):
    """A comment on one section of a share, a reply to one, or an amendment of one.

    The words are in ``entry`` (sealed in the supervisee's ledger); an amendment points
    to the comment it amends, which stays as it was.
    """

    share = models.ForeignKey(Share, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # A client code, "reflections" or "general": where in the snapshot the comment sits.
    section = models.CharField(max_length=40, blank=True)
    reply_to = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replies"
    )
    amends = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="amendments"
    )
    entry = models.OneToOneField(Entry, on_delete=models.PROTECT, related_name="comment")
    written_at = models.DateTimeField()

    class Meta:
        ordering = ["written_at", "pk"]

    def __str__(self) -> str:
        return f"comment {self.pk}"


class HoursEntry(models.Model):
    """A supervision session the supervisee logged over a link, for licensing hours."""

    link = models.ForeignKey(SupervisionLink, on_delete=models.CASCADE, related_name="hours")
    held_on = models.DateField()
    minutes = models.PositiveIntegerField()
    kind = models.CharField(max_length=16, choices=SupervisionLink.Kind.choices)
    topics = EncryptedTextField(blank=True)
    logged_at = models.DateTimeField()

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"hours {self.pk}"


class HoursDecision(models.Model):
    """The supervisor approving, returning or un-approving logged hours. Rows are only
    added, so an un-approval keeps the approval before it."""

    class Decision(models.TextChoices):
        APPROVED = "approved", "Approved"
        RETURNED = "returned", "Returned"
        UNAPPROVED = "unapproved", "Approval withdrawn"

    entry = models.ForeignKey(HoursEntry, on_delete=models.CASCADE, related_name="decisions")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decision = models.CharField(max_length=16, choices=Decision.choices)
    reason = EncryptedTextField(blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.decision} hours {self.entry_id}"


class WitnessedCheckpoint(models.Model):
    """A signed checkpoint of the supervisee's ledger, held on the supervisor's side of a
    link: each share hands one over, and each is judged against those held before
    (``core.integrity.witness``). ``problem`` is Fulcrum's own sentence when it did not
    extend them; such a checkpoint is kept as evidence but never becomes the new baseline.
    """

    link = models.ForeignKey(SupervisionLink, on_delete=models.CASCADE, related_name="witnessed")
    stream = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    root = models.BinaryField(max_length=32)
    made_at = models.DateTimeField()
    signature = models.BinaryField(max_length=64)
    # The key this record was first held with; every later checkpoint must carry it.
    public_key = models.BinaryField(max_length=32)
    received_at = models.DateTimeField()
    problem = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["received_at", "pk"]

    def __str__(self) -> str:
        return f"checkpoint of {self.size} entries held over link {self.link_id}"


class SupervisionFeedback(models.Model):
    """The supervisee's answers on how one supervision session felt (``feedback.ITEMS``).

    Kept on the supervisee's side and sealed like any free text; the supervisor reads
    only the aggregate over a link, once enough sessions are answered.
    """

    entry = models.OneToOneField(HoursEntry, on_delete=models.CASCADE, related_name="feedback")
    answers = EncryptedJSONField()
    # Only ever shown to the supervisee who wrote it.
    note = EncryptedTextField(blank=True)
    answered_at = models.DateTimeField()

    class Meta:
        ordering = ["-answered_at", "-pk"]

    def __str__(self) -> str:
        return f"feedback on hours {self.entry_id}"
