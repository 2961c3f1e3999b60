"""Users and their API tokens. Each practitioner's records are theirs alone."""

from __future__ import annotations

import hashlib

from django.contrib.auth.models import AbstractUser
from django.db import models

from fulcrum.kernel.encryption import EncryptedCharField


class User(AbstractUser):
    """A Fulcrum account. Practitioners own a private workspace of clients."""

    # Where the person works, for the times the pages show and the defaults they offer
    # (an evening session in Los Angeles is not tomorrow morning); empty means the
    # server's FULCRUM_TIME_ZONE.
    time_zone = models.CharField(max_length=64, blank=True, default="")


class Role(models.TextChoices):
    """What a person does in Fulcrum. A role is something an account holds: one person
    can be a practitioner, a supervisor and an educator at once."""

    PRACTITIONER = "practitioner", "Practitioner"
    SUPERVISOR = "supervisor", "Supervisor"
    EDUCATOR = "educator", "Educator"


# Roles that open someone else's material (a supervisee's shares, contributors'
# vignettes, learners' attempts): they need a second factor before such a page opens.
ROLES_NEEDING_SECOND_FACTOR = frozenset({Role.SUPERVISOR, Role.EDUCATOR})


class HeldRole(models.Model):
    """One role an account holds, since when."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="held_roles")
    role = models.CharField(max_length=16, choices=Role.choices)
    since = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="one_held_role_each"),
        ]
        ordering = ["role"]

    def __str__(self) -> str:
        return f"{self.user_id} is a {self.role}"


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
    the username typed, never either itself; ``device`` names the browser's device
    cookie for that account when it showed one (decision 0010), else it is empty. Rows
    older than the window are deleted as new ones arrive.
    """

    source = models.CharField(max_length=64)
    account = models.CharField(max_length=64)
    device = models.CharField(max_length=64, blank=True, default="")
    at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["source", "at"], name="signinfail_source_time"),
            models.Index(fields=["account", "at"], name="signinfail_account_time"),
            models.Index(fields=["at"], name="signinfail_time"),
            models.Index(fields=["device", "at"], name="signinfail_device_time"),
        ]

    def __str__(self) -> str:
        return f"failed sign-in at {self.at:%Y-%m-%d %H:%M}"


class PasswordResetCode(models.Model):
    """A one-time code to set a new password, made by whoever runs the server
    (``fulcrum manage password_reset_code USER``) and handed to the person; no mail
    server is assumed. Only its hash is kept; it works once, within an hour."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="reset_codes")
    code_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"reset code for {self.user_id} until {self.expires_at:%Y-%m-%d %H:%M}"
