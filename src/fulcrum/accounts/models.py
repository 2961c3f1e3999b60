"""Users and their API tokens. Each practitioner's records are theirs alone."""

from __future__ import annotations

import hashlib

from django.contrib.auth.models import AbstractUser
from django.db import models

from fulcrum.kernel.encryption import EncryptedCharField


class User(AbstractUser):
    """A Fulcrum account. Practitioners own a private workspace of clients."""

    class Role(models.TextChoices):
        PRACTITIONER = "practitioner", "Practitioner"
        SUPERVISOR = "supervisor", "Supervisor"
        EDUCATOR = "educator", "Educator"

    role = models.CharField(max_length=20, choices=Role.choices, default=Role.PRACTITIONER)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A personal token for the JSON API. Only its hash is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = EncryptedCharField(max_length=80)
    prefix = models.CharField(max_length=12, help_text="The first characters, to recognise it.")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class FailedSignIn(models.Model):
    """One recent failed sign-in, kept only to slow password guessing.

    ``source`` is a keyed hash of the visitor's address and ``account`` a keyed hash of
    the username typed, never either itself. Rows older than the window are deleted as
    new ones arrive.
    """

    source = models.CharField(max_length=64)
    account = models.CharField(max_length=64)
    at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["source", "at"], name="signinfail_source_time"),
            models.Index(fields=["account", "at"], name="signinfail_account_time"),
            models.Index(fields=["at"], name="signinfail_time"),
        ]

    def __str__(self) -> str:
        return f"failed sign-in at {self.at:%Y-%m-%d %H:%M}"
