"""RFC 6962 roots and proofs against the values Certificate Transparency publishes.

The leaves, roots and proofs below are the reference test data of the Certificate
Transparency implementations (certificate-transparency's merkle_tree_test and
transparency-dev/merkle's rfc6962 tests); inclusion vectors there number leaves from 1.
"""

from __future__ import annotations

import pytest

from fulcrum.core.integrity.merkle import (
    EMPTY_ROOT,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    tree_root,
    verify_consistency,
    verify_inclusion,
)

LEAVES = [
    bytes.fromhex(h)
    for h in (
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    )
]
ROOTS = {
    1: "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    2: "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    3: "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    4: "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    5: "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    6: "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    7: "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    8: "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
}
# (leaf number from 1, tree size, audit path)
INCLUSION = [
    (1, 1, []),
    (
        1,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        [
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (3, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (
        2,
        5,
        [
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
]
# (old size, new size, proof)
CONSISTENCY = [
    (1, 1, []),
    (
        1,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        2,
        5,
        [
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
]

HASHES = [leaf_hash(leaf) for leaf in LEAVES]


def test_it_gives_the_empty_tree_the_hash_of_nothing() -> None:
    assert tree_root([]).hex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert tree_root([]) == EMPTY_ROOT


@pytest.mark.parametrize(("size", "root"), sorted(ROOTS.items()))
def test_it_reaches_the_published_root(size: int, root: str) -> None:
    assert tree_root(HASHES[:size]).hex() == root


@pytest.mark.parametrize(("number", "size", "path"), INCLUSION)
def test_it_generates_and_verifies_the_published_inclusion_proofs(
    number: int, size: int, path: list[str]
) -> None:
    proof = inclusion_proof(number - 1, HASHES[:size])
    assert [node.hex() for node in proof] == path
    root = bytes.fromhex(ROOTS[size])
    assert verify_inclusion(HASHES[number - 1], number - 1, size, proof, root)
    # The same proof for another leaf, a larger tree or one hash short must fail.
    assert not verify_inclusion(HASHES[number - 1], number - 1, size + 8, proof, root)
    if proof:
        assert not verify_inclusion(HASHES[number - 1], number - 1, size, proof[:-1], root)
        other = (number) % size
        assert not verify_inclusion(HASHES[other], number - 1, size, proof, root)


@pytest.mark.parametrize(("old", "new", "path"), CONSISTENCY)
def test_it_generates_and_verifies_the_published_consistency_proofs(
    old: int, new: int, path: list[str]
) -> None:
    proof = consistency_proof(old, HASHES[:new])
    assert [node.hex() for node in proof] == path
    old_root, new_root = bytes.fromhex(ROOTS[old]), bytes.fromhex(ROOTS[new])
    assert verify_consistency(old, new, old_root, new_root, proof)
    assert not verify_consistency(old, new, new_root if old != new else EMPTY_ROOT, new_root, proof)
    if proof:
        assert not verify_consistency(old, new, old_root, new_root, proof[1:])


def test_it_keeps_every_inclusion_proof_within_log2_hashes() -> None:
    hashes = [leaf_hash(i.to_bytes(4, "big")) for i in range(1000)]
    for index in (0, 1, 511, 512, 998, 999):
        assert len(inclusion_proof(index, hashes)) <= 10  # ceil(log2(1000))
