"""The sealed hash chain and checkpoints: verification names the first broken entry."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fulcrum.core.integrity import (
    GENESIS,
    SealedEntry,
    make_checkpoint,
    public_key_of,
    read_body,
    seal_check,
    seal_entry,
    signature_check,
    verify_chain,
    verify_log,
)
from fulcrum.core.integrity.checkpoints import checkpoint_from_json, checkpoints_consistent
from fulcrum.core.integrity.merkle import consistency_proof

SEED = bytes(range(32))
OTHER_SEED = bytes(range(1, 33))
T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
SEALS = seal_check(SEED)
CHECK = signature_check(public_key_of(SEED))


def build(n: int, *, stream: str = "w1", seed: bytes = SEED) -> list[SealedEntry]:
    entries: list[SealedEntry] = []
    prev = GENESIS
    for sequence in range(1, n + 1):
        entry = seal_entry(
            seed,
            stream=stream,
            sequence=sequence,
            kind="note",
            recorded_at=T0 + timedelta(minutes=sequence),
            payload={"text": f"entry {sequence}", "n": sequence},
            prev_hash=prev,
        )
        entries.append(entry)
        prev = entry.entry_hash
    return entries


def test_it_verifies_an_untouched_log() -> None:
    report = verify_chain(build(20), stream="w1", seal_ok=SEALS)
    assert report.ok
    assert report.size == 20


def test_it_reads_back_what_an_entry_says() -> None:
    content = read_body(build(3)[2].body)
    assert (content.sequence, content.kind, content.payload["n"]) == (3, "note", 3)
    assert content.recorded_at == T0 + timedelta(minutes=3)


@given(st.integers(min_value=1, max_value=30), st.data())
def test_it_names_the_entry_whose_byte_was_changed(n: int, data: st.DataObject) -> None:
    entries = build(n)
    target = data.draw(st.integers(min_value=1, max_value=n))
    field = data.draw(st.sampled_from(["body", "entry_hash", "seal"]))
    raw = bytearray(getattr(entries[target - 1], field))
    offset = data.draw(st.integers(min_value=0, max_value=len(raw) - 1))
    raw[offset] ^= data.draw(st.integers(min_value=1, max_value=255))
    entries[target - 1] = dataclasses.replace(entries[target - 1], **{field: bytes(raw)})  # type: ignore[arg-type]
    report = verify_chain(entries, stream="w1", seal_ok=SEALS)
    assert report.broken is not None
    assert report.broken.sequence == target


def test_it_names_a_deleted_entry() -> None:
    entries = build(10)
    del entries[4]
    report = verify_chain(entries, stream="w1", seal_ok=SEALS)
    assert report.broken is not None
    assert report.broken.sequence == 5


def test_it_names_an_entry_forged_without_the_key() -> None:
    entries = build(10)
    forged = seal_entry(
        OTHER_SEED,
        stream="w1",
        sequence=5,
        kind="note",
        recorded_at=T0,
        payload={"text": "written later"},
        prev_hash=entries[3].entry_hash,
    )
    shifted = [dataclasses.replace(e, sequence=e.sequence + 1) for e in entries[4:]]
    report = verify_chain([*entries[:4], forged, *shifted], stream="w1", seal_ok=SEALS)
    assert report.broken is not None
    assert report.broken.sequence == 5


def test_it_names_the_first_of_two_swapped_entries() -> None:
    entries = build(10)
    a, b = entries[2], entries[7]
    entries[2] = dataclasses.replace(b, sequence=3)
    entries[7] = dataclasses.replace(a, sequence=8)
    report = verify_chain(entries, stream="w1", seal_ok=SEALS)
    assert report.broken is not None
    assert report.broken.sequence == 3


def test_it_refuses_another_workspaces_entries() -> None:
    report = verify_chain(build(3, stream="w2"), stream="w1", seal_ok=SEALS)
    assert report.broken is not None
    assert report.broken.sequence == 1


def test_it_catches_a_truncated_log_only_with_a_held_checkpoint() -> None:
    entries = build(12)
    held = make_checkpoint(SEED, stream="w1", leaves=[e.leaf for e in entries], at=T0)
    assert verify_chain(entries[:9], stream="w1", seal_ok=SEALS).ok
    report = verify_log(entries[:9], stream="w1", seal_ok=SEALS, signature_ok=CHECK, held=[held])
    assert report.broken is not None
    assert report.broken.sequence == 10
    assert verify_log(entries, stream="w1", seal_ok=SEALS, signature_ok=CHECK, held=[held]).ok


def test_it_catches_a_rewrite_by_the_key_holder_against_a_held_checkpoint() -> None:
    entries = build(6)
    held = make_checkpoint(SEED, stream="w1", leaves=[e.leaf for e in entries], at=T0)
    rewritten = [
        *build(6)[:2],
        seal_entry(
            SEED,
            stream="w1",
            sequence=3,
            kind="note",
            recorded_at=T0,
            payload={"text": "rewritten"},
            prev_hash=entries[1].entry_hash,
        ),
    ]
    report = verify_log(rewritten, stream="w1", seal_ok=SEALS, signature_ok=CHECK, held=[held])
    assert report.broken is not None
    assert report.broken.sequence == 4  # the log now ends after 3 of the checkpoint's 6
    small = make_checkpoint(SEED, stream="w1", leaves=[e.leaf for e in entries[:3]], at=T0)
    report = verify_log(rewritten, stream="w1", seal_ok=SEALS, signature_ok=CHECK, held=[small])
    assert report.broken is not None
    assert "no longer reach" in report.broken.reason


def test_it_refuses_a_checkpoint_not_signed_by_the_workspace() -> None:
    entries = build(4)
    foreign = make_checkpoint(OTHER_SEED, stream="w1", leaves=[e.leaf for e in entries], at=T0)
    report = verify_log(entries, stream="w1", seal_ok=SEALS, signature_ok=CHECK, held=[foreign])
    assert report.broken is not None
    assert "not signed" in report.broken.reason


def test_it_round_trips_a_checkpoint_and_detects_a_changed_field() -> None:
    entries = build(5)
    checkpoint = make_checkpoint(SEED, stream="w1", leaves=[e.leaf for e in entries], at=T0)
    again = checkpoint_from_json(checkpoint.to_json())
    assert again == checkpoint
    assert again.is_signed_by(CHECK)
    assert not dataclasses.replace(again, size=4).is_signed_by(CHECK)
    assert not dataclasses.replace(again, at=T0 + timedelta(seconds=1)).is_signed_by(CHECK)


def test_it_shows_one_checkpoint_extends_another() -> None:
    leaves = [e.leaf for e in build(9)]
    old = make_checkpoint(SEED, stream="w1", leaves=leaves[:4], at=T0)
    new = make_checkpoint(SEED, stream="w1", leaves=leaves, at=T0 + timedelta(hours=1))
    assert checkpoints_consistent(old, new, consistency_proof(4, leaves))
    other = [e.leaf for e in build(9, stream="rewritten")]
    forged = make_checkpoint(SEED, stream="w1", leaves=other, at=T0)
    assert not checkpoints_consistent(old, forged, consistency_proof(4, other))


def test_it_wants_an_aware_time() -> None:
    from fulcrum.core.errors import IntegrityProblem

    with pytest.raises(IntegrityProblem):
        seal_entry(
            SEED,
            stream="w1",
            sequence=1,
            kind="note",
            recorded_at=datetime(2026, 1, 1),
            payload={},
            prev_hash=GENESIS,
        )
