"""The witness holds what it was given and refuses whatever does not extend it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from fulcrum.core.integrity import (
    Checkpoint,
    make_checkpoint,
    prove_consistency,
    public_key_of,
    witness,
)
from fulcrum.core.integrity.merkle import leaf_hash

SEED = bytes(range(32))
OTHER_SEED = bytes(range(1, 33))
KEY = public_key_of(SEED)
AT = datetime(2026, 11, 1, 12, tzinfo=UTC)


def leaves(n: int, *, changed: int | None = None) -> list[bytes]:
    return [
        leaf_hash(f"entry {i}{' (rewritten)' if i == changed else ''}".encode()) for i in range(n)
    ]


def checkpoint(log: list[bytes], *, seed: bytes = SEED, stream: str = "w1") -> Checkpoint:
    return make_checkpoint(seed, stream=stream, leaves=log, at=AT + timedelta(days=len(log)))


def test_it_holds_the_first_checkpoint_it_is_given() -> None:
    got = witness([], public_key=KEY, offered=checkpoint(leaves(3)), proof=[])
    assert got.consistent


@given(st.integers(1, 60), st.integers(0, 60))
def test_it_accepts_a_log_that_only_grew(old: int, more: int) -> None:
    grown = leaves(old + more)
    held = checkpoint(grown[:old])
    got = witness(
        [held],
        public_key=KEY,
        offered=checkpoint(grown),
        proof=prove_consistency(old, grown),
    )
    assert got.consistent, got.problem


@given(st.data())
def test_it_names_a_past_entry_rewritten_since_it_held_the_log(data: st.DataObject) -> None:
    old = data.draw(st.integers(1, 60))
    more = data.draw(st.integers(0, 20))
    changed = data.draw(st.integers(0, old - 1))
    held = checkpoint(leaves(old))
    rewritten = leaves(old + more, changed=changed)
    got = witness(
        [held],
        public_key=KEY,
        offered=checkpoint(rewritten),
        proof=prove_consistency(old, rewritten),
    )
    assert not got.consistent
    entries = "1 entry" if old == 1 else f"{old} entries"
    assert got.problem == (
        f"the first {entries} no longer reach the root held since {held.at:%Y-%m-%d}"
    )


def test_it_refuses_a_log_cut_short() -> None:
    held = checkpoint(leaves(5))
    got = witness([held], public_key=KEY, offered=checkpoint(leaves(3)), proof=[])
    assert got.problem == "it holds 3 entries, fewer than the 5 already held"


def test_it_refuses_a_checkpoint_signed_by_a_new_key() -> None:
    got = witness(
        [checkpoint(leaves(2))],
        public_key=KEY,
        offered=checkpoint(leaves(4), seed=OTHER_SEED),
        proof=prove_consistency(2, leaves(4)),
    )
    assert got.problem == "it is not signed by the key this record was first held with"


def test_it_refuses_another_workspaces_record() -> None:
    got = witness(
        [checkpoint(leaves(2))],
        public_key=KEY,
        offered=checkpoint(leaves(4), stream="w2"),
        proof=prove_consistency(2, leaves(4)),
    )
    assert got.problem == "it belongs to another record than the one held"


def test_it_judges_against_the_largest_checkpoint_held() -> None:
    log = leaves(8)
    held = [checkpoint(log[:6]), checkpoint(log[:2])]
    # A proof from size 2 alone would not show the first six entries are unchanged.
    assert not witness(
        held, public_key=KEY, offered=checkpoint(log), proof=prove_consistency(2, log)
    ).consistent
    assert witness(
        held, public_key=KEY, offered=checkpoint(log), proof=prove_consistency(6, log)
    ).consistent
