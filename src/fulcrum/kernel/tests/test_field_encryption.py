"""The encrypted model fields: sealed in the database, bound to their field, readable after
a rotation, and refusing lookups the database could only answer on ciphertext."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.core.exceptions import FieldError
from django.db import connection, models

from fulcrum.checkins.models import CheckIn
from fulcrum.clients.models import Client
from fulcrum.kernel import keys
from fulcrum.kernel.encryption import (
    UnreadableValue,
    count_by_key,
    decrypt_text,
    encrypt_text,
    reseal_everything,
    reseal_field,
    stored_key_id,
)
from fulcrum.testing import NOW, make_checkin, make_client, make_user

pytestmark = pytest.mark.django_db


def _raw(model: type[models.Model], column: str, pk: int) -> str:
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT "{column}" FROM "{table}" WHERE id = %s', [pk])  # noqa: S608
        return str(cursor.fetchone()[0])


def _write_raw(model: type[models.Model], column: str, pk: int, value: str) -> None:
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f'UPDATE "{table}" SET "{column}" = %s WHERE id = %s', [value, pk])  # noqa: S608


def test_it_stores_ciphertext_with_the_current_key_id_and_reads_the_text() -> None:
    client = make_client(make_user("alice"), alias="Hawthorn, who reminds me of my sister")
    stored = _raw(Client, "alias", client.pk)
    assert "Hawthorn" not in stored
    assert stored.startswith(f"fe1:{keys.key_ring().current.id}:")
    assert Client.objects.get(pk=client.pk).alias == "Hawthorn, who reminds me of my sister"


def test_it_seals_the_same_text_differently_each_time() -> None:
    one = encrypt_text("same words", context="clients.client.alias")
    two = encrypt_text("same words", context="clients.client.alias")
    assert one != two
    assert decrypt_text(one, context="clients.client.alias") == "same words"


def test_it_will_not_open_a_value_moved_into_another_field() -> None:
    checkin = make_checkin(make_client(make_user("alice")), note="about the session")
    _write_raw(CheckIn, "client_signals", checkin.pk, _raw(CheckIn, "note", checkin.pk))
    with pytest.raises(UnreadableValue, match="moved from another field"):
        CheckIn.objects.get(pk=checkin.pk)


def test_it_will_not_open_an_altered_value() -> None:
    sealed = encrypt_text("a private line", context="x.y.z")
    body = sealed.rsplit(":", 1)[1]
    flipped = body[:-6] + ("A" if body[-6] != "A" else "B") + body[-5:]
    with pytest.raises(UnreadableValue):
        decrypt_text(sealed.rsplit(":", 1)[0] + ":" + flipped, context="x.y.z")


def test_it_names_a_missing_key() -> None:
    with pytest.raises(UnreadableValue, match="k00000000, which is not in the key store"):
        decrypt_text("fe1:k00000000:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", context="x.y.z")


def test_it_keeps_empty_text_empty_and_findable() -> None:
    owner = make_user("alice")
    make_client(owner, "C-1")
    named = make_client(owner, "C-2", alias="Rowan")
    assert _raw(Client, "alias", named.pk) != "Rowan"
    assert list(Client.objects.filter(alias="").values_list("code", flat=True)) == ["C-1"]
    assert list(Client.objects.exclude(alias="").values_list("code", flat=True)) == ["C-2"]


def test_it_refuses_lookups_the_database_cannot_answer() -> None:
    make_client(make_user("alice"), alias="Rowan")
    with pytest.raises(FieldError):
        list(Client.objects.filter(alias__icontains="row"))
    with pytest.raises(TypeError, match="encrypted"):
        list(Client.objects.filter(alias="Rowan"))


def test_it_reads_json_that_holds_free_text() -> None:
    from fulcrum.transcripts.models import Transcript

    field = Transcript._meta.get_field("speakers")
    sealed = field.get_prep_value(["Dr Quill", "Ms Fenn"])
    assert "Quill" not in sealed
    assert field.from_db_value(sealed, None, connection) == ["Dr Quill", "Ms Fenn"]


def test_it_reseals_every_value_under_a_new_key_and_keeps_them_readable() -> None:
    client = make_client(make_user("alice"), alias="Linden")
    make_checkin(client, note="first", client_signals="quiet", client_signals_noticed=True)
    old = keys.key_ring().current.id
    new_key = keys.new_key()
    with _keys_from_environment(new_key.key, keys.key_ring().current.key):
        done = reseal_everything()
        assert done.resealed >= 3
        by_key: dict[str | None, int] = {}
        for field in count_by_key():
            for key_id, n in field.by_key.items():
                by_key[key_id] = by_key.get(key_id, 0) + n
        assert set(by_key) == {new_key.id}
        assert stored_key_id(_raw(Client, "alias", client.pk)) == new_key.id
        assert Client.objects.get(pk=client.pk).alias == "Linden"
        assert reseal_everything().resealed == 0
    assert old != new_key.id


def test_it_never_overwrites_a_value_saved_while_it_reseals(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from fulcrum.kernel import encryption

    client = make_client(make_user("alice"), alias="Before")
    read_rows = encryption._rows

    def rows_then_save(*args: Any, **kwargs: Any) -> Iterator[list[tuple[Any, str]]]:
        for batch in read_rows(*args, **kwargs):
            # The server saves a new alias after the pass read the row, before it writes.
            Client.objects.filter(pk=client.pk).update(alias="Saved meanwhile")
            yield batch

    monkeypatch.setattr(encryption, "_rows", rows_then_save)
    with _keys_from_environment(keys.new_key().key, keys.key_ring().current.key):
        done = reseal_field(Client, Client._meta.get_field("alias"))
        assert done.resealed == 0
        assert Client.objects.get(pk=client.pk).alias == "Saved meanwhile"


@contextmanager
def _keys_from_environment(*raw_keys: bytes) -> Iterator[None]:
    """Use these keys, the first current, as if from FULCRUM_DATA_KEY."""
    from django.test.utils import override_settings

    with override_settings(FULCRUM_DATA_KEY=",".join(keys.encode_key(k) for k in raw_keys)):
        keys.forget_cached_keys()
        try:
            yield
        finally:
            keys.forget_cached_keys()
    keys.forget_cached_keys()


def test_it_serialises_plaintext_values_that_load_back_sealed() -> None:
    from django.core import serializers

    from fulcrum.transcripts.models import Transcript

    client = make_client(make_user("alice"), alias="Willow")
    from fulcrum.transcripts.services import attach_transcript

    transcript = attach_transcript(
        client, b"Me: Hello there.\nWillow: Hi.\n", "willow.txt", practitioner="Me", now=NOW
    )
    dumped = serializers.serialize("json", [client, transcript])
    assert "Willow" in dumped, "a dump is the plaintext an export or fixture needs"
    Transcript.objects.all().delete()
    Client.objects.all().delete()
    for obj in serializers.deserialize("json", dumped):
        obj.save()
    loaded = Transcript.objects.get()
    assert loaded.speakers == ["Me", "Willow"]
    assert loaded.client.alias == "Willow"
    assert "Willow" not in _raw(Client, "alias", loaded.client.pk)


@pytest.mark.parametrize("change", ["last-bits", "stray", "padding"])
def test_it_refuses_any_other_spelling_of_a_sealed_value(change: str) -> None:
    stored = encrypt_text("a note", context="clients.client.alias")
    head, body = stored.rsplit(":", 1)
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    core = body.rstrip("=")
    pad = body[len(core) :]
    if change == "last-bits":
        # The same bytes decode from a last character whose unused low bits differ.
        last = alphabet.index(core[-1])
        spare = {1: 0b1111, 2: 0b11}.get(len(pad), 0)
        assert spare, "this body has no unused bits; the cipher output length changed"
        other = alphabet[last ^ 1]
        altered = f"{head}:{core[:-1]}{other}{pad}"
        assert base64.urlsafe_b64decode(altered.rsplit(":", 1)[1]) == base64.urlsafe_b64decode(body)
    elif change == "stray":
        altered = f"{head}:{body[:5]}*{body[5:]}"
    else:
        altered = f"{head}:{core}"
    with pytest.raises(UnreadableValue):
        decrypt_text(altered, context="clients.client.alias")
