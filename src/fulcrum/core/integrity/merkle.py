"""RFC 6962 Merkle tree hashes, inclusion proofs and consistency proofs (SHA-256).

Leaves are hashed as ``SHA-256(0x00 || data)`` and interior nodes as
``SHA-256(0x01 || left || right)``, so no leaf can pose as a node. A tree of ``n``
leaves splits at the largest power of two below ``n`` (RFC 6962 section 2.1). Proofs are
generated from the leaf hashes and verified with the algorithms of RFC 9162 section
2.1.3 and 2.1.4, which check the proof's length as well as its hashes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from fulcrum.core.errors import IntegrityProblem

EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_hash(data: bytes) -> bytes:
    """The RFC 6962 hash of one leaf's data."""
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """The RFC 6962 hash of an interior node."""
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two strictly below ``n`` (n >= 2)."""
    return 1 << ((n - 1).bit_length() - 1)


def _subtree(leaves: Sequence[bytes], lo: int, hi: int) -> bytes:
    n = hi - lo
    if n == 1:
        return leaves[lo]
    k = _split(n)
    return node_hash(_subtree(leaves, lo, lo + k), _subtree(leaves, lo + k, hi))


def tree_root(leaf_hashes: Sequence[bytes]) -> bytes:
    """The Merkle tree hash (MTH) over ``leaf_hashes``; SHA-256 of nothing when empty."""
    if not leaf_hashes:
        return EMPTY_ROOT
    # Left to right, merging equal-sized complete subtrees, then folding the rest in
    # from the right: the same tree as the recursive definition, without recursion.
    stack: list[tuple[int, bytes]] = []
    for leaf in leaf_hashes:
        size, node = 1, leaf
        while stack and stack[-1][0] == size:
            _, left = stack.pop()
            size, node = size * 2, node_hash(left, node)
        stack.append((size, node))
    node = stack.pop()[1]
    while stack:
        node = node_hash(stack.pop()[1], node)
    return node


def inclusion_proof(index: int, leaf_hashes: Sequence[bytes]) -> list[bytes]:
    """The audit path for leaf ``index`` (0-based) in the tree over ``leaf_hashes``."""
    size = len(leaf_hashes)
    if not 0 <= index < size:
        raise IntegrityProblem(f"Leaf {index} is not in a tree of {size}.")
    path: list[bytes] = []
    lo, hi = 0, size
    while hi - lo > 1:
        k = _split(hi - lo)
        if index < lo + k:
            path.append(_subtree(leaf_hashes, lo + k, hi))
            hi = lo + k
        else:
            path.append(_subtree(leaf_hashes, lo, lo + k))
            lo = lo + k
    path.reverse()
    return path


def root_from_inclusion(leaf: bytes, index: int, size: int, proof: Sequence[bytes]) -> bytes | None:
    """The root an inclusion proof leads to, or None when the proof has the wrong shape."""
    if not 0 <= index < size:
        return None
    fn, sn = index, size - 1
    node = leaf
    for sibling in proof:
        if sn == 0:
            return None
        if fn & 1 or fn == sn:
            node = node_hash(sibling, node)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            node = node_hash(node, sibling)
        fn >>= 1
        sn >>= 1
    return node if sn == 0 else None


def verify_inclusion(
    leaf: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes
) -> bool:
    """Whether ``proof`` puts leaf hash ``leaf`` at ``index`` in the tree (``size``, ``root``)."""
    return root_from_inclusion(leaf, index, size, proof) == root


def _subproof(m: int, leaves: Sequence[bytes], lo: int, hi: int, whole: bool) -> list[bytes]:
    n = hi - lo
    if m == n:
        return [] if whole else [_subtree(leaves, lo, hi)]
    k = _split(n)
    if m <= k:
        return [*_subproof(m, leaves, lo, lo + k, whole), _subtree(leaves, lo + k, hi)]
    return [*_subproof(m - k, leaves, lo + k, hi, False), _subtree(leaves, lo, lo + k)]


def consistency_proof(old_size: int, leaf_hashes: Sequence[bytes]) -> list[bytes]:
    """The proof that the first ``old_size`` leaves are a prefix of ``leaf_hashes``."""
    size = len(leaf_hashes)
    if not 0 <= old_size <= size:
        raise IntegrityProblem(f"A tree of {old_size} cannot be a prefix of one of {size}.")
    if old_size in (0, size):
        return []
    return _subproof(old_size, leaf_hashes, 0, size, True)


def verify_consistency(
    old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> bool:
    """Whether ``proof`` shows the tree (old_size, old_root) is a prefix of (new_size, new_root)."""
    if not 0 <= old_size <= new_size:
        return False
    if old_size == new_size:
        return not proof and old_root == new_root
    if old_size == 0:
        return not proof
    if not proof:
        return False
    path = list(proof)
    if old_size & (old_size - 1) == 0:  # a power of two: the old root is the first node
        path.insert(0, old_root)
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for node in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(node, fr)
            sr = node_hash(node, sr)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, node)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == old_root and sr == new_root
