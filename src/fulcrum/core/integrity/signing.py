"""Ed25519 signatures and HMAC seals over ledger values, with the key bytes passed in.

The core never reads a key from anywhere: callers hand it the 32-byte private seed or
the 32-byte public key. Checkpoints are signed with Ed25519, so anyone holding the
public key can check them. Each entry is sealed with an HMAC-SHA256 under a key
derived from the same seed: only the workspace can seal or check it, which is all a
seal is for (naming an entry forged into the database without the key), and it costs
microseconds where an Ed25519 verification costs a hundred or more. Each signed thing
carries a domain label, so nothing signed for one purpose passes for another.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from fulcrum.core.errors import IntegrityProblem

ENTRY_DOMAIN = b"fulcrum-ledger-entry-v1\x00"
SEAL_KEY_LABEL = b"fulcrum-ledger-seal-key-v1"
CHECKPOINT_DOMAIN = b"fulcrum-ledger-checkpoint-v1\x00"

# Checks a signature over a message: (message, signature) -> valid?
SignatureCheck = Callable[[bytes, bytes], bool]
# Checks an entry's seal: (entry hash, seal) -> valid?
SealCheck = Callable[[bytes, bytes], bool]


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


def _seal_key(seed: bytes) -> bytes:
    if len(seed) != 32:
        raise IntegrityProblem("An Ed25519 private key is 32 bytes.")
    return hmac.new(seed, SEAL_KEY_LABEL, hashlib.sha256).digest()


def seal(seed: bytes, entry_hash: bytes) -> bytes:
    """The seal of an entry hash under the stream's seed."""
    return hmac.new(_seal_key(seed), ENTRY_DOMAIN + entry_hash, hashlib.sha256).digest()


def seal_check(seed: bytes) -> SealCheck:
    """A checker of entry seals made with ``seed``."""
    key = _seal_key(seed)

    def check(entry_hash: bytes, given: bytes) -> bool:
        expected = hmac.new(key, ENTRY_DOMAIN + entry_hash, hashlib.sha256).digest()
        return hmac.compare_digest(expected, given)

    return check
