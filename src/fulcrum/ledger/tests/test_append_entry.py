"""``append_entry``: one gap-free, sealed chain per workspace, its key kept outside the
database."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from django.conf import settings
from django.http import Http404

from fulcrum.core import integrity
from fulcrum.kernel import keys
from fulcrum.ledger import access
from fulcrum.ledger.models import Stream, open_body
from fulcrum.ledger.services import (
    LedgerProblem,
    append_entry,
    make_checkpoint,
    read_log,
    verify_stream,
)
from fulcrum.testing import NOW, make_user

pytestmark = pytest.mark.django_db


def test_it_numbers_each_workspaces_entries_from_one_without_gaps() -> None:
    alice, bob = make_user("alice"), make_user("bob")
    numbers = [append_entry(alice, kind="note", payload={}, now=NOW).sequence for _ in range(3)]
    assert numbers == [1, 2, 3]
    assert append_entry(bob, kind="note", payload={}, now=NOW).sequence == 1
    assert Stream.objects.get(owner=alice).label != Stream.objects.get(owner=bob).label


def test_it_chains_each_entry_to_the_one_before() -> None:
    alice = make_user("alice")
    first = append_entry(alice, kind="note", payload={"a": 1}, now=NOW)
    second = append_entry(alice, kind="incident", payload={"b": "two"}, now=NOW)
    content = integrity.read_body(open_body(bytes(second.body)))
    assert content.prev_hash == bytes(first.entry_hash)
    assert (content.kind, content.payload, content.recorded_at) == ("incident", {"b": "two"}, NOW)
    assert verify_stream(Stream.objects.get(owner=alice)).ok


def test_it_keeps_the_signing_key_sealed_in_the_key_store_beside_the_data_folder() -> None:
    alice = make_user("alice")
    append_entry(alice, kind="note", payload={}, now=NOW)
    stream = Stream.objects.get(owner=alice)
    folder = keys.key_dir()
    assert folder.parent == Path(settings.DATA_DIR).parent
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(keys.secrets_file().stat().st_mode) == 0o600
    seed = keys.secret(f"ledger-{stream.label}", create=lambda: b"never made again")
    assert integrity.public_key_of(seed) == bytes(stream.public_key)
    # Sealed under the data key in the store; the database holds the public half only.
    assert seed not in keys.secrets_file().read_bytes()
    for entry in read_log(stream):
        assert seed not in entry.body


def test_it_refuses_a_payload_that_has_no_one_encoding() -> None:
    alice = make_user("alice")
    with pytest.raises(LedgerProblem, match="fraction"):
        append_entry(alice, kind="note", payload={"score": 1.5}, now=NOW)
    assert append_entry(alice, kind="note", payload={}, now=NOW).sequence == 1


def test_it_keeps_checkpoints_the_log_is_held_to() -> None:
    alice = make_user("alice")
    for n in range(5):
        append_entry(alice, kind="note", payload={"n": n}, now=NOW)
    checkpoint = make_checkpoint(alice, now=NOW)
    leaves = [e.leaf for e in read_log(checkpoint.stream)]
    assert (checkpoint.size, bytes(checkpoint.root)) == (5, integrity.merkle.tree_root(leaves))


def test_it_shows_a_user_only_their_own_ledger() -> None:
    alice, bob = make_user("alice"), make_user("bob")
    append_entry(alice, kind="note", payload={}, now=NOW)
    assert access.get_stream_for_user(alice).owner == alice
    assert access.get_entry_for_user(alice, 1).sequence == 1
    assert list(access.entries_for_user(bob)) == []
    for attempt in (
        lambda: access.get_stream_for_user(bob),
        lambda: access.get_entry_for_user(bob, 1),
        lambda: access.get_entry_for_user(alice, "x"),
        lambda: access.get_stream_for_user(None),
    ):
        with pytest.raises(Http404):
            attempt()


def test_it_creates_a_secret_once_and_returns_the_same_one_after() -> None:
    made: list[bytes] = []

    def create() -> bytes:
        made.append(b"s" * 32)
        return made[-1]

    assert keys.secret("test-secret", create=create) == b"s" * 32
    assert keys.secret("test-secret", create=lambda: b"other") == b"s" * 32
    assert len(made) == 1
    with pytest.raises(keys.KeyStoreError, match="name"):
        keys.secret("\n", create=create)
