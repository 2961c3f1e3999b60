"""Checkpoints: a stream's tree size and Merkle root at a moment, signed with its key.

A checkpoint held outside the database (by the practitioner, a supervisor, a board) is
what catches a log that was cut short or rewritten wholesale: the log, checked only
against itself, cannot tell.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from fulcrum.core.errors import IntegrityProblem
from fulcrum.core.integrity.canonical import canonical_json
from fulcrum.core.integrity.entries import Break, ChainReport, SealedEntry, verify_chain
from fulcrum.core.integrity.merkle import (
    consistency_proof,
    tree_root,
    verify_consistency,
)
from fulcrum.core.integrity.signing import CHECKPOINT_DOMAIN, SealCheck, SignatureCheck, sign
from fulcrum.core.integrity.timestamps import format_time, parse_time


@dataclass(frozen=True)
class Checkpoint:
    """A stream's size and root at a time, with the stream key's signature."""

    stream: str
    size: int
    root: bytes
    at: datetime
    signature: bytes = b""

    def message(self) -> bytes:
        """The bytes the signature covers."""
        return CHECKPOINT_DOMAIN + canonical_json(
            {
                "stream": self.stream,
                "size": self.size,
                "root": self.root.hex(),
                "at": format_time(self.at),
            }
        )

    def is_signed_by(self, check: SignatureCheck) -> bool:
        """Whether the signature is the stream key's, over exactly these values."""
        return check(self.message(), self.signature)

    def to_json(self) -> dict[str, object]:
        """The checkpoint as JSON values (hex for bytes)."""
        return {
            "stream": self.stream,
            "size": self.size,
            "root": self.root.hex(),
            "at": format_time(self.at),
            "signature": self.signature.hex(),
        }


def checkpoint_from_json(value: object) -> Checkpoint:
    """Read a checkpoint written by ``Checkpoint.to_json``."""
    if not isinstance(value, Mapping):
        raise IntegrityProblem("A checkpoint is a JSON object.")
    try:
        stream, size = value["stream"], value["size"]
        root, at, signature = value["root"], value["at"], value["signature"]
    except KeyError as exc:
        raise IntegrityProblem(f"The checkpoint has no {exc.args[0]!r}.") from None
    if not isinstance(stream, str) or not isinstance(size, int) or isinstance(size, bool):
        raise IntegrityProblem("The checkpoint's stream or size is malformed.")
    if size < 0:
        raise IntegrityProblem("The checkpoint's stream or size is malformed.")
    try:
        root_bytes = bytes.fromhex(str(root))
        signature_bytes = bytes.fromhex(str(signature))
    except ValueError:
        raise IntegrityProblem("The checkpoint's root or signature is not hex.") from None
    if len(root_bytes) != 32:
        raise IntegrityProblem("The checkpoint's root is not 32 bytes.")
    return Checkpoint(stream, size, root_bytes, parse_time(str(at)), signature_bytes)


def make_checkpoint(
    seed: bytes, *, stream: str, leaves: Sequence[bytes], at: datetime
) -> Checkpoint:
    """Sign the root over ``leaves`` (a stream's leaf hashes, in order) at time ``at``."""
    unsigned = Checkpoint(stream, len(leaves), tree_root(leaves), at)
    return Checkpoint(stream, unsigned.size, unsigned.root, at, sign(seed, unsigned.message()))


def verify_log(
    entries: Sequence[SealedEntry],
    *,
    stream: str,
    seal_ok: SealCheck,
    signature_ok: SignatureCheck,
    held: Sequence[Checkpoint] = (),
) -> ChainReport:
    """Verify a stream's chain, then hold it against each checkpoint kept elsewhere.

    A checkpoint larger than the log means entries were cut off: the first missing one
    is named. A checkpoint whose root the log no longer reaches, when every entry still
    verifies on its own, means the log was rewritten by someone holding the key.
    """
    report = verify_chain(entries, stream=stream, seal_ok=seal_ok)
    for checkpoint in sorted(held, key=lambda c: c.size):
        if checkpoint.stream != stream:
            return _with(report, Break(None, "a checkpoint given belongs to another workspace"))
        if not checkpoint.is_signed_by(signature_ok):
            return _with(report, Break(None, "a checkpoint given is not signed by this workspace"))
        broken = report.broken
        if broken is not None and (broken.sequence is None or broken.sequence <= checkpoint.size):
            return report
        if checkpoint.size > report.size:
            missing = report.size + 1
            return _with(
                report,
                Break(
                    missing,
                    f"the checkpoint of {checkpoint.size} entries holds it, the log ends before",
                ),
            )
        if tree_root(report.leaves[: checkpoint.size]) != checkpoint.root:
            return _with(
                report,
                Break(
                    None,
                    f"the first {checkpoint.size} entries no longer reach the checkpoint's root",
                ),
            )
    return report


def _with(report: ChainReport, broken: Break) -> ChainReport:
    return ChainReport(report.size, report.leaves, broken)


def checkpoints_consistent(older: Checkpoint, newer: Checkpoint, proof: Sequence[bytes]) -> bool:
    """Whether ``proof`` shows ``newer`` extends ``older`` without changing a past entry."""
    return older.stream == newer.stream and verify_consistency(
        older.size, newer.size, older.root, newer.root, proof
    )


def prove_consistency(old_size: int, leaves: Sequence[bytes]) -> list[bytes]:
    """A consistency proof from the first ``old_size`` of ``leaves`` to all of them."""
    return consistency_proof(old_size, leaves)
