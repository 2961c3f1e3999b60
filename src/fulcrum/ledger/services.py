"""State changes of the ledger: appending an entry and making a checkpoint.

Appends are serialised per workspace: each takes the stream row's lock first
(``SELECT … FOR UPDATE`` on PostgreSQL; on SQLite every transaction begins IMMEDIATE,
settings.DATABASES, so writers already take turns), then reads the last entry and
writes the next. The database's triggers refuse anything but the next sequence number,
so even a writer that skipped the lock could not fork the chain.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from django.db import IntegrityError, connection, transaction

from fulcrum.core import integrity
from fulcrum.core.errors import FulcrumError
from fulcrum.kernel import keys
from fulcrum.ledger.models import Checkpoint, Entry, Stream, open_body, seal_body
from fulcrum.ledger.reading import read_rows, verify_rows


class LedgerProblem(FulcrumError):
    """The ledger cannot do what was asked; the message says why."""


def _key_name(label: str) -> str:
    return f"ledger-{label}"


def _new_seed() -> bytes:
    return secrets.token_bytes(32)


def _missing_key(label: str) -> bytes:
    raise LedgerProblem(
        f"The signing key of workspace {label} is not in {keys.secrets_file()}, "
        "so its ledger cannot be checked or extended here."
    )


def signing_seed(stream: Stream) -> bytes:
    """The stream's private Ed25519 seed, from the key store (never the database)."""

    def refuse() -> bytes:
        return _missing_key(stream.label)

    return keys.secret(_key_name(stream.label), create=refuse)


def trusted_public_key(stream: Stream) -> bytes:
    """The public key verification trusts: derived from the kept key, not read from a row."""
    return integrity.public_key_of(signing_seed(stream))


def _stream_locked(owner: Any, now: datetime) -> Stream:
    try:
        return Stream.objects.select_for_update().get(owner=owner)
    except Stream.DoesNotExist:
        pass
    label = f"w-{secrets.token_hex(12)}"
    seed = keys.secret(_key_name(label), create=_new_seed)
    try:
        with transaction.atomic():
            Stream.objects.create(
                owner=owner,
                label=label,
                public_key=integrity.public_key_of(seed),
                created_at=now,
            )
    except IntegrityError:
        pass  # another append made the stream first; use that one
    return Stream.objects.select_for_update().get(owner=owner)


def read_log(stream: Stream) -> list[integrity.SealedEntry]:
    """The stream's entries in stored order, as the integrity core reads them."""
    rows = (
        Entry.objects.filter(stream=stream)
        .order_by("sequence")
        .values_list("sequence", "body", "entry_hash", "seal")
    )
    return [
        integrity.SealedEntry(int(seq), open_body(bytes(body)), bytes(digest), bytes(seal))
        for seq, body, digest, seal in rows.iterator(chunk_size=2000)
    ]


def stored_checkpoints(stream: Stream) -> list[integrity.Checkpoint]:
    """The checkpoints the database keeps for ``stream``, oldest first."""
    return [
        integrity.Checkpoint(
            stream.label, int(c.size), bytes(c.root), c.made_at, bytes(c.signature)
        )
        for c in Checkpoint.objects.filter(stream=stream).order_by("size", "made_at")
    ]


@transaction.atomic
def append_entry(owner: Any, *, kind: str, payload: Mapping[str, object], now: datetime) -> Entry:
    """Append one sealed entry to ``owner``'s stream and return it."""
    stream = _stream_locked(owner, now)
    last = (
        Entry.objects.filter(stream=stream)
        .order_by("-sequence")
        .values_list("sequence", "entry_hash")
        .first()
    )
    sequence, prev = (int(last[0]) + 1, bytes(last[1])) if last else (1, integrity.GENESIS)
    try:
        sealed = integrity.seal_entry(
            signing_seed(stream),
            stream=stream.label,
            sequence=sequence,
            kind=kind,
            recorded_at=now,
            payload=payload,
            prev_hash=prev,
        )
    except FulcrumError as exc:
        raise LedgerProblem(str(exc)) from None
    entry = Entry(
        stream=stream,
        sequence=sequence,
        kind=kind,
        recorded_at=now,
        body=seal_body(sealed.body),
        entry_hash=sealed.entry_hash,
        seal=sealed.seal,
    )
    entry.save()
    return entry


@transaction.atomic
def make_checkpoint(owner: Any, *, now: datetime) -> Checkpoint:
    """Sign and keep a checkpoint over ``owner``'s whole stream as it stands."""
    stream = _stream_locked(owner, now)
    log = read_log(stream)
    signed = integrity.make_checkpoint(
        signing_seed(stream), stream=stream.label, leaves=[e.leaf for e in log], at=now
    )
    checkpoint = Checkpoint(
        stream=stream,
        size=signed.size,
        root=signed.root,
        made_at=now,
        signature=signed.signature,
    )
    checkpoint.save()
    return checkpoint


def as_core_checkpoint(checkpoint: Checkpoint) -> integrity.Checkpoint:
    """A stored checkpoint as the integrity core reads it."""
    return integrity.Checkpoint(
        checkpoint.stream.label,
        int(checkpoint.size),
        bytes(checkpoint.root),
        checkpoint.made_at,
        bytes(checkpoint.signature),
    )


def verify_stream(
    stream: Stream, *, held: Sequence[integrity.Checkpoint] = ()
) -> integrity.ChainReport:
    """Verify ``stream`` with its kept key, against its stored checkpoints and ``held`` ones."""
    seed = signing_seed(stream)
    with connection.cursor() as cursor:
        rows = read_rows(cursor, stream.pk, vendor=connection.vendor)
    return verify_rows(
        rows,
        stream=stream.label,
        seal_ok=integrity.seal_check(seed),
        signature_ok=integrity.signature_check(integrity.public_key_of(seed)),
        held=[*stored_checkpoints(stream), *held],
        vendor=connection.vendor,
    )


@transaction.atomic
def build_bundle(owner: Any, *, sequences: Iterable[int], now: datetime) -> dict[str, object]:
    """A board-ready bundle of ``sequences`` under a fresh checkpoint (which is kept)."""
    checkpoint = make_checkpoint(owner, now=now)
    stream = checkpoint.stream
    try:
        return integrity.build_bundle(
            read_log(stream),
            chosen=sequences,
            checkpoint=as_core_checkpoint(checkpoint),
            public_key=trusted_public_key(stream),
        )
    except FulcrumError as exc:
        raise LedgerProblem(str(exc)) from None
