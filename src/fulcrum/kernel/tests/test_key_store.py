"""The key store: a key file made on first use (0600 in a 0700 folder), keys from the
environment, a passphrase-wrapped file, and named secrets held outside the database."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test.utils import override_settings

from fulcrum.kernel import keys
from fulcrum.kernel.keys import KeyStoreError, encode_key, key_id_for


@pytest.fixture
def key_folder(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "var-keys"
    with override_settings(FULCRUM_DATA_KEY="", FULCRUM_KEY_DIR=folder):
        keys.forget_cached_keys()
        yield folder
    keys.forget_cached_keys()


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_it_makes_the_key_file_on_first_use_readable_by_this_user_alone(key_folder: Path) -> None:
    ring, made = keys.ensure_data_key()
    assert made
    assert _mode(key_folder) == 0o700
    assert _mode(key_folder / "data-keys.json") == 0o600
    assert ring.source == "file"
    assert ring.current.id == key_id_for(ring.current.key)
    assert len(ring.current.key) == 32
    again, made_again = keys.ensure_data_key()
    assert not made_again
    assert again.current == ring.current


def test_it_refuses_to_invent_a_key_for_reading(key_folder: Path) -> None:
    with pytest.raises(KeyStoreError, match="There is no data key"):
        keys.key_ring()
    assert not (key_folder / "data-keys.json").exists()


def test_it_takes_keys_from_the_environment_the_first_one_current(key_folder: Path) -> None:
    first, second = os.urandom(32), os.urandom(32)
    with override_settings(FULCRUM_DATA_KEY=f"{encode_key(first)}, {encode_key(second)}"):
        ring = keys.key_ring()
    assert ring.source == "environment"
    assert ring.current.key == first
    assert ring.ids == (key_id_for(first), key_id_for(second))
    assert not key_folder.exists()


@pytest.mark.parametrize(
    ("value", "message"),
    [("not base64 at all!", "not URL-safe base64"), (encode_key(b"short"), "a key is 32 bytes")],
)
def test_it_names_a_bad_environment_key_in_one_sentence(
    key_folder: Path, value: str, message: str
) -> None:
    with override_settings(FULCRUM_DATA_KEY=value), pytest.raises(KeyStoreError, match=message):
        keys.key_ring()


def test_it_wraps_the_key_file_under_a_passphrase(
    key_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FULCRUM_KEY_PASSPHRASE", "correct horse battery staple")
    ring, _ = keys.ensure_data_key()
    stored = (key_folder / "data-keys.json").read_text()
    assert encode_key(ring.current.key) not in stored
    assert "wrapped" in json.loads(stored)

    keys.forget_cached_keys()
    monkeypatch.setenv("FULCRUM_KEY_PASSPHRASE", "wrong horse")
    with pytest.raises(KeyStoreError, match="does not open"):
        keys.key_ring()
    monkeypatch.delenv("FULCRUM_KEY_PASSPHRASE")
    with pytest.raises(KeyStoreError, match="protected by a passphrase"):
        keys.key_ring()
    monkeypatch.setenv("FULCRUM_KEY_PASSPHRASE", "correct horse battery staple")
    assert keys.key_ring().current == ring.current


def test_it_protects_an_existing_key_file_and_keeps_its_keys(
    key_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ring, _ = keys.ensure_data_key()
    monkeypatch.setenv("FULCRUM_KEY_PASSPHRASE", "a passphrase to protect with")
    protected = keys.protect_key_file()
    assert protected.wrapped
    assert protected.current == ring.current
    assert encode_key(ring.current.key) not in (key_folder / "data-keys.json").read_text()


def test_it_adds_a_current_key_and_keeps_the_old_one(key_folder: Path) -> None:
    ring, _ = keys.ensure_data_key()
    rotated = keys.add_current_key()
    assert rotated.current.id != ring.current.id
    assert rotated.get(ring.current.id) == ring.current
    with pytest.raises(KeyStoreError, match="is current"):
        keys.remove_key(rotated.current.id)
    assert keys.remove_key(ring.current.id).ids == (rotated.current.id,)


def test_it_notices_a_key_file_rotated_by_another_process(key_folder: Path) -> None:
    ring, _ = keys.ensure_data_key()
    # Another process rewrites the file; this one's cache still holds the old ring.
    other = keys.new_key()
    data = json.loads((key_folder / "data-keys.json").read_text())
    data["keys"].append({"id": other.id, "key": encode_key(other.key), "created_at": ""})
    data["current"] = other.id
    keys.write_private_file(key_folder / "data-keys.json", json.dumps(data).encode())
    assert keys.key_ring(refresh=True).current.id == other.id
    assert keys.key_ring().get(ring.current.id) is not None


def test_it_refuses_to_rotate_keys_it_does_not_own(key_folder: Path) -> None:
    with (
        override_settings(FULCRUM_DATA_KEY=encode_key(os.urandom(32))),
        pytest.raises(KeyStoreError, match="FULCRUM_DATA_KEY"),
    ):
        keys.add_current_key()


def test_it_makes_a_named_secret_once_and_keeps_it_outside_the_database(
    key_folder: Path,
) -> None:
    made: list[bytes] = []

    def create() -> bytes:
        made.append(os.urandom(32))
        return made[-1]

    first = keys.secret("ledger-signing:workspace-1", create=create)
    again = keys.secret("ledger-signing:workspace-1", create=create)
    other = keys.secret("ledger-signing:workspace-2", create=create)
    assert first == again == made[0]
    assert other == made[1] != first
    assert len(made) == 2
    stored = key_folder / "secrets.json"
    assert _mode(stored) == 0o600
    assert encode_key(first) not in stored.read_text()
    assert first.hex() not in stored.read_text()


def test_it_keeps_secrets_readable_across_a_rotation(key_folder: Path) -> None:
    value = keys.secret("ledger-signing:w", create=lambda: b"seed" * 8)
    old = keys.key_ring().current.id
    new = keys.add_current_key().current.id
    assert keys.secrets_by_key() == {old: 1}
    assert keys.reseal_secrets() == 1
    assert keys.secrets_by_key() == {new: 1}
    keys.remove_key(old)
    assert keys.secret("ledger-signing:w", create=lambda: b"never used") == value


def test_it_refuses_an_empty_secret(key_folder: Path) -> None:
    with pytest.raises(KeyStoreError, match="bytes"):
        keys.secret("empty", create=lambda: b"")


def test_it_gives_everyone_asking_at_once_the_same_secret(key_folder: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    keys.ensure_data_key()
    made: list[bytes] = []

    def create() -> bytes:
        made.append(os.urandom(32))
        return made[-1]

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: keys.secret("shared", create=create), range(16)))
    assert len(made) == 1
    assert set(results) == {made[0]}
