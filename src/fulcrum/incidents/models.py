"""The incident log's index rows. What an incident says lives in its sealed ledger
entry; a row here only points to that entry, to the client it concerns and, for an
amendment, to the original. Nothing is updated in place: an amendment is a new row."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from fulcrum.clients.models import Client
from fulcrum.ledger.models import Entry


class Incident(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="incidents"
    )
    client = models.ForeignKey(
        Client, on_delete=models.SET_NULL, null=True, blank=True, related_name="incidents"
    )
    entry = models.OneToOneField(Entry, on_delete=models.PROTECT, related_name="incident")
    original = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="amendments"
    )
    happened_at = models.DateTimeField()
    written_at = models.DateTimeField()

    class Meta:
        ordering = ["-happened_at", "-pk"]
        indexes = [models.Index(fields=["owner", "original"], name="incident_owner_original")]

    def __str__(self) -> str:
        return f"incident {self.pk}"
