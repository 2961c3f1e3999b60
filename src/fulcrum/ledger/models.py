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
from fulcrum.kernel.encryption import (
    FieldCount,
    decrypt_text,
    encrypt_text,
    is_encrypted,
    stored_key_id,
)
from fulcrum.kernel.keys import key_ring

# What an entry says (an incident's words among them) is stored under the field cipher; the
# hash chain and the seal are over the canonical plaintext, so proofs and bundles do not
# depend on the data key, and a changed byte of the stored value fails to open and is
# named at its entry like any other change.
BODY_CONTEXT = "ledger.entry.body"


class BodyKeyMissing(Exception):
    """The data key an entry body was sealed with is not in the key store."""


def seal_body(canonical: bytes) -> bytes:
    """The stored form of an entry's canonical body."""
    return encrypt_text(canonical.decode("utf-8"), context=BODY_CONTEXT).encode("ascii")


def open_body(stored: bytes) -> bytes:
    """The canonical body of a stored entry; bytes that do not open come back as they are,
    so verification names the entry they belong to."""
    try:
        text = stored.decode("ascii")
    except UnicodeDecodeError:
        return stored
    if not is_encrypted(text):
        return stored
    key_id = stored_key_id(text)
    if key_id is not None and not (key_ring().get(key_id) or key_ring(refresh=True).get(key_id)):
        raise BodyKeyMissing(
            f"Ledger entries are sealed with data key {key_id}, which is not in the key "
            "store; restore it from your backup."
        )
    try:
        return decrypt_text(text, context=BODY_CONTEXT).encode("utf-8")
    except Exception:
        return stored


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
            int(self.sequence),
            open_body(bytes(self.body)),
            bytes(self.entry_hash),
            bytes(self.seal),
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


def count_bodies_by_key() -> FieldCount:
    """How many entry bodies each data key seals: rotation cannot reseal append-only
    rows, so their keys must be kept (``fulcrum keys forget`` refuses while they count)."""
    by_key: dict[str | None, int] = {}
    for stored in Entry.objects.values_list("body", flat=True).iterator(chunk_size=2000):
        head = bytes(stored)[:40].decode("ascii", "replace")
        key_id = stored_key_id(head) if is_encrypted(head) else None
        by_key[key_id] = by_key.get(key_id, 0) + 1
    return FieldCount("ledger.entry.body", by_key)
