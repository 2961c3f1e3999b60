"""Editing a check-in keeps what it held, sealed in the ledger; deleting one leaves a
tombstone that says only that it happened."""

from __future__ import annotations

from datetime import timedelta

import pytest

from fulcrum.checkins.models import CheckIn, SeriousConcern
from fulcrum.checkins.services import (
    CheckInData,
    ConcernClosing,
    checkin_snapshot,
    close_concern,
    delete_checkin,
    update_checkin,
)
from fulcrum.clients.services import delete_client
from fulcrum.core.errors import InvalidInput
from fulcrum.core.integrity import read_body
from fulcrum.history.models import Revision
from fulcrum.history.services import CLIENT, REASON_MAX, history_of, record_deletion
from fulcrum.ledger.access import entries_for_user
from fulcrum.ledger.models import open_body
from fulcrum.ledger.services import verify_stream
from fulcrum.reflection.services import EntryData, delete_entry, update_entry, write_entry
from fulcrum.testing import NOW, BaseTestCase, make_checkin

SECRET = "threatened a complaint to the board"


def _payload(entry: object) -> dict[str, object]:
    return dict(read_body(open_body(bytes(entry.body))).payload)  # type: ignore[attr-defined]


class EditHistoryTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.checkin = make_checkin(self.alice_client, days_ago=2, note=f"They {SECRET}.")

    def _edit(self, note: str, *, reason: str = "") -> CheckIn:
        data = CheckInData(session_at=self.checkin.session_at, note=note)
        return update_checkin(self.checkin, data, now=NOW + timedelta(hours=1), reason=reason)

    def test_it_keeps_the_earlier_answers_with_who_when_and_why(self) -> None:
        self._edit("They mentioned a complaint.", reason="Worded it more carefully")
        revision = Revision.objects.get(subject="checkin", subject_id=self.checkin.pk)
        assert revision.before["note"] == f"They {SECRET}."
        assert revision.changed_by == self.alice
        assert revision.changed_at == NOW + timedelta(hours=1)
        assert revision.reason == "Worded it more carefully"
        assert revision.number == 1
        assert revision.client_ref == self.alice_client.pk

    def test_it_seals_only_a_digest_in_the_ledger(self) -> None:
        self._edit("They mentioned a complaint.")
        revision = Revision.objects.get(subject="checkin", subject_id=self.checkin.pk)
        payload = _payload(revision.entry)
        assert payload == {
            "subject": "checkin",
            "id": self.checkin.pk,
            "number": 1,
            "digest": revision.digest,
        }
        assert SECRET not in repr(payload)
        assert verify_stream(revision.entry.stream).ok

    def test_a_reason_too_long_refuses_the_whole_edit_and_loses_nothing(self) -> None:
        with pytest.raises(InvalidInput, match=f"at most {REASON_MAX} characters"):
            self._edit("They mentioned a complaint.", reason="x" * (REASON_MAX + 1))
        self.checkin.refresh_from_db()
        assert self.checkin.note == f"They {SECRET}."
        assert not Revision.objects.exists()
        self._edit("They mentioned a complaint.", reason="x" * REASON_MAX)
        assert Revision.objects.get().reason == "x" * REASON_MAX

    def test_it_keeps_nothing_for_an_edit_that_changed_nothing(self) -> None:
        self._edit(f"They {SECRET}.")
        assert not Revision.objects.exists()

    def test_it_numbers_each_edit_and_shows_what_changed_word_by_word(self) -> None:
        self._edit("They mentioned a complaint.")
        self._edit("They mentioned a complaint twice.")
        history = history_of(
            self.alice,
            subject="checkin",
            subject_id=self.checkin.pk,
            current=checkin_snapshot(self.checkin),
            labels={"note": "Note"},
            text_fields=frozenset({"note"}),
        )
        assert [e.number for e in history.edits] == [2, 1]
        assert history.intact
        newest = history.edits[0].changes
        assert [c.label for c in newest] == ["Note"]
        assert ("added", "complaint twice.") in [tuple(p) for p in newest[0].change.diff]

    def test_it_names_an_edit_whose_row_was_changed_afterwards(self) -> None:
        self._edit("They mentioned a complaint.")
        revision = Revision.objects.get()
        revision.before = {**revision.before, "note": "Nothing happened."}
        revision.save()
        history = history_of(
            self.alice,
            subject="checkin",
            subject_id=self.checkin.pk,
            current=checkin_snapshot(self.checkin),
            labels={},
        )
        assert not history.intact

    def test_it_leaves_a_tombstone_and_forgets_the_history_when_deleted(self) -> None:
        self._edit("They mentioned a complaint.")
        pk = self.checkin.pk
        delete_checkin(self.checkin, now=NOW + timedelta(hours=2))
        assert not Revision.objects.exists()
        tombstone = entries_for_user(self.alice).last()
        assert tombstone is not None
        assert tombstone.kind == "deletion"
        payload = _payload(tombstone)
        assert set(payload) == {"subject", "id", "digest"}
        assert payload["subject"] == "checkin"
        assert payload["id"] == pk
        assert SECRET not in repr(payload)
        assert tombstone.recorded_at == NOW + timedelta(hours=2)

    def test_it_forgets_a_clients_whole_history_with_the_client(self) -> None:
        self._edit("They mentioned a complaint.")
        other = make_checkin(self.bob_client, note="Bob's session.")
        update_checkin(other, CheckInData(session_at=other.session_at, note="Edited."), now=NOW)
        record_deletion(
            self.alice, subject=CLIENT, subject_id=self.alice_client.pk, held={}, now=NOW
        )
        assert list(Revision.objects.values_list("owner", flat=True)) == [self.bob.pk]


