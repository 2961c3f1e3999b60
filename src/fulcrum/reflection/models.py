"""The private reflection journal."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from fulcrum.checkins.models import CheckIn, DriftWarning
from fulcrum.clients.models import Client
from fulcrum.kernel.encryption import EncryptedTextField


class JournalEntry(models.Model):
    """A dated, private piece of reflection, optionally tied to a client, session or warning.

    Links use SET_NULL: deleting a client (and with it their sessions and warnings)
    removes the link but keeps the practitioner's own reflection.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="journal_entries"
    )
    written_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    prompt_id = models.CharField(
        max_length=60, blank=True, help_text="The reflection prompt answered, if any."
    )
    body = EncryptedTextField()
    client = models.ForeignKey(
        Client, null=True, blank=True, on_delete=models.SET_NULL, related_name="journal_entries"
    )
    checkin = models.ForeignKey(
        CheckIn, null=True, blank=True, on_delete=models.SET_NULL, related_name="journal_entries"
    )
    warning = models.ForeignKey(
        DriftWarning,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="journal_entries",
    )
    include_in_supervision = models.BooleanField(
        default=False, help_text="Only entries marked here may go into a supervision report."
    )

    class Meta:
        ordering = ["-written_at", "-pk"]
        indexes = [models.Index(fields=["owner", "-written_at"], name="journal_owner_time")]
        verbose_name_plural = "journal entries"

    def __str__(self) -> str:
        return f"Journal entry of {self.written_at:%Y-%m-%d}"
