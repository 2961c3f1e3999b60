"""Enforcement records: tied to the version in force and the client's agreement, never
changed, and joining the drift warnings. Run with ``FULCRUM_DB=postgres`` too."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError

from fulcrum.checkins.models import DriftWarning
from fulcrum.checkins.services import refresh_drift
from fulcrum.clients.models import Client
from fulcrum.ledger.access import entries_for_user
from fulcrum.policies import services
from fulcrum.policies.consent import record_consent
from fulcrum.policies.enforcement import (
    EnforcementData,
    EnforcementRefused,
    client_waiver_rates,
    record_enforcement,
)
from fulcrum.policies.models import EnforcementRecord, Frozen, PolicyVersion
from fulcrum.testing import NOW, make_checkin, make_client, make_user

pytestmark = pytest.mark.django_db

TABLE = "policies_enforcementrecord"
START = NOW.date() - timedelta(days=100)


@pytest.fixture
def version() -> PolicyVersion:
    alice = make_user("alice")
    draft = services.start_draft(alice, "cancellation", now=NOW)
    return services.publish(draft, change="", summary="", effective_on=START, now=NOW)


@pytest.fixture
def agreed(version: PolicyVersion) -> Client:
    client = make_client(version.policy.owner)
    record_consent(
        client,
        version,
        event="accepted",
        channel="link",
        typed_name="Sam",
        now=NOW - timedelta(days=90),
    )
    return client


def _record(
    client: Client, version: PolicyVersion, action: str, days_ago: int, **kw: object
) -> EnforcementRecord:
    data = EnforcementData(
        policy=version.policy,
        occasion="late_cancellation",
        action=action,
        occurred_on=NOW.date() - timedelta(days=days_ago),
        **kw,  # type: ignore[arg-type]
    )
    return record_enforcement(client, data, now=NOW)


def test_it_ties_a_record_to_the_version_and_the_agreement(
    version: PolicyVersion, agreed: Client
) -> None:
    record = _record(agreed, version, "waived", 10, amount=Decimal("40"), note="Her car broke")
    assert record.version == version
    assert record.agreed_version == version
    assert record.amount == Decimal("40.00")
    assert record.entry.kind == "policy.enforcement"
    assert entries_for_user(version.policy.owner).filter(kind="policy.enforcement").count() == 1


def test_a_client_who_never_agreed_has_no_agreed_version(version: PolicyVersion) -> None:
    client = make_client(version.policy.owner)
    record = _record(client, version, "enforced", 5)
    assert record.agreed_version is None
    [warning] = DriftWarning.objects.filter(client=client)
    assert warning.direction == "over"
    assert warning.rule == "policy_unagreed"


def test_a_material_change_needs_agreement_again_an_editorial_one_does_not(
    version: PolicyVersion, agreed: Client
) -> None:
    alice = version.policy.owner
    draft = services.start_draft(alice, "cancellation", now=NOW)
    services.edit_draft(draft, title=draft.title, text=draft.text + " Thank you.", now=NOW)
    editorial = services.publish(
        draft,
        change="editorial",
        summary="Thanks.",
        effective_on=NOW.date() - timedelta(days=50),
        now=NOW,
    )
    assert _record(agreed, editorial, "enforced", 40).agreed_version == version
    draft = services.start_draft(alice, "cancellation", now=NOW)
    services.edit_draft(draft, title=draft.title, text=draft.text + " Fees double.", now=NOW)
    material = services.publish(
        draft,
        change="material",
        summary="Fees.",
        effective_on=NOW.date() - timedelta(days=20),
        now=NOW,
    )
    record = _record(agreed, material, "enforced", 10)
    assert record.version == material
    assert record.agreed_version is None


def test_four_waivers_of_five_raise_an_under_use_warning_naming_them(
    version: PolicyVersion, agreed: Client
) -> None:
    records = [
        _record(agreed, version, action, days)
        for action, days in zip(
            ["waived", "waived", "enforced", "waived", "waived"], [50, 40, 30, 20, 10], strict=True
        )
    ]
    [warning] = DriftWarning.objects.filter(client=agreed, direction="under")
    assert warning.rule == "policy_waivers"
    assert "waived 4 of the last 5" in warning.title
    assert "not a judgement" in warning.explanation
    rates = {r.policy_kind: (r.records, r.waived) for r in client_waiver_rates(agreed)}
    assert rates == {"cancellation": (5, 4)}
    assert len(records) == 5


def test_one_waiver_of_five_raises_nothing(version: PolicyVersion, agreed: Client) -> None:
    for action, days in zip(
        ["enforced", "waived", "enforced", "discussed", "deferred"],
        [50, 40, 30, 20, 10],
        strict=True,
    ):
        _record(agreed, version, action, days)
    assert not DriftWarning.objects.filter(client=agreed).exists()


def test_the_detector_leaves_policy_warnings_alone(version: PolicyVersion, agreed: Client) -> None:
    for days in (30, 20, 10):
        _record(agreed, version, "waived", days)
    make_checkin(agreed, days_ago=1)
    refresh_drift(agreed, now=NOW)
    assert DriftWarning.objects.filter(client=agreed, rule="policy_waivers").count() == 1


def test_it_refuses_what_breaks_a_rule(version: PolicyVersion, agreed: Client) -> None:
    with pytest.raises(EnforcementRefused) as caught:
        _record(agreed, version, "waived", 200)
    assert caught.value.field == "occurred_on"
    with pytest.raises(EnforcementRefused) as caught:
        _record(agreed, version, "waived", 1, amount=Decimal("-1"))
    assert caught.value.field == "amount"
    with pytest.raises(EnforcementRefused) as caught:
        _record(agreed, version, "forgot", 1)
    assert caught.value.field == "action"
    other = make_checkin(make_client(make_user("bob")), days_ago=1)
    with pytest.raises(EnforcementRefused) as caught:
        _record(agreed, version, "waived", 1, checkin=other)
    assert caught.value.field == "checkin"
    bob_client = make_client(make_user("bob2"))
    with pytest.raises(EnforcementRefused):
        _record(bob_client, version, "waived", 1)
    assert not EnforcementRecord.objects.exists()


def test_no_path_changes_or_removes_a_record(version: PolicyVersion, agreed: Client) -> None:
    record = _record(agreed, version, "waived", 3)
    attempts: list[Callable[[], object]] = [
        lambda: record.save(),
        lambda: record.delete(),
        lambda: EnforcementRecord.objects.filter(pk=record.pk).update(action="enforced"),
        lambda: EnforcementRecord.objects.filter(pk=record.pk).delete(),
        lambda: connection.cursor().execute(f"UPDATE {TABLE} SET action = 'enforced'"),  # noqa: S608
        lambda: connection.cursor().execute(f"DELETE FROM {TABLE}"),  # noqa: S608
        lambda: agreed.delete(),
        lambda: version.policy.delete(),
    ]
    if connection.vendor == "sqlite":
        attempts.append(
            lambda: connection.cursor().execute(
                f"INSERT OR REPLACE INTO {TABLE} SELECT * FROM {TABLE}"  # noqa: S608
            )
        )
    else:
        attempts.append(lambda: connection.cursor().execute(f"TRUNCATE {TABLE} CASCADE"))
    refused = 0
    for attempt in attempts:
        try:
            with transaction.atomic():
                attempt()
        except (Frozen, DatabaseError, ProtectedError):
            refused += 1
    assert refused == len(attempts)
    assert EnforcementRecord.objects.get(pk=record.pk).action == "waived"
