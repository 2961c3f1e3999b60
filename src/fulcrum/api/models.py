"""What the API keeps of its own: the answers given to creating calls with an Idempotency-Key."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from fulcrum.kernel.encryption import EncryptedTextField


class IdempotentRequest(models.Model):
    """One creating call made with an ``Idempotency-Key``, and the answer it got.

    The answer is replayed to a retry of the same call for a day, so a request that timed
    out after saving is not saved twice. Its body repeats what was saved (notes, signals,
    transcript text), so it is stored through the field encryption.
    """

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    # Digests only: the key is the caller's own string, and the body may be clinical text.
    key_digest = models.CharField(max_length=64, help_text="SHA-256 of the key.")
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of method, path and body.")
    status_code = models.PositiveSmallIntegerField(
        null=True, help_text="Empty while the first call is still being answered."
    )
    content_type = models.CharField(max_length=100, blank=True)
    response_body = EncryptedTextField(blank=True)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "key_digest"], name="one_request_per_owner_and_key"
            )
        ]

    def __str__(self) -> str:
        return f"Idempotency-Key of user {self.owner_id} ({self.status_code or 'in flight'})"
