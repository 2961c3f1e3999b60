"""The course's stored records: item versions, kept as they were, and attempts.

The course's text lives in the repository (``core/data/course``); what must not change
after a learner has been scored is stored here. A ``StoredItem`` is one version of one
question exactly as it was asked: editing the question in the repository stores a new
version and leaves this one alone, and an ``Attempt`` points at the versions it used
and keeps the score it was given.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from fulcrum.kernel.encryption import EncryptedJSONField


class StoredItem(models.Model):
    """One immutable version of a quiz item; ``body`` is the question, choices and answer."""

    item_id = models.CharField(max_length=64)
    version = models.PositiveIntegerField()
    digest = models.CharField(max_length=64)
    body = EncryptedJSONField()
    stored_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item_id", "version"], name="course_item_version"),
        ]
        ordering = ["item_id", "version"]

    def __str__(self) -> str:
        return f"{self.item_id} v{self.version}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("A stored item version is never changed; store a new version.")
        super().save(*args, **kwargs)


class Attempt(models.Model):
    """One learner's attempt at one module's quiz, scored when it was submitted."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="course_attempts"
    )
    course_id = models.CharField(max_length=64)
    module_id = models.CharField(max_length=64)
    items = models.ManyToManyField(StoredItem, related_name="attempts")
    answers = EncryptedJSONField()
    correct = models.PositiveIntegerField()
    total = models.PositiveIntegerField()
    pass_percent = models.PositiveIntegerField()
    passed = models.BooleanField()
    submitted_at = models.DateTimeField()

    class Meta:
        ordering = ["submitted_at", "pk"]
        indexes = [models.Index(fields=["learner", "module_id"])]

    def __str__(self) -> str:
        return f"attempt {self.pk} at {self.module_id}"
