"""Starting from a starter text, editing the draft, publishing and superseding."""

from __future__ import annotations

from datetime import timedelta

import pytest

from fulcrum.core.errors import InvalidInput
from fulcrum.core.policies import default_starters, text_hash
from fulcrum.ledger.access import entries_for_user
from fulcrum.policies import services
from fulcrum.policies.models import PolicyVersion
from fulcrum.testing import NOW, make_user

pytestmark = pytest.mark.django_db

TODAY = NOW.date()


def test_it_starts_from_the_starter_text() -> None:
    alice = make_user("alice")
    draft = services.start_draft(alice, "cancellation", now=NOW)
    starter = default_starters()["cancellation"]
    assert (draft.title, draft.text) == (starter.title, starter.text)
    assert draft.published_at is None
    assert services.start_draft(alice, "cancellation", now=NOW).pk == draft.pk


def test_it_refuses_an_unknown_kind() -> None:
    with pytest.raises(InvalidInput):
        services.start_draft(make_user("alice"), "astrology", now=NOW)


def test_it_publishes_a_frozen_hashed_version_and_records_it() -> None:
    alice = make_user("alice")
    draft = services.start_draft(alice, "payment", now=NOW)
    services.edit_draft(draft, title="Fees", text="Pay on the day.\r\n\r\n", now=NOW)
    version = services.publish(draft, change="material", summary="", effective_on=TODAY, now=NOW)
    assert version.number == 1
    assert version.change == PolicyVersion.Change.FIRST
    assert version.text == "Pay on the day."
    assert version.sha256 == text_hash("Pay on the day.")
    entry = entries_for_user(alice).get(kind=services.PUBLISHED_KIND)
    assert entry.recorded_at == NOW


def test_a_new_version_supersedes_the_old_from_its_date() -> None:
    alice = make_user("alice")
    first = services.publish(
        services.start_draft(alice, "lateness", now=NOW),
        change="",
        summary="",
        effective_on=TODAY,
        now=NOW,
    )
    draft = services.start_draft(alice, "lateness", now=NOW)
    assert draft.text == first.text
    services.edit_draft(draft, title=first.title, text=first.text + " Thank you.", now=NOW)
    later = TODAY + timedelta(days=14)
    second = services.publish(
        draft, change="material", summary="A thank-you.", effective_on=later, now=NOW
    )
    policy = first.policy
    assert second.number == 2
    assert services.current_version(policy, on=TODAY) == first
    assert services.current_version(policy, on=later) == second


def test_it_refuses_a_second_version_without_a_kind_summary_or_new_words() -> None:
    alice = make_user("alice")
    first = services.publish(
        services.start_draft(alice, "touch", now=NOW),
        change="",
        summary="",
        effective_on=TODAY,
        now=NOW,
    )
    draft = services.start_draft(alice, "touch", now=NOW)
    with pytest.raises(InvalidInput, match="material or editorial"):
        services.publish(draft, change="", summary="x", effective_on=TODAY, now=NOW)
    with pytest.raises(InvalidInput, match="what changed"):
        services.publish(draft, change="editorial", summary=" ", effective_on=TODAY, now=NOW)
    with pytest.raises(InvalidInput, match="the same"):
        services.publish(draft, change="editorial", summary="x", effective_on=TODAY, now=NOW)
    assert draft.text == first.text


def test_it_refuses_an_empty_draft() -> None:
    draft = services.start_draft(make_user("alice"), "other", now=NOW)
    with pytest.raises(InvalidInput):
        services.edit_draft(draft, title="Other", text="  \n", now=NOW)
