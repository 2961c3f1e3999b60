"""Practice policies: one per practitioner and kind, each with numbered versions.

A version is a draft until it is published. Publishing freezes it: its canonical text,
SHA-256, change summary, change kind and effective date never change again, and the
row cannot be deleted. ``save()`` and ``delete()`` refuse first; the triggers installed
by ``0002_refuse_changes_to_published_versions`` refuse the same on SQLite and
PostgreSQL, whatever path the change takes. Which version is current is derived (the
newest published one in effect), so superseding a version never touches its row.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models.deletion import Collector

from fulcrum.core.policies import KIND_LABELS
from fulcrum.core.policies.bodywork import PRESSURE_LABELS
from fulcrum.core.policies.enforcement import ACTION_LABELS, OCCASION_LABELS
from fulcrum.kernel.encryption import EncryptedCharField, EncryptedTextField

TITLE_MAX = 120


class Frozen(Exception):
    """A published policy version was about to be changed or removed."""


def keep_published(
    collector: Collector, field: models.Field[Any, Any], sub_objs: Any, using: str
) -> None:
    """A policy's deletion takes its draft with it and is refused while it has a
    published version, which outlives any attempt to remove its policy."""
    # The collector reads the versions with their ids only; one query asks for the rest.
    published = set(sub_objs.filter(published_at__isnull=False))
    if published:
        raise models.ProtectedError("A published policy version outlives its policy.", published)
    models.CASCADE(collector, field, sub_objs, using)


class Policy(models.Model):
    """A practitioner's policy of one kind; its words live in its versions."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="policies"
    )
    kind = models.CharField(max_length=32, choices=list(KIND_LABELS.items()))
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["owner", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "kind"], name="policy_one_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} policy"


class PolicyVersion(models.Model):
    """One version of a policy: an editable draft, or a published, frozen text."""

    class Change(models.TextChoices):
        FIRST = "first", "First version"
        MATERIAL = "material", "Material change"
        EDITORIAL = "editorial", "Editorial change"

    policy = models.ForeignKey(Policy, on_delete=keep_published, related_name="versions")
    number = models.PositiveIntegerField(null=True, blank=True)
    title = EncryptedCharField(max_length=TITLE_MAX)
    text = EncryptedTextField()
    sha256 = models.CharField(max_length=64, blank=True)
    change_summary = EncryptedTextField(blank=True)
    change = models.CharField(max_length=16, choices=Change.choices, blank=True)
    effective_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    published_at = models.DateTimeField(null=True, blank=True)

    # Key rotation reseals drafts only; a published version keeps the key it was sealed
    # under (kernel.encryption.reseal_field).
    RESEALABLE_WHERE = "published_at IS NULL"

    class Meta:
        ordering = ["policy", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["policy"],
                condition=models.Q(published_at__isnull=True),
                name="policyversion_one_draft",
            ),
            models.UniqueConstraint(
                fields=["policy", "number"],
                condition=models.Q(published_at__isnull=False),
                name="policyversion_numbered_once",
            ),
            models.CheckConstraint(
                condition=models.Q(published_at__isnull=True)
                | (
                    models.Q(number__isnull=False, effective_on__isnull=False)
                    & ~models.Q(sha256="")
                    & ~models.Q(change="")
                ),
                name="policyversion_published_complete",
            ),
        ]

    def __str__(self) -> str:
        if self.published_at is None:
            return f"draft of {self.policy}"
        return f"version {self.number} of {self.policy}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self._published_in_db():
            raise Frozen("A published policy version cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        if self.published_at is not None or self._published_in_db():
            raise Frozen("A published policy version cannot be deleted.")
        return super().delete(*args, **kwargs)

    def _published_in_db(self) -> bool:
        if self._state.adding or self.pk is None:
            return False
        return PolicyVersion.objects.filter(pk=self.pk, published_at__isnull=False).exists()

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class ConsentEvent(models.Model):
    """One thing a client did about one published version: agreed, declined, asked a
    question or withdrew. Never changed or removed (model and triggers); a client's
    consent state is always derived from these events, newest last."""

    class Event(models.TextChoices):
        ACCEPTED = "accepted", "Agreed"
        DECLINED = "declined", "Declined"
        QUESTION = "question", "Has a question"
        WITHDRAWN = "withdrawn", "Withdrew agreement"

    class Channel(models.TextChoices):
        LINK = "link", "Through a private link"
        VERBAL = "verbal", "Verbally, attested by the practitioner"

    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="consent_events"
    )
    version = models.ForeignKey(
        PolicyVersion, on_delete=models.PROTECT, related_name="consent_events"
    )
    event = models.CharField(max_length=16, choices=Event.choices)
    channel = models.CharField(max_length=16, choices=Channel.choices)
    version_sha256 = models.CharField(max_length=64)
    typed_name = EncryptedCharField(max_length=200, blank=True)
    statement = EncryptedTextField(blank=True)
    question = EncryptedTextField(blank=True)
    checkin = models.ForeignKey(
        "checkins.CheckIn",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consent_events",
    )
    entry = models.OneToOneField(
        "ledger.Entry", on_delete=models.PROTECT, related_name="consent_event"
    )
    recorded_at = models.DateTimeField()

    # Never resealed: an event keeps the key it was sealed under.
    RESEALABLE_WHERE = "1 = 0"

    class Meta:
        ordering = ["recorded_at", "pk"]
        indexes = [models.Index(fields=["client", "recorded_at"], name="consent_client_time")]

    def __str__(self) -> str:
        return f"{self.get_event_display()} ({self.version})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise Frozen("A consent event cannot be changed once recorded.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise Frozen("A consent event cannot be removed; record a withdrawal instead.")


