"""A board-ready bundle: chosen entries, their inclusion proofs, a signed checkpoint and
the public key — and nothing of any other entry.

Each chosen entry travels as its body (canonical JSON text) and the RFC 6962 audit
path from its leaf to the checkpoint's root. The checkpoint's signature and the paths
are the evidence; the entries' own seals are left out, so a reader needs no more than
SHA-256 and Ed25519 (docs/ledger-verify.py does it with the standard library alone).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from fulcrum.core.errors import IntegrityProblem
from fulcrum.core.integrity.checkpoints import Checkpoint, checkpoint_from_json
from fulcrum.core.integrity.entries import Break, SealedEntry, read_body
from fulcrum.core.integrity.merkle import inclusion_proof, leaf_hash, root_from_inclusion
from fulcrum.core.integrity.signing import signature_check

BUNDLE_FORMAT = "fulcrum-ledger-bundle-v1"


def build_bundle(
    entries: Sequence[SealedEntry],
    *,
    chosen: Iterable[int],
    checkpoint: Checkpoint,
    public_key: bytes,
) -> dict[str, object]:
    """The bundle for the ``chosen`` sequence numbers of a log covered by ``checkpoint``.

    ``entries`` is the stream's log in order, at least as long as the checkpoint; only
    the chosen ones appear in the bundle, the rest only as hashes inside proofs.
    """
    if len(entries) < checkpoint.size:
        raise IntegrityProblem("The checkpoint covers more entries than the log holds.")
    leaves = [entry.leaf for entry in entries[: checkpoint.size]]
    picked = sorted(set(chosen))
    if not picked:
        raise IntegrityProblem("Choose at least one entry for the bundle.")
    for sequence in picked:
        if not 1 <= sequence <= checkpoint.size:
            raise IntegrityProblem(
                f"Entry {sequence} is not covered by the checkpoint of {checkpoint.size}."
            )
    return {
        "format": BUNDLE_FORMAT,
        "public_key": public_key.hex(),
        "checkpoint": checkpoint.to_json(),
        "entries": [
            {
                "sequence": sequence,
                "body": entries[sequence - 1].body.decode("utf-8"),
                "proof": [node.hex() for node in inclusion_proof(sequence - 1, leaves)],
            }
            for sequence in picked
        ],
    }


@dataclass(frozen=True)
class BundleReport:
    """What checking a bundle found: the entries it proves, or where it first fails."""

    checked: tuple[int, ...]
    broken: Break | None

    @property
    def ok(self) -> bool:
        return self.broken is None


def _hex_list(value: object) -> list[bytes]:
    if not isinstance(value, list):
        raise IntegrityProblem("A proof is a list of hashes.")
    nodes = []
    for item in value:
        node = bytes.fromhex(item) if isinstance(item, str) else b""
        if len(node) != 32:
            raise IntegrityProblem("A proof hash is not 32 bytes of hex.")
        nodes.append(node)
    return nodes


def verify_bundle(bundle: object) -> BundleReport:
    """Check a bundle with its own public key; name the first entry that fails.

    Whether the public key is the workspace's is for the reader to confirm by another
    path (the practitioner's letter, a supervisor's witness copy): a bundle can only
    show that its entries belong to the log its key signed.
    """
    if not isinstance(bundle, Mapping) or bundle.get("format") != BUNDLE_FORMAT:
        return BundleReport((), Break(None, "this is not a Fulcrum ledger bundle"))
    try:
        public_key = bytes.fromhex(str(bundle.get("public_key")))
        checkpoint = checkpoint_from_json(bundle.get("checkpoint"))
    except (ValueError, IntegrityProblem) as exc:
        return BundleReport((), Break(None, f"its checkpoint or key is malformed ({exc})"))
    if not checkpoint.is_signed_by(signature_check(public_key)):
        return BundleReport((), Break(None, "the checkpoint's signature is not by the key given"))
    entries = bundle.get("entries")
    if not isinstance(entries, list) or not entries:
        return BundleReport((), Break(None, "it holds no entries"))
    checked: list[int] = []
    last = 0
    for item in entries:
        sequence = item.get("sequence") if isinstance(item, Mapping) else None
        if not isinstance(sequence, int) or isinstance(sequence, bool) or sequence <= last:
            return BundleReport(tuple(checked), Break(None, "its entries are not in order"))
        last = sequence
        assert isinstance(item, Mapping)
        problem = _entry_problem(item, sequence, checkpoint)
        if problem is not None:
            return BundleReport(tuple(checked), Break(sequence, problem))
        checked.append(sequence)
    return BundleReport(tuple(checked), None)


def _entry_problem(item: Mapping[str, object], sequence: int, checkpoint: Checkpoint) -> str | None:
    body_text = item.get("body")
    if not isinstance(body_text, str):
        return "its body is missing"
    body = body_text.encode("utf-8", "surrogatepass")
    try:
        proof = _hex_list(item.get("proof"))
        content = read_body(body)
    except (ValueError, IntegrityProblem) as exc:
        return f"it cannot be read ({exc})"
    if content.sequence != sequence or content.stream != checkpoint.stream:
        return "its body names another place in the log"
    reached = root_from_inclusion(leaf_hash(body), sequence - 1, checkpoint.size, proof)
    if reached != checkpoint.root:
        return "its proof does not lead to the checkpoint's root"
    return None
