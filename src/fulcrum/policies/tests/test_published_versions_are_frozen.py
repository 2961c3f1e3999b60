"""No path changes or removes a published policy version, on SQLite and PostgreSQL.

Run this module with ``FULCRUM_DB=postgres`` as well: the triggers differ per database.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError

from fulcrum.policies import services
from fulcrum.policies.models import Frozen, Policy, PolicyVersion
from fulcrum.testing import NOW, make_user

pytestmark = pytest.mark.django_db(transaction=False)

TABLE = "policies_policyversion"


@pytest.fixture
def version() -> PolicyVersion:
    alice = make_user("alice")
    draft = services.start_draft(alice, "recording", now=NOW)
    return services.publish(draft, change="", summary="", effective_on=NOW.date(), now=NOW)


def _save_changed(v: PolicyVersion) -> None:
    v.text = "Other words."
    v.save()


def _delete(v: PolicyVersion) -> None:
    v.delete()


def _queryset_update(v: PolicyVersion) -> None:
    PolicyVersion.objects.filter(pk=v.pk).update(sha256="0" * 64)


def _queryset_delete(v: PolicyVersion) -> None:
    PolicyVersion.objects.filter(pk=v.pk).delete()


def _unpublish(v: PolicyVersion) -> None:
    PolicyVersion.objects.filter(pk=v.pk).update(published_at=None)


def _delete_policy(v: PolicyVersion) -> None:
    Policy.objects.filter(pk=v.policy_id).delete()


def _raw_update(v: PolicyVersion) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET number = 9 WHERE id = %s", [v.pk])  # noqa: S608


def _raw_delete(v: PolicyVersion) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE id = %s", [v.pk])  # noqa: S608


def _raw_delete_all(v: PolicyVersion) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")  # noqa: S608


def _replace_or_truncate(v: PolicyVersion) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                f"INSERT OR REPLACE INTO {TABLE} (id, policy_id, number, title, text, sha256,"  # noqa: S608
                " change_summary, change, effective_on, created_at, updated_at, published_at)"
                f" SELECT id, policy_id, number, title, text, '{'0' * 64}', change_summary,"
                f" change, effective_on, created_at, updated_at, published_at FROM {TABLE}"
                " WHERE id = %s",
                [v.pk],
            )
        else:
            cursor.execute(f"TRUNCATE {TABLE} CASCADE")


ATTEMPTS: list[Callable[[PolicyVersion], Any]] = [
    _save_changed,
    _delete,
    _queryset_update,
    _queryset_delete,
    _unpublish,
    _delete_policy,
    _raw_update,
    _raw_delete,
    _raw_delete_all,
    _replace_or_truncate,
]


@pytest.mark.parametrize("attempt", ATTEMPTS, ids=lambda f: f.__name__.strip("_"))
def test_it_refuses_every_change_to_a_published_version(
    version: PolicyVersion, attempt: Callable[[PolicyVersion], Any]
) -> None:
    before = PolicyVersion.objects.filter(pk=version.pk).values().get()
    with pytest.raises((Frozen, DatabaseError, ProtectedError)), transaction.atomic():
        attempt(version)
    assert PolicyVersion.objects.filter(pk=version.pk).values().get() == before


def test_a_draft_can_still_be_edited_and_discarded(version: PolicyVersion) -> None:
    draft = services.start_draft(version.policy.owner, "recording", now=NOW)
    services.edit_draft(draft, title="New", text="New words.", now=NOW)
    services.discard_draft(draft)
    assert list(PolicyVersion.objects.all()) == [version]


def test_a_policy_with_only_a_draft_goes_with_its_draft() -> None:
    draft = services.start_draft(make_user("bea"), "payment", now=NOW)
    Policy.objects.filter(pk=draft.policy_id).delete()
    assert not PolicyVersion.objects.filter(pk=draft.pk).exists()


def test_a_policy_with_a_published_version_keeps_its_draft_too(version: PolicyVersion) -> None:
    draft = services.start_draft(version.policy.owner, "recording", now=NOW)
    with pytest.raises(ProtectedError), transaction.atomic():
        version.policy.delete()
    assert set(PolicyVersion.objects.filter(policy=version.policy)) == {version, draft}