class ReconsentMark(models.Model):
    """A client asked to agree again after a material change, by ``due_on``.

    Made in the same transaction that publishes the change; it is settled by any later
    consent event of the client on that version or a newer one (derived, not stored).
    """

    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="reconsent_marks"
    )
    version = models.ForeignKey(
        PolicyVersion, on_delete=models.PROTECT, related_name="reconsent_marks"
    )
    agreed_to = models.ForeignKey(
        PolicyVersion, on_delete=models.PROTECT, related_name="superseded_marks"
    )
    due_on = models.DateField()
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["client", "version"], name="reconsent_once"),
        ]

    def __str__(self) -> str:
        return f"re-consent to {self.version} by {self.due_on}"


class ConsentLink(models.Model):
    """A private link one client can use once, before it expires, to answer about the
    published versions it names. Only a hash of its token is kept (the client-voice
    link's design); what the client answers is recorded as consent events."""

    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="consent_links"
    )
    versions = models.ManyToManyField(PolicyVersion, related_name="consent_links")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["client", "-created_at"], name="consentlink_client_time")]

    def __str__(self) -> str:
        return f"Consent link for {self.client} ({self.created_at:%Y-%m-%d})"


class EnforcementRecord(models.Model):
    """What the practitioner did one time a policy applied: enforced, waived, deferred
    or talked it through. Tied to the version in force that day and to the version the
    client then stood agreed to (none when they had not agreed), so a waiver or an
    enforcement can always be read against the words the client accepted. Never changed
    or removed (model and triggers); a correction is a new record."""

    class Occasion(models.TextChoices):
        LATE_CANCELLATION = "late_cancellation", OCCASION_LABELS["late_cancellation"]
        MISSED_PAYMENT = "missed_payment", OCCASION_LABELS["missed_payment"]
        CLIENT_LATENESS = "client_lateness", OCCASION_LABELS["client_lateness"]
        CONTACT = "contact", OCCASION_LABELS["contact"]
        OTHER = "other", OCCASION_LABELS["other"]

    class Action(models.TextChoices):
        ENFORCED = "enforced", ACTION_LABELS["enforced"]
        WAIVED = "waived", ACTION_LABELS["waived"]
        DEFERRED = "deferred", ACTION_LABELS["deferred"]
        DISCUSSED = "discussed", ACTION_LABELS["discussed"]

    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="enforcement_records"
    )
    version = models.ForeignKey(
        PolicyVersion, on_delete=models.PROTECT, related_name="enforcement_records"
    )
    agreed_version = models.ForeignKey(
        PolicyVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enforcements_agreed",
    )
    occasion = models.CharField(max_length=32, choices=Occasion.choices)
    action = models.CharField(max_length=16, choices=Action.choices)
    occurred_on = models.DateField()
    amount = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    note = EncryptedTextField(blank=True)
    checkin = models.ForeignKey(
        "checkins.CheckIn",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enforcement_records",
    )
    entry = models.OneToOneField(
        "ledger.Entry", on_delete=models.PROTECT, related_name="enforcement_record"
    )
    recorded_at = models.DateTimeField()

    # Never resealed: a record keeps the key it was sealed under.
    RESEALABLE_WHERE = "1 = 0"

    class Meta:
        ordering = ["occurred_on", "recorded_at", "pk"]
        indexes = [
            models.Index(fields=["client", "occurred_on"], name="enforcement_client_day"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.version}, {self.occurred_on})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise Frozen("An enforcement record cannot be changed once recorded.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise Frozen("An enforcement record cannot be removed; record a correction instead.")

    @property
    def client_agreed(self) -> bool:
        return self.agreed_version_id is not None


class SessionBodywork(models.Model):
    """Bodywork consent in the moment for one session: the areas the client asked to
    have worked and to avoid, the pressure, whether positioning and draping were agreed,
    any withdrawal during the session, and the areas actually worked. Areas are ids
    from ``fulcrum.core.policies.bodywork.AREAS``; anything said in words is sealed."""

    class Pressure(models.TextChoices):
        LIGHT = "light", PRESSURE_LABELS["light"]
        MEDIUM = "medium", PRESSURE_LABELS["medium"]
        FIRM = "firm", PRESSURE_LABELS["firm"]
        VARIED = "varied", PRESSURE_LABELS["varied"]

    checkin = models.OneToOneField(
        "checkins.CheckIn", on_delete=models.CASCADE, related_name="bodywork"
    )
    areas_to_work = models.JSONField(default=list)
    areas_to_avoid = models.JSONField(default=list)
    areas_worked = models.JSONField(default=list)
    areas_note = EncryptedTextField(blank=True)
    pressure = models.CharField(max_length=16, choices=Pressure.choices, blank=True)
    positioning_agreed = models.BooleanField(default=False)
    draping_agreed = models.BooleanField(default=False)
    agreement_note = EncryptedTextField(blank=True)
    withdrew = models.BooleanField(default=False)
    withdrawal_note = EncryptedTextField(blank=True)
    recorded_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-checkin__session_at", "-pk"]

    def __str__(self) -> str:
        return f"Bodywork consent for {self.checkin}"
