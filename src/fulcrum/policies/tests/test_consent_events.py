"""Consent events: recorded with the version's hash in the ledger, never changed."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client

from fulcrum.core.errors import InvalidInput
from fulcrum.ledger.access import entries_for_user
from fulcrum.policies import services
from fulcrum.policies.consent import consent_state, record_consent
from fulcrum.policies.models import ConsentEvent, Frozen, PolicyVersion
from fulcrum.testing import NOW, make_checkin, make_client, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def version() -> PolicyVersion:
    alice = make_user("alice")
    draft = services.start_draft(alice, "cancellation", now=NOW)
    return services.publish(draft, change="", summary="", effective_on=NOW.date(), now=NOW)


def test_it_records_an_acceptance_naming_the_version(version: PolicyVersion) -> None:
    client = make_client(version.policy.owner)
    event = record_consent(
        client, version, event="accepted", channel="link", typed_name="Sam", now=NOW
    )
    assert event.statement == f"I have read version 1 of “{version.title}” and agree."
    assert event.version_sha256 == version.sha256
    assert event.entry.kind == "policy.consent"
    assert entries_for_user(version.policy.owner).filter(kind="policy.consent").count() == 1
    assert consent_state(client, version.policy).agreed_version == version


def test_a_withdrawal_is_a_new_event(version: PolicyVersion) -> None:
    client = make_client(version.policy.owner)
    record_consent(client, version, event="accepted", channel="link", typed_name="Sam", now=NOW)
    record_consent(client, version, event="withdrawn", channel="link", now=NOW)
    assert consent_state(client, version.policy).agreed_version is None
    assert ConsentEvent.objects.filter(client=client).count() == 2


def test_it_refuses_acceptance_without_a_name_and_verbal_without_a_session(
    version: PolicyVersion,
) -> None:
    client = make_client(version.policy.owner)
    with pytest.raises(InvalidInput, match="name"):
        record_consent(client, version, event="accepted", channel="link", now=NOW)
    with pytest.raises(InvalidInput, match="sessions"):
        record_consent(client, version, event="accepted", channel="verbal", now=NOW)
    checkin = make_checkin(client, days_ago=1)
    event = record_consent(
        client, version, event="accepted", channel="verbal", checkin=checkin, now=NOW
    )
    assert event.checkin == checkin


def test_it_refuses_another_practitioners_client(version: PolicyVersion) -> None:
    other = make_client(make_user("bob"))
    with pytest.raises(InvalidInput):
        record_consent(other, version, event="declined", channel="link", now=NOW)


def test_no_path_changes_or_removes_a_consent_event(version: PolicyVersion) -> None:
    client = make_client(version.policy.owner)
    event = record_consent(client, version, event="question", channel="link", now=NOW)
    attempts: list[Callable[[], object]] = [
        lambda: event.save(),
        lambda: event.delete(),
        lambda: ConsentEvent.objects.filter(pk=event.pk).update(event="accepted"),
        lambda: ConsentEvent.objects.filter(pk=event.pk).delete(),
        lambda: connection.cursor().execute("UPDATE policies_consentevent SET event = 'accepted'"),
        lambda: connection.cursor().execute("DELETE FROM policies_consentevent"),
    ]
    for attempt in attempts:
        with pytest.raises((Frozen, DatabaseError)), transaction.atomic():
            attempt()
    assert ConsentEvent.objects.get(pk=event.pk).event == "question"


def test_a_client_with_consent_on_record_is_kept_and_the_page_says_why(
    version: PolicyVersion, client: Client
) -> None:
    from django.urls import reverse

    from fulcrum.clients.models import Client as ClientModel
    from fulcrum.clients.services import KEPT_CLIENT

    alice = version.policy.owner
    kept = make_client(alice, "K-1")
    record_consent(kept, version, event="accepted", channel="link", typed_name="Kim", now=NOW)
    client.force_login(alice)
    r = client.post(reverse("client_delete", args=[kept.pk]), {"confirm_code": "K-1"})
    assert r.status_code == 200
    assert KEPT_CLIENT in r.content.decode()
    assert ClientModel.objects.filter(pk=kept.pk).exists()
    assert ConsentEvent.objects.filter(client=kept).count() == 1
