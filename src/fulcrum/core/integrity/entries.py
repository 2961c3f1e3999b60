"""Ledger entries: canonical JSON bodies in a hash chain with a gap-free sequence.

An entry's body names its stream, its sequence number (1, 2, 3 … with no gaps), what
kind of record it is, when it was recorded, its payload and the hash of the entry
before it. Its hash is SHA-256 of the body; its seal is an HMAC of that hash under the
stream's key (signing.py), so a row forged without the key is named. The body is also
the entry's leaf in the stream's Merkle tree, so the same bytes serve the chain, the
tree and a board's bundle.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from fulcrum.core.errors import IntegrityProblem
from fulcrum.core.integrity.canonical import canonical_json, parse_canonical
from fulcrum.core.integrity.merkle import leaf_hash
from fulcrum.core.integrity.signing import SealCheck, seal
from fulcrum.core.integrity.timestamps import format_time, parse_time

# What the first entry of every stream points back to.
GENESIS = bytes(32)
BODY_VERSION = 1


@dataclass(frozen=True)
class SealedEntry:
    """An entry as stored: its sequence number, body bytes, hash and seal."""

    sequence: int
    body: bytes
    entry_hash: bytes
    seal: bytes

    @property
    def leaf(self) -> bytes:
        """The entry's RFC 6962 leaf hash."""
        return leaf_hash(self.body)


@dataclass(frozen=True)
class EntryContent:
    """What an entry's body says, once read back."""

    stream: str
    sequence: int
    kind: str
    recorded_at: datetime
    payload: Mapping[str, object]
    prev_hash: bytes


def entry_body(
    *,
    stream: str,
    sequence: int,
    kind: str,
    recorded_at: datetime,
    payload: Mapping[str, object],
    prev_hash: bytes,
) -> bytes:
    """The canonical body of an entry."""
    if sequence < 1:
        raise IntegrityProblem("Sequence numbers start at 1.")
    if len(prev_hash) != 32:
        raise IntegrityProblem("The previous entry's hash is 32 bytes.")
    if not stream or not kind:
        raise IntegrityProblem("An entry needs a stream and a kind.")
    return canonical_json(
        {
            "v": BODY_VERSION,
            "stream": stream,
            "seq": sequence,
            "kind": kind,
            "at": format_time(recorded_at),
            "payload": payload,
            "prev": prev_hash.hex(),
        }
    )


def seal_entry(
    seed: bytes,
    *,
    stream: str,
    sequence: int,
    kind: str,
    recorded_at: datetime,
    payload: Mapping[str, object],
    prev_hash: bytes,
) -> SealedEntry:
    """Make the next entry of ``stream``, hashed and sealed with the stream's key."""
    body = entry_body(
        stream=stream,
        sequence=sequence,
        kind=kind,
        recorded_at=recorded_at,
        payload=payload,
        prev_hash=prev_hash,
    )
    digest = hashlib.sha256(body).digest()
    return SealedEntry(sequence, body, digest, seal(seed, digest))


def read_body(body: bytes) -> EntryContent:
    """Read an entry's body back; IntegrityProblem when it is not a well-formed body."""
    value = parse_canonical(body)
    if not isinstance(value, dict) or set(value) != {
        "v",
        "stream",
        "seq",
        "kind",
        "at",
        "payload",
        "prev",
    }:
        raise IntegrityProblem("The body does not have an entry's fields.")
    stream, sequence, kind = value["stream"], value["seq"], value["kind"]
    payload, prev = value["payload"], value["prev"]
    if value["v"] != BODY_VERSION or not isinstance(sequence, int) or isinstance(sequence, bool):
        raise IntegrityProblem("The body's version or sequence number is not one Fulcrum wrote.")
    if not (isinstance(stream, str) and isinstance(kind, str) and isinstance(payload, dict)):
        raise IntegrityProblem("The body's stream, kind or payload has the wrong type.")
    if not isinstance(prev, str) or len(prev) != 64:
        raise IntegrityProblem("The body's previous hash is not 64 hex digits.")
    try:
        prev_hash = bytes.fromhex(prev)
    except ValueError:
        raise IntegrityProblem("The body's previous hash is not hex.") from None
    return EntryContent(stream, sequence, kind, parse_time(str(value["at"])), payload, prev_hash)


@dataclass(frozen=True)
class Break:
    """The first place a log stops being what was written: a sequence number and why."""

    sequence: int | None
    reason: str

    def sentence(self) -> str:
        """One sentence a person can act on."""
        if self.sequence is None:
            return f"The log does not verify: {self.reason}."
        return f"Entry {self.sequence} is the first broken one: {self.reason}."


@dataclass(frozen=True)
class ChainReport:
    """The result of walking a stream's entries in order."""

    size: int
    leaves: tuple[bytes, ...]
    broken: Break | None

    @property
    def ok(self) -> bool:
        return self.broken is None


def _check_one(
    entry: SealedEntry, *, stream: str, expected: int, prev: bytes, seal_ok: SealCheck
) -> str | None:
    if len(entry.entry_hash) != 32 or hashlib.sha256(entry.body).digest() != entry.entry_hash:
        return "its content no longer matches its hash"
    if not seal_ok(entry.entry_hash, entry.seal):
        return "its seal was not made with the workspace's key"
    try:
        content = read_body(entry.body)
    except IntegrityProblem as exc:
        return f"its body cannot be read ({exc})"
    if content.sequence != expected:
        return f"its body says it is entry {content.sequence}"
    if content.stream != stream:
        return "its body names another workspace"
    if content.prev_hash != prev:
        return "it does not point back to the entry before it"
    return None


def verify_chain(entries: Sequence[SealedEntry], *, stream: str, seal_ok: SealCheck) -> ChainReport:
    """Walk ``entries`` (in stored order) and name the first one that is missing or altered."""
    prev = GENESIS
    leaves: list[bytes] = []
    for position, entry in enumerate(entries):
        expected = position + 1
        if entry.sequence != expected:
            if entry.sequence > expected:
                reason = (
                    "it is missing"
                    if entry.sequence == expected + 1
                    else "it and others are missing"
                )
                return ChainReport(position, tuple(leaves), Break(expected, reason))
            return ChainReport(
                position, tuple(leaves), Break(entry.sequence, "it is stored more than once")
            )
        problem = _check_one(entry, stream=stream, expected=expected, prev=prev, seal_ok=seal_ok)
        if problem is not None:
            return ChainReport(position, tuple(leaves), Break(expected, problem))
        prev = entry.entry_hash
        leaves.append(entry.leaf)
    return ChainReport(len(entries), tuple(leaves), None)
