"""Clients: pseudonymous records that every other record of the workspace hangs from."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from fulcrum.kernel.encryption import EncryptedCharField


class Client(models.Model):
    """A client of one practitioner, known by a pseudonymous code, never a real name."""

    class Modality(models.TextChoices):
        TALK = "talk", "Talk therapy"
        BODYWORK = "bodywork", "Bodywork"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        PAUSED = "paused", "Paused"
        ENDED = "ended", "Ended"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="clients"
    )
    code = models.CharField(max_length=40, help_text="A pseudonymous code such as C-014.")
    alias = EncryptedCharField(
        max_length=80,
        blank=True,
        help_text="Optional private nickname, shown only in its owner's own pages.",
    )
    modality = models.CharField(max_length=20, choices=Modality.choices, default=Modality.TALK)
    started_on = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    archived_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "code"], name="client_code_unique_per_owner")
        ]
        indexes = [models.Index(fields=["owner", "archived_at"], name="client_owner_archived")]

    def __str__(self) -> str:
        return self.code

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None
