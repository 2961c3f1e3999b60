"""Edit history: one row per edit of a record, holding the values the edit replaced.

Any area's record can keep a history here: a row names its record by a subject word
(``checkin``, ``journal`` …) and id, so the mechanism knows nothing of the areas above
it. What a row holds is sealed under the field cipher, and its digest is sealed in the
owner's ledger (``entry``), so a row rewritten afterwards no longer matches its entry.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from fulcrum.kernel.encryption import EncryptedJSONField, EncryptedTextField
from fulcrum.ledger.models import Entry


class Revision(models.Model):
    """The values a record held before one edit: who made the edit, when and why."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="revisions"
    )
    subject = models.CharField(max_length=20)
    subject_id = models.PositiveBigIntegerField()
    # The client the record hangs from, if any: deleting the client forgets its history.
    client_ref = models.PositiveBigIntegerField(null=True, blank=True)
    number = models.PositiveIntegerField()
    before = EncryptedJSONField()
    reason = EncryptedTextField(blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    changed_at = models.DateTimeField()
    digest = models.CharField(max_length=64)
    entry = models.OneToOneField(Entry, on_delete=models.PROTECT, related_name="revision")

    class Meta:
        ordering = ["subject", "subject_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "subject", "subject_id", "number"],
                name="revision_one_per_number",
            )
        ]
        indexes = [
            models.Index(fields=["owner", "subject", "subject_id"], name="revision_subject"),
            models.Index(fields=["owner", "client_ref"], name="revision_client"),
        ]

    def __str__(self) -> str:
        return f"revision {self.number} of {self.subject} {self.subject_id}"
