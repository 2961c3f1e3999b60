"""Properties of the Merkle proofs over arbitrary tree sizes."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from fulcrum.core.integrity.merkle import (
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    node_hash,
    tree_root,
    verify_consistency,
    verify_inclusion,
)


def _naive_root(hashes: list[bytes]) -> bytes:
    # RFC 6962 section 2.1 as written, recursion and all.
    if len(hashes) == 1:
        return hashes[0]
    k = 1
    while k * 2 < len(hashes):
        k *= 2
    return node_hash(_naive_root(hashes[:k]), _naive_root(hashes[k:]))


def _leaves(n: int) -> list[bytes]:
    return [leaf_hash(i.to_bytes(4, "big")) for i in range(n)]


@given(st.integers(min_value=1, max_value=300))
def test_it_builds_the_root_the_rfc_defines(n: int) -> None:
    assert tree_root(_leaves(n)) == _naive_root(_leaves(n))


@given(st.data())
def test_it_proves_every_leaf_and_no_other(data: st.DataObject) -> None:
    n = data.draw(st.integers(min_value=1, max_value=300))
    index = data.draw(st.integers(min_value=0, max_value=n - 1))
    hashes = _leaves(n)
    root = tree_root(hashes)
    proof = inclusion_proof(index, hashes)
    assert len(proof) <= max(0, (n - 1).bit_length())
    assert verify_inclusion(hashes[index], index, n, proof, root)
    assert not verify_inclusion(leaf_hash(b"forged"), index, n, proof, root)
    if proof:
        position = data.draw(st.integers(min_value=0, max_value=len(proof) - 1))
        bent = [*proof]
        bent[position] = leaf_hash(b"bent")
        assert not verify_inclusion(hashes[index], index, n, bent, root)


@given(st.data())
def test_it_proves_a_prefix_is_consistent_and_an_altered_one_is_not(data: st.DataObject) -> None:
    n = data.draw(st.integers(min_value=1, max_value=300))
    m = data.draw(st.integers(min_value=1, max_value=n))
    hashes = _leaves(n)
    proof = consistency_proof(m, hashes)
    assert verify_consistency(m, n, tree_root(hashes[:m]), tree_root(hashes), proof)
    changed = data.draw(st.integers(min_value=0, max_value=m - 1))
    rewritten = [*hashes]
    rewritten[changed] = leaf_hash(b"rewritten")
    if m < n:
        # The old root is honest; the new tree rewrote history.
        forged = consistency_proof(m, rewritten)
        assert not verify_consistency(m, n, tree_root(hashes[:m]), tree_root(rewritten), forged)
