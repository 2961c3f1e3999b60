"""A material change asks every client who agreed to an older version to agree again;
an editorial change asks no one."""

from __future__ import annotations

from datetime import timedelta

import pytest

from fulcrum.policies import services
from fulcrum.policies.consent import record_consent
from fulcrum.policies.models import PolicyVersion, ReconsentMark
from fulcrum.testing import NOW, make_client, make_user

pytestmark = pytest.mark.django_db

TODAY = NOW.date()


def _next(version: PolicyVersion, change: str, words: str) -> PolicyVersion:
    owner = version.policy.owner
    draft = services.start_draft(owner, version.policy.kind, now=NOW)
    services.edit_draft(draft, title=draft.title, text=f"{draft.text} {words}", now=NOW)
    return services.publish(draft, change=change, summary=words, effective_on=TODAY, now=NOW)


@pytest.fixture
def agreed() -> tuple[PolicyVersion, list[int]]:
    alice = make_user("alice")
    first = services.publish(
        services.start_draft(alice, "payment", now=NOW),
        change="",
        summary="",
        effective_on=TODAY,
        now=NOW,
    )
    clients = [make_client(alice, f"C-{n:03}") for n in range(5)]
    for client in clients[:4]:
        record_consent(client, first, event="accepted", channel="link", typed_name="X", now=NOW)
    record_consent(clients[4], first, event="declined", channel="link", now=NOW)
    return first, [c.pk for c in clients[:4]]


def test_a_material_change_marks_every_client_who_agreed(
    agreed: tuple[PolicyVersion, list[int]],
) -> None:
    first, agreed_ids = agreed
    second = _next(first, "material", "Fees rise in spring.")
    marks = ReconsentMark.objects.filter(version=second)
    assert sorted(m.client_id for m in marks) == sorted(agreed_ids)
    assert {m.due_on for m in marks} == {TODAY + timedelta(days=services.grace_days())}
    assert {m.agreed_to_id for m in marks} == {first.pk}


def test_an_editorial_change_marks_no_one(agreed: tuple[PolicyVersion, list[int]]) -> None:
    first, _ = agreed
    _next(first, "editorial", "A typo fixed.")
    assert not ReconsentMark.objects.exists()
