"""Rotating the data key with published policies and consent on record: drafts move to
the new key, frozen rows keep theirs (and so that key is still counted as needed)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import connection
from django.test.utils import override_settings

from fulcrum.kernel import keys
from fulcrum.kernel.encryption import count_by_key, reseal_everything, stored_key_id
from fulcrum.policies import services
from fulcrum.policies.consent import record_consent
from fulcrum.policies.models import ConsentEvent, PolicyVersion
from fulcrum.testing import NOW, make_client, make_user

pytestmark = pytest.mark.django_db


@contextmanager
def keys_from_environment(*raw_keys: bytes) -> Iterator[None]:
    with override_settings(FULCRUM_DATA_KEY=",".join(keys.encode_key(k) for k in raw_keys)):
        keys.forget_cached_keys()
        try:
            yield
        finally:
            keys.forget_cached_keys()
    keys.forget_cached_keys()


def _stored(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT "{column}" FROM "{table}" WHERE id = %s', [pk])  # noqa: S608
        return str(cursor.fetchone()[0])


def test_rotation_reseals_drafts_and_leaves_frozen_rows_under_their_key() -> None:
    alice = make_user("alice")
    published = services.publish(
        services.start_draft(alice, "cancellation", now=NOW),
        change="",
        summary="",
        effective_on=NOW.date(),
        now=NOW,
    )
    draft = services.start_draft(alice, "cancellation", now=NOW)
    event = record_consent(
        make_client(alice), published, event="accepted", channel="link", typed_name="Sam", now=NOW
    )
    old = keys.key_ring().current
    new = keys.new_key()
    with keys_from_environment(new.key, old.key):
        reseal_everything()  # refused by the triggers before frozen rows were left alone
        assert stored_key_id(_stored("policies_policyversion", "text", draft.pk)) == new.id
        assert stored_key_id(_stored("policies_policyversion", "text", published.pk)) == old.id
        assert stored_key_id(_stored("policies_consentevent", "typed_name", event.pk)) == old.id
        needed = {k for field in count_by_key() for k in field.by_key}
        assert old.id in needed
        assert PolicyVersion.objects.get(pk=published.pk).text == published.text
        assert ConsentEvent.objects.get(pk=event.pk).typed_name == "Sam"
