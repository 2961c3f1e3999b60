"""``fulcrum keys``: status, rotate (online, keeping old keys), forget and protect, through
``fulcrum.cli.main``; mistakes end in one sentence and exit 1."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import override_settings

from fulcrum.cli import main
from fulcrum.clients.models import Client
from fulcrum.kernel import keys
from fulcrum.kernel.encryption import stored_key_id
from fulcrum.testing import make_checkin, make_client, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def key_file_store(tmp_path: Path) -> Iterator[Path]:
    with override_settings(FULCRUM_DATA_KEY="", FULCRUM_KEY_DIR=tmp_path / "keys"):
        keys.forget_cached_keys()
        yield tmp_path / "keys"
    keys.forget_cached_keys()


def _alias_key_id(client: Client) -> str | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT alias FROM clients_client WHERE id = %s", [client.pk])
        return stored_key_id(cursor.fetchone()[0])


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run the command; its exit code (0 when it returns), standard output and error."""
    try:
        main(argv)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_it_rotates_to_a_new_key_and_keeps_every_value_readable(
    key_file_store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    client = make_client(make_user("alice"), alias="Juniper")
    make_checkin(client, note="a note to move")
    old = keys.key_ring().current.id

    code, out, err = _run(["keys", "rotate"], capsys)
    assert code == 0, err
    new = keys.key_ring(refresh=True).current.id
    assert new != old
    assert f"Key {new} is now current." in out
    assert _alias_key_id(client) == new
    assert Client.objects.get(pk=client.pk).alias == "Juniper"
    assert keys.key_ring().get(old) is not None, "the old key stays for older backups"

    code, out, _ = _run(["keys", "status"], capsys)
    assert code == 0
    assert f"{new} │ current" in out
    assert f"{old} │ retired" in out

    code, out, _ = _run(["keys", "forget", old], capsys)
    assert code == 0
    assert keys.key_ring(refresh=True).ids == (new,)


def test_it_refuses_to_forget_a_key_values_still_use(
    key_file_store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    client = make_client(make_user("alice"), alias="Juniper")
    old = keys.key_ring().current.id
    keys.add_current_key()  # as if a rotation stopped before moving anything
    code, _, err = _run(["keys", "forget", old], capsys)
    assert code == 1
    assert "still use" in err
    assert "Traceback" not in err
    assert _alias_key_id(client) == old

    code, _, err = _run(["keys", "rotate", "--finish"], capsys)
    assert code == 0, err
    assert _alias_key_id(client) == keys.key_ring().current.id


def test_it_says_how_to_rotate_keys_from_the_environment(
    db: None, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(["keys", "rotate"], capsys)
    assert code == 1
    assert "FULCRUM_DATA_KEY" in err
    assert "--finish" in err
    assert len(err.strip().splitlines()) <= 3  # one sentence, wrapped to the terminal


def test_it_moves_values_to_a_key_put_first_in_the_environment(
    db: None, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    client = make_client(make_user("alice"), alias="Juniper")
    current = keys.key_ring().current
    fresh = os.urandom(32)
    ring = f"{keys.encode_key(fresh)},{keys.encode_key(current.key)}"
    # Its own key folder: finishing a rotation reseals the named secrets kept there too,
    # under a key that exists only for this test.
    with override_settings(FULCRUM_DATA_KEY=ring, FULCRUM_KEY_DIR=tmp_path / "keys"):
        code, _, err = _run(["keys", "rotate", "--finish"], capsys)
        assert code == 0, err
        assert _alias_key_id(client) == keys.key_id_for(fresh)
        assert Client.objects.get(pk=client.pk).alias == "Juniper"
    keys.forget_cached_keys()


def test_it_protects_the_key_file_only_with_a_passphrase(
    key_file_store: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    keys.ensure_data_key()
    monkeypatch.delenv("FULCRUM_KEY_PASSPHRASE", raising=False)
    code, _, err = _run(["keys", "protect"], capsys)
    assert code == 1
    assert "FULCRUM_KEY_PASSPHRASE" in err
    monkeypatch.setenv("FULCRUM_KEY_PASSPHRASE", "a long passphrase for the keys")
    code, _, err = _run(["keys", "protect"], capsys)
    assert code == 0, err
    assert keys.key_ring(refresh=True).wrapped


def test_frozen_rows_keep_their_key_without_failing_the_rotation(
    key_file_store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from fulcrum.policies import services as policies
    from fulcrum.testing import NOW

    alice = make_user("alice")
    client = make_client(alice, alias="Juniper")
    draft = policies.start_draft(alice, "cancellation", now=NOW)
    policies.publish(draft, change="", summary="", effective_on=NOW.date(), now=NOW)
    old = keys.key_ring().current.id

    code, out, err = _run(["keys", "rotate"], capsys)
    assert code == 0, err
    assert _alias_key_id(client) == keys.key_ring(refresh=True).current.id
    assert "frozen values" in out
    assert "Nothing uses" not in out  # the old key is still needed by the frozen rows

    code, _, err = _run(["keys", "forget", old], capsys)
    assert code == 1
    assert "frozen values" in err
    assert "must be kept" in err
    assert keys.key_ring(refresh=True).get(old) is not None
