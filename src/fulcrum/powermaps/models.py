"""Power maps: dated assessments of who holds which kind of power in one relationship."""

from __future__ import annotations

from django.db import models

from fulcrum.clients.models import Client
from fulcrum.kernel.encryption import EncryptedCharField, EncryptedTextField


class ThirdPartyKind(models.TextChoices):
    """Who the third party with a say over the work is, in broad terms."""

    LICENSING_BOARD = "licensing_board", "A licensing or professional body"
    INSURER = "insurer", "An insurer or funder"
    COURT = "court", "A court"
    ATTORNEY = "attorney", "An attorney or lawyer"
    FAMILY = "family", "A parent or family member"
    EMPLOYER = "employer", "An employer"
    OTHER = "other", "Someone else"


class PowerMap(models.Model):
    """One assessment. Kinds and factors are catalogue ids, so they live in JSON."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="power_maps")
    assessed_at = models.DateTimeField()
    # Who the third party is: a broad kind, and the practitioner's own private label.
    third_party_kind = models.CharField(max_length=20, choices=ThirdPartyKind.choices, blank=True)
    third_party_label = EncryptedCharField(max_length=80, blank=True)
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

    @property
    def third_party_name(self) -> str:
        """The third party as the practitioner named it, or "Third party"."""
        label = str(self.third_party_label).strip()
        if self.third_party_kind and label:
            return f"{label} ({self.get_third_party_kind_display().lower()})"
        if label:
            return label
        if self.third_party_kind:
            return self.get_third_party_kind_display()
        return "Third party"
