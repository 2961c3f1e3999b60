"""The ledger's tables: one stream per workspace, its entries and its checkpoints.

Entries and checkpoints are append-only. The migration that creates them installs
triggers, on SQLite and PostgreSQL alike, that refuse every UPDATE and DELETE and any
insert that is not the stream's next sequence number; ``save()`` and ``delete()`` here
refuse first, with a clearer message. The stream row names the workspace's log and is
the lock appends take in turn, so two appends can never claim the same place.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from fulcrum.core.integrity import SealedEntry


class AppendOnly(Exception):
    """A ledger row was about to be changed or removed."""


class Stream(models.Model):
    """One workspace's log: its label and public key; the row appends lock in turn."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="ledger_stream"
    )
    label = models.CharField(max_length=64, unique=True)
    public_key = models.BinaryField(max_length=32)
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"stream {self.label}"


class _AppendOnlyModel(models.Model):
    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnly(f"A ledger {self._meta.model_name} cannot be changed once written.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnly(f"A ledger {self._meta.model_name} cannot be deleted.")


class Entry(_AppendOnlyModel):
    """One sealed entry: the canonical body, its hash and the stream key's seal."""

    stream = models.ForeignKey(Stream, on_delete=models.PROTECT, related_name="entries")
    sequence = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=40)
    recorded_at = models.DateTimeField()
    body = models.BinaryField()
    entry_hash = models.BinaryField(max_length=32)
    seal = models.BinaryField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["stream", "sequence"], name="ledger_entry_one_per_sequence"
            )
        ]
        ordering = ["stream", "sequence"]

    def __str__(self) -> str:
        return f"entry {self.sequence} of {self.stream_id}"

    def sealed(self) -> SealedEntry:
        """The entry as the integrity core reads it."""
        return SealedEntry(
            int(self.sequence), bytes(self.body), bytes(self.entry_hash), bytes(self.seal)
        )


class Checkpoint(_AppendOnlyModel):
    """A signed (size, root, time) of a stream, kept so later checks can compare."""

    stream = models.ForeignKey(Stream, on_delete=models.PROTECT, related_name="checkpoints")
    size = models.PositiveBigIntegerField()
    root = models.BinaryField(max_length=32)
    made_at = models.DateTimeField()
    signature = models.BinaryField(max_length=64)

    class Meta:
        ordering = ["stream", "size", "made_at"]

    def __str__(self) -> str:
        return f"checkpoint of {self.size} for {self.stream_id}"