class JournalAndClientHistoryTestCase(BaseTestCase):
    def test_it_keeps_a_journal_entrys_earlier_text_and_a_tombstone_when_deleted(self) -> None:
        entry = write_entry(self.alice, EntryData(body=f"I {SECRET}."), now=NOW)
        update_entry(entry, EntryData(body="I noted a complaint."), now=NOW, reason="Shorter")
        revision = Revision.objects.get(subject="journal", subject_id=entry.pk)
        assert revision.before["body"] == f"I {SECRET}."
        assert revision.reason == "Shorter"
        pk = entry.pk
        delete_entry(entry, now=NOW)
        assert not Revision.objects.exists()
        tombstone = entries_for_user(self.alice).last()
        assert tombstone is not None
        assert _payload(tombstone)["subject"] == "journal"
        assert _payload(tombstone)["id"] == pk

    def test_it_leaves_a_tombstone_when_a_client_is_deleted(self) -> None:
        checkin = make_checkin(self.alice_client, note="Before.")
        update_checkin(checkin, CheckInData(session_at=checkin.session_at, note="After."), now=NOW)
        pk = self.alice_client.pk
        delete_client(self.alice_client, now=NOW)
        assert not Revision.objects.exists()
        tombstone = entries_for_user(self.alice).last()
        assert tombstone is not None
        payload = _payload(tombstone)
        assert payload["subject"] == "client"
        assert payload["id"] == pk
        assert "Ash" not in repr(payload)

    def test_it_records_closing_a_serious_concern_in_the_ledger(self) -> None:
        make_checkin(self.alice_client, indicators=frozenset({"scope_creep"}))
        concern = SeriousConcern.objects.get(client=self.alice_client)
        close_concern(concern, ConcernClosing(f"I {SECRET}", "my supervisor"), now=NOW)
        entry = entries_for_user(self.alice).last()
        assert entry is not None
        assert entry.kind == "concern-closed"
        payload = _payload(entry)
        assert payload["concern"] == concern.pk
        assert payload["signs"] == ["scope_creep"]
        assert SECRET not in repr(payload)
        assert verify_stream(entry.stream).ok
