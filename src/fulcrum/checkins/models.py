"""Session check-ins and the drift warnings computed from them."""

from __future__ import annotations

from django.db import models

from fulcrum.clients.models import Client
from fulcrum.core.reflection import FOLLOWED_LABELS
from fulcrum.kernel.encryption import EncryptedTextField


class CheckIn(models.Model):
    """The practitioner's one-minute account of a session, with its scores.

    Its enumerations are the one source the form and the API schemas derive from; the
    core's scoring speaks the same values (checkins/tests/test_enumerations_agree.py).
    """

    class Choices(models.TextChoices):
        YES = "yes", "Yes"
        NO = "no", "No"
        NOT_APPLICABLE = "not_applicable", "Not applicable"

    class State(models.TextChoices):
        TIRED = "tired", "Tired"
        STRESSED = "stressed", "Stressed"
        PERSONAL_NEEDS = "personal_needs", "My own needs were present"

    class Served(models.TextChoices):
        CLIENT = "client", "The client's"
        PRACTITIONER = "practitioner", "Mine"
        BOTH = "both", "Both"
        UNSURE = "unsure", "Not sure"

    class Followed(models.TextChoices):
        OWN_WORK = "own_work", FOLLOWED_LABELS["own_work"]
        CLOSER = "closer", FOLLOWED_LABELS["closer"]
        TURNED_TO_ME = "turned_to_me", FOLLOWED_LABELS["turned_to_me"]
        PULLED_BACK = "pulled_back", FOLLOWED_LABELS["pulled_back"]
        UNSURE = "unsure", FOLLOWED_LABELS["unsure"]

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="checkins")
    session_at = models.DateTimeField()
    indicators = models.JSONField(default=list)
    choices_offered = models.CharField(
        max_length=20, choices=Choices.choices, default=Choices.NOT_APPLICABLE
    )
    choices_count = models.PositiveSmallIntegerField(null=True, blank=True)
    disclosure = models.BooleanField(default=False)
    disclosure_served = models.CharField(max_length=20, choices=Served.choices, blank=True)
    disclosure_note = EncryptedTextField(blank=True)
    disclosure_followed = models.CharField(
        max_length=20,
        choices=Followed.choices,
        blank=True,
        help_text="What followed the disclosure, as the practitioner saw it.",
    )
    started_on_time = models.BooleanField(default=True)
    ended_on_time = models.BooleanField(default=True)
    client_signals_noticed = models.BooleanField(default=False)
    client_signals = EncryptedTextField(blank=True)
    practitioner_state = models.JSONField(default=list)
    note = EncryptedTextField(blank=True)
    over_score = models.FloatField()
    under_score = models.FloatField()
    skilful_score = models.FloatField()
    observed = models.JSONField(default=list)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-session_at", "-pk"]
        indexes = [models.Index(fields=["client", "-session_at"], name="checkin_client_time")]

    def __str__(self) -> str:
        return f"Check-in for {self.client} on {self.session_at:%Y-%m-%d}"


class DriftWarning(models.Model):
    """A warning the drift detector raised for one client, kept until it no longer holds."""

    class Direction(models.TextChoices):
        OVER = "over", "Over-use"
        UNDER = "under", "Under-use"

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="drift_warnings")
    key = models.CharField(max_length=200, help_text="Rule, direction and indicators.")
    direction = models.CharField(max_length=10, choices=Direction.choices)
    rule = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    explanation = models.TextField()
    question = models.TextField()
    indicator_ids = models.JSONField(default=list)
    checkin_ids = models.JSONField(default=list)
    first_at = models.DateTimeField()
    detected_at = models.DateTimeField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-detected_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["client", "key"], name="drift_warning_unique_key")
        ]

    def __str__(self) -> str:
        return self.title


class SeriousConcern(models.Model):
    """A grievance-level sign recorded in a check-in, kept open until the practitioner
    writes down what they did about it and who they consulted.

    One episode per row: further check-ins with such signs while it is open join it;
    once it is closed, the next one opens a new concern.
    """

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="serious_concerns")
    indicator_ids = models.JSONField(default=list)
    checkin_ids = models.JSONField(default=list)
    opened_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    what_i_did = EncryptedTextField(blank=True)
    who_i_consulted = EncryptedTextField(blank=True)

    class Meta:
        ordering = ["-opened_at", "-pk"]
        indexes = [
            models.Index(fields=["client", "closed_at"], name="concern_client_closed"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["client"],
                condition=models.Q(closed_at__isnull=True),
                name="one_open_concern_per_client",
            )
        ]

    def __str__(self) -> str:
        return f"Serious concern for {self.client} opened {self.opened_at:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None
