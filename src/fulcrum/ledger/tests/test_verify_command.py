"""``fulcrum incidents verify``: offline, on the database or a bundle, naming the first
broken entry in one sentence with exit code 1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.db import connection

from fulcrum.accounts.models import User
from fulcrum.cli import main
from fulcrum.ledger.models import Entry, open_body, seal_body
from fulcrum.ledger.services import append_entry
from fulcrum.ledger.tests.tampering import triggers_off
from fulcrum.testing import NOW, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice() -> User:
    owner = make_user("alice")
    for n in range(1, 8):
        append_entry(owner, kind="note", payload={"text": f"entry {n}"}, now=NOW)
    bob = make_user("bob")
    append_entry(bob, kind="note", payload={"text": "bob's"}, now=NOW)
    return owner


def _fails(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return " ".join(err.split())


def test_it_verifies_every_untouched_workspace(
    alice: User, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["incidents", "verify"])
    out = capsys.readouterr().out
    assert "alice: 7 entries verified." in out
    assert "bob: 1 entries verified." in out


def test_it_names_the_entry_whose_body_was_edited_in_the_database(
    alice: User, capsys: pytest.CaptureFixture[str]
) -> None:
    entry = Entry.objects.get(stream__owner=alice, sequence=4)
    # Rewritten as someone with the data key could: sealed again, saying something else.
    opened = open_body(bytes(entry.body))
    assert b"entry 4" in opened
    body = seal_body(opened.replace(b"entry 4", b"entry X"))
    with triggers_off() as cursor:
        cursor.execute("UPDATE ledger_entry SET body = %s WHERE id = %s", [body, entry.pk])
    err = _fails(["incidents", "verify", "--user", "alice"], capsys)
    assert "Entry 4 is the first broken one" in err


def test_it_names_a_deleted_entry(alice: User, capsys: pytest.CaptureFixture[str]) -> None:
    with triggers_off() as cursor:
        cursor.execute(
            "DELETE FROM ledger_entry WHERE sequence = 3 AND stream_id = "
            "(SELECT id FROM ledger_stream WHERE owner_id = %s)",
            [alice.pk],
        )
    assert "Entry 3 is the first broken one" in _fails(["incidents", "verify"], capsys)


def test_it_catches_a_cut_off_log_with_a_held_checkpoint(
    alice: User, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    held = tmp_path / "held.json"
    main(["incidents", "checkpoint", "--user", "alice", "--output", str(held)])
    capsys.readouterr()
    with triggers_off() as cursor:
        # Whoever cuts the log short removes the stored checkpoints too; the held one remains.
        cursor.execute("DELETE FROM ledger_checkpoint")
        cursor.execute("DELETE FROM ledger_entry WHERE sequence > 5")
    main(["incidents", "verify", "--user", "bob"])
    capsys.readouterr()
    err = _fails(["incidents", "verify", "--user", "alice", "--checkpoint", str(held)], capsys)
    assert "Entry 6 is the first broken one" in err


def test_it_verifies_an_exported_bundle_and_names_a_tampered_entry(
    alice: User, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bundle.json"
    main(["incidents", "bundle", "--user", "alice", "--entries", "2,5", "--output", str(path)])
    capsys.readouterr()
    bundle = json.loads(path.read_text())
    text = path.read_text()
    assert "entry 2" in text and "entry 5" in text  # noqa: PT018
    for absent in ("entry 1", "entry 3", "entry 4", "entry 6", "entry 7", "bob"):
        assert absent not in text
    main(["incidents", "verify", "--bundle", str(path)])
    assert "proves entries 2, 5" in capsys.readouterr().out

    bundle["entries"][1]["body"] = bundle["entries"][1]["body"].replace("entry 5", "entry 6")
    path.write_text(json.dumps(bundle))
    assert "Entry 5 is the first broken one" in _fails(
        ["incidents", "verify", "--bundle", str(path)], capsys
    )


def test_it_says_so_in_one_sentence_when_the_key_is_missing(
    alice: User, settings: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings.DATA_DIR = tmp_path / "elsewhere"  # type: ignore[attr-defined]
    err = _fails(["incidents", "verify", "--user", "alice"], capsys)
    assert "signing key" in err


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["incidents", "verify", "--user", "nobody"], "no user called"),
        (["incidents", "verify", "--bundle", "/nonexistent/b.json"], "Cannot read"),
        (["incidents", "bundle", "--user", "alice", "--entries", "2,x"], "not a list"),
        (["incidents", "bundle", "--user", "alice", "--entries", "99"], "not covered"),
    ],
)
def test_it_turns_bad_input_into_one_sentence(
    alice: User, argv: list[str], words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert words in _fails(argv, capsys)


@pytest.mark.parametrize(
    ("column", "value"), [("kind", "'gift'"), ("recorded_at", "'2020-01-01 00:00:00'")]
)
def test_it_names_an_entry_whose_listed_columns_were_edited(
    alice: User, column: str, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    entry = Entry.objects.get(stream__owner=alice, sequence=6)
    with triggers_off() as cursor:
        cursor.execute(f"UPDATE ledger_entry SET {column} = {value} WHERE id = %s", [entry.pk])  # noqa: S608
    err = _fails(["incidents", "verify", "--user", "alice"], capsys)
    assert "Entry 6 is the first broken one: its listed kind or time differs" in err


def test_it_says_so_in_one_sentence_when_the_database_has_no_ledger(
    alice: User, capsys: pytest.CaptureFixture[str]
) -> None:
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE ledger_checkpoint")
    err = _fails(["incidents", "verify"], capsys)
    assert "The database cannot be read" in err


def test_it_names_the_entry_whose_stored_bytes_were_changed(
    alice: User, capsys: pytest.CaptureFixture[str]
) -> None:
    entry = Entry.objects.get(stream__owner=alice, sequence=3)
    body = bytearray(entry.body)
    body[len(body) // 2] ^= 0x01  # one byte of the sealed value, so it no longer opens
    with triggers_off() as cursor:
        cursor.execute("UPDATE ledger_entry SET body = %s WHERE id = %s", [bytes(body), entry.pk])
    err = _fails(["incidents", "verify", "--user", "alice"], capsys)
    assert "Entry 3 is the first broken one" in err


def test_it_keeps_what_entries_say_out_of_the_database_in_plain_text(alice: User) -> None:
    for entry in Entry.objects.filter(stream__owner=alice):
        stored = bytes(entry.body)
        assert stored.startswith(b"fe1:")
        assert b"entry" not in stored
        assert open_body(stored) != stored


def test_it_names_the_entry_whose_body_names_a_key_the_store_lacks(
    alice: User, capsys: pytest.CaptureFixture[str]
) -> None:
    entry = Entry.objects.get(stream__owner=alice, sequence=3)
    stored = bytes(entry.body).decode("ascii")
    prefix, key_id, rest = stored.split(":", 2)
    # One byte of the key id changed on disk: that entry is named, not the key store.
    body = f"{prefix}:{key_id[:-1]}{'A' if key_id[-1] != 'A' else 'B'}:{rest}".encode("ascii")
    with triggers_off() as cursor:
        cursor.execute("UPDATE ledger_entry SET body = %s WHERE id = %s", [body, entry.pk])
    err = _fails(["incidents", "verify", "--user", "alice"], capsys)
    assert "Entry 3 is the first broken one" in err
