"""Power maps: dated assessments of who holds which kind of power in one relationship."""

from __future__ import annotations

from django.db import models

from fulcrum.clients.models import Client
from fulcrum.kernel.encryption import EncryptedTextField


class PowerMap(models.Model):
    """One assessment. Kinds and factors are catalogue ids, so they live in JSON."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="power_maps")
    assessed_at = models.DateTimeField()
    # {"practitioner": {"expert": 3, ...}, "client": {...}, "third_party": {...}}
    ratings = models.JSONField(default=dict)
    amplifiers = models.JSONField(default=list)
    counter_factors = models.JSONField(default=list)
    note = EncryptedTextField(blank=True)
    overall_differential = models.FloatField()
    amplification = models.FloatField()
    counterweight = models.FloatField()

    class Meta:
        ordering = ["-assessed_at", "-pk"]
        indexes = [models.Index(fields=["client", "-assessed_at"], name="powermap_client_time")]

    def __str__(self) -> str:
        return f"Power map for {self.client} on {self.assessed_at:%Y-%m-%d}"
