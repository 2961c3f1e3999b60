"""The safe-harbour plan, kept as numbered versions, and the actions practised in sessions.

Design: every save creates a new ``HarbourPlan`` version with its own ``HarbourAction``
rows, so history is never rewritten. An action whose wording is unchanged from the
previous version keeps that version's ``key``; practice is counted by key, so coverage
carries across versions until the practitioner rewords an action.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from fulcrum.checkins.models import CheckIn
from fulcrum.core.harbour import ACTIONS_PER_PILLAR, PILLARS
from fulcrum.kernel.encryption import EncryptedCharField


class HarbourPlan(models.Model):
    """One version of a practitioner's safe-harbour plan; the highest version is current."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="harbour_plans"
    )
    version = models.PositiveIntegerField()
    created_at = models.DateTimeField()
    note = EncryptedCharField(max_length=200, blank=True, help_text="Why this version changed.")

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "version"], name="harbour_plan_version_unique")
        ]

    def __str__(self) -> str:
        return f"Safe-harbour plan v{self.version}"


class HarbourAction(models.Model):
    """One concrete action in one plan version."""

    class Pillar(models.TextChoices):
        TRUST = PILLARS[0].id, PILLARS[0].label
        SAFETY = PILLARS[1].id, PILLARS[1].label
        ACCOUNTABILITY = PILLARS[2].id, PILLARS[2].label
        RESPECT = PILLARS[3].id, PILLARS[3].label

    plan = models.ForeignKey(HarbourPlan, on_delete=models.CASCADE, related_name="actions")
    pillar = models.CharField(max_length=20, choices=Pillar.choices)
    position = models.PositiveSmallIntegerField(help_text=f"1 to {ACTIONS_PER_PILLAR}.")
    text = EncryptedCharField(max_length=200)
    key = models.CharField(max_length=32, help_text="Stable across versions while unreworded.")

    class Meta:
        ordering = ["plan", "pillar", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "pillar", "position"], name="harbour_action_slot_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(position__gte=1, position__lte=ACTIONS_PER_PILLAR),
                name="harbour_action_position_range",
            ),
        ]
        indexes = [models.Index(fields=["key"], name="harbour_action_key")]

    def __str__(self) -> str:
        return str(self.text)


class PractisedAction(models.Model):
    """A safe-harbour action the practitioner practised in one session.

    CASCADE from the check-in: deleting a session (or its client) removes these.
    """

    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="practised_actions")
    action = models.ForeignKey(HarbourAction, on_delete=models.CASCADE, related_name="practices")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["checkin", "action"], name="practised_action_unique")
        ]

    def __str__(self) -> str:
        return f"{self.action} in {self.checkin}"
