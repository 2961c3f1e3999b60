"""Ed25519 signatures over ledger values, with the key bytes passed in.

The core never reads a key from anywhere: callers hand it the 32-byte private seed or
the 32-byte public key. Each signed thing carries a domain label, so a signature made
for an entry can never be replayed as one for a checkpoint.
"""

from __future__ import annotations

from collections.abc import Callable

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from fulcrum.core.errors import IntegrityProblem

ENTRY_DOMAIN = b"fulcrum-ledger-entry-v1\x00"
CHECKPOINT_DOMAIN = b"fulcrum-ledger-checkpoint-v1\x00"

# Checks a signature over a message: (message, signature) -> valid?
SignatureCheck = Callable[[bytes, bytes], bool]


def _private(seed: bytes) -> Ed25519PrivateKey:
    if len(seed) != 32:
        raise IntegrityProblem("An Ed25519 private key is 32 bytes.")
    return Ed25519PrivateKey.from_private_bytes(seed)


def public_key_of(seed: bytes) -> bytes:
    """The 32-byte public key for the 32-byte private ``seed``."""
    return _private(seed).public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def sign(seed: bytes, message: bytes) -> bytes:
    """Sign ``message`` (already domain-labelled) with the private ``seed``."""
    return _private(seed).sign(message)


def signature_check(public_key: bytes) -> SignatureCheck:
    """A checker of signatures by ``public_key``; a malformed key checks nothing as valid."""
    try:
        key: Ed25519PublicKey | None = Ed25519PublicKey.from_public_bytes(public_key)
    except ValueError:
        key = None

    def check(message: bytes, signature: bytes) -> bool:
        if key is None or len(signature) != 64:
            return False
        try:
            key.verify(signature, message)
        except InvalidSignature:
            return False
        return True

    return check


def remembering(check: SignatureCheck) -> SignatureCheck:
    """Wrap ``check`` so a (message, signature) pair already judged is not checked again.

    Verifying the same log many times over (a benchmark tampering with one entry at a
    time) then pays for each signature once.
    """
    seen: dict[tuple[bytes, bytes], bool] = {}

    def remembered(message: bytes, signature: bytes) -> bool:
        key = (message, signature)
        if key not in seen:
            seen[key] = check(message, signature)
        return seen[key]

    return remembered
