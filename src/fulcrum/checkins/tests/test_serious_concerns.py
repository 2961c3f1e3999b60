"""A grievance-level sign opens a serious concern at once, once per episode, until
the practitioner records what was done."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction

from fulcrum.checkins.models import SeriousConcern
from fulcrum.checkins.services import (
    CONCERN_NEEDS_WHAT_I_DID,
    CheckInData,
    CheckInRefused,
    ConcernClosing,
    ConcernRefused,
    close_concern,
    describe_concern,
    grievance_signs,
)
from fulcrum.core.catalogue import load_catalogue
from fulcrum.testing import NOW, BaseTestCase
from fulcrum.workspace.services import record_session, update_session

GRIEVANCE = sorted(i.id for i in load_catalogue().indicators_in("over") if i.level == "grievance")


def session(days_ago: int, *signs: str) -> CheckInData:
    return CheckInData(session_at=NOW - timedelta(days=days_ago), indicators=frozenset(signs))


class SeriousConcernTest(BaseTestCase):
    def test_the_catalogue_has_the_four_grievance_signs(self) -> None:
        assert set(GRIEVANCE) == {
            "sexualised_contact",
            "scope_creep",
            "confidentiality_breached",
            "consent_not_obtained",
        }
        assert grievance_signs(["scope_creep", "late_start", "clear_guidance"]) == {"scope_creep"}

    def test_it_opens_a_concern_for_each_grievance_sign(self) -> None:
        for n, sign in enumerate(GRIEVANCE):
            with self.subTest(sign=sign):
                SeriousConcern.objects.all().delete()
                recorded = record_session(self.alice_client, session(n + 1, sign), now=NOW)
                [concern] = recorded.concerns
                assert concern.indicator_ids == [sign]
                assert concern.checkin_ids == [recorded.checkin.pk]
                assert concern.opened_at == NOW
                assert concern.closed_at is None

    def test_it_opens_nothing_for_subtle_signs(self) -> None:
        recorded = record_session(
            self.alice_client, session(1, "careless_draping", "role_overidentification"), now=NOW
        )
        assert recorded.concerns == []
        assert not SeriousConcern.objects.exists()

    def test_editing_the_same_checkin_does_not_open_a_second(self) -> None:
        recorded = record_session(self.alice_client, session(1, "sexualised_contact"), now=NOW)
        data = dataclasses.replace(session(1, "sexualised_contact"), note="Wrote more.")
        update_session(recorded.checkin, data, now=NOW + timedelta(minutes=5))
        assert SeriousConcern.objects.count() == 1
        concern = SeriousConcern.objects.get()
        close_concern(concern, ConcernClosing("Spoke with my supervisor."), now=NOW)
        update_session(recorded.checkin, data, now=NOW + timedelta(minutes=10))
        assert SeriousConcern.objects.count() == 1
        assert SeriousConcern.objects.get().closed_at == NOW

    def test_a_new_sign_on_edit_joins_the_open_concern(self) -> None:
        recorded = record_session(self.alice_client, session(1, "scope_creep"), now=NOW)
        update_session(recorded.checkin, session(1, "scope_creep", "consent_not_obtained"), now=NOW)
        concern = SeriousConcern.objects.get()
        assert concern.indicator_ids == ["consent_not_obtained", "scope_creep"]

    def test_a_later_checkin_joins_an_open_concern(self) -> None:
        first = record_session(self.alice_client, session(3, "scope_creep"), now=NOW)
        second = record_session(self.alice_client, session(1, "scope_creep"), now=NOW)
        concern = SeriousConcern.objects.get()
        assert concern.checkin_ids == sorted([first.checkin.pk, second.checkin.pk])
        assert second.concerns == [concern]

    def test_a_new_checkin_after_closing_opens_a_new_concern(self) -> None:
        record_session(self.alice_client, session(3, "confidentiality_breached"), now=NOW)
        close_concern(
            SeriousConcern.objects.get(), ConcernClosing("Told the client.", "Supervisor"), now=NOW
        )
        later = record_session(
            self.alice_client, session(1, "confidentiality_breached"), now=NOW + timedelta(hours=1)
        )
        assert SeriousConcern.objects.count() == 2
        [opened] = later.concerns
        assert opened.checkin_ids == [later.checkin.pk]
        assert opened.opened_at == NOW + timedelta(hours=1)

    def test_concerns_are_per_client(self) -> None:
        record_session(self.alice_client, session(1, "scope_creep"), now=NOW)
        recorded = record_session(self.bob_client, session(1, "scope_creep"), now=NOW)
        assert [c.client for c in recorded.concerns] == [self.bob_client]
        assert SeriousConcern.objects.count() == 2

    def test_closing_keeps_the_note_and_stamps_the_time(self) -> None:
        record_session(self.alice_client, session(1, "scope_creep"), now=NOW)
        concern = close_concern(
            SeriousConcern.objects.get(),
            ConcernClosing("  Referred to a physiotherapist.  ", " My supervisor "),
            now=NOW + timedelta(days=1),
        )
        concern.refresh_from_db()
        assert concern.what_i_did == "Referred to a physiotherapist."
        assert concern.who_i_consulted == "My supervisor"
        assert concern.closed_at == NOW + timedelta(days=1)

    def test_closing_refuses_an_empty_note_and_a_second_close(self) -> None:
        record_session(self.alice_client, session(1, "scope_creep"), now=NOW)
        concern = SeriousConcern.objects.get()
        with pytest.raises(ConcernRefused, match=CONCERN_NEEDS_WHAT_I_DID) as refused:
            close_concern(concern, ConcernClosing("   "), now=NOW)
        assert refused.value.field == "what_i_did"
        concern.refresh_from_db()
        assert concern.closed_at is None
        close_concern(concern, ConcernClosing("Paused the work."), now=NOW)
        with pytest.raises(ConcernRefused, match="already closed"):
            close_concern(concern, ConcernClosing("Again."), now=NOW)

    def test_a_refused_checkin_opens_nothing(self) -> None:
        data = dataclasses.replace(session(1, "scope_creep"), choices_offered="no", choices_count=2)
        with pytest.raises(CheckInRefused):
            record_session(self.alice_client, data, now=NOW)
        assert not SeriousConcern.objects.exists()

    def test_it_describes_a_concern_in_the_catalogues_words(self) -> None:
        record_session(self.alice_client, session(1, "sexualised_contact"), now=NOW)
        view = describe_concern(SeriousConcern.objects.get())
        indicator = load_catalogue().indicator("sexualised_contact")
        assert view.title == f"Serious concern: {indicator.label}"
        assert view.signs[0].question == indicator.question
        assert "not a finding" in view.note

    def test_the_database_holds_one_open_concern_per_client(self) -> None:
        record_session(self.alice_client, session(1, "scope_creep"), now=NOW)
        with pytest.raises(IntegrityError), transaction.atomic():
            SeriousConcern.objects.create(client=self.alice_client, opened_at=NOW)
        close_concern(SeriousConcern.objects.get(), ConcernClosing("Referred on."), now=NOW)
        SeriousConcern.objects.create(client=self.alice_client, opened_at=NOW)
        assert SeriousConcern.objects.filter(closed_at__isnull=True).count() == 1
