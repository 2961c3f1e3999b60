"""The integrity core: canonical JSON, a sealed hash chain, RFC 6962 Merkle proofs,
signed checkpoints and board bundles. Pure: keys and times are passed in."""

from fulcrum.core.integrity.bundles import BundleReport, build_bundle, verify_bundle
from fulcrum.core.integrity.canonical import canonical_json, parse_canonical
from fulcrum.core.integrity.checkpoints import (
    Checkpoint,
    checkpoint_from_json,
    checkpoints_consistent,
    make_checkpoint,
    prove_consistency,
    verify_log,
)
from fulcrum.core.integrity.entries import (
    GENESIS,
    Break,
    ChainReport,
    EntryContent,
    SealedEntry,
    read_body,
    seal_entry,
    verify_chain,
)
from fulcrum.core.integrity.signing import (
    SealCheck,
    SignatureCheck,
    public_key_of,
    seal_check,
    signature_check,
)
from fulcrum.core.integrity.witness import Witnessed, witness

__all__ = [
    "GENESIS",
    "Break",
    "BundleReport",
    "ChainReport",
    "Checkpoint",
    "EntryContent",
    "SealCheck",
    "SealedEntry",
    "SignatureCheck",
    "Witnessed",
    "build_bundle",
    "canonical_json",
    "checkpoint_from_json",
    "checkpoints_consistent",
    "make_checkpoint",
    "parse_canonical",
    "prove_consistency",
    "public_key_of",
    "read_body",
    "seal_check",
    "seal_entry",
    "signature_check",
    "verify_bundle",
    "verify_chain",
    "verify_log",
    "witness",
]
