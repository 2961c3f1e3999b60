"""An edit through the API keeps its reason in the record's history, as the page's edit
form does: a check-in's answers and a journal entry's words, each with ``change_reason``;
a reason longer than the form allows is refused and nothing changes."""

from __future__ import annotations

from fulcrum.api.tests.helpers import ApiTestCase
from fulcrum.checkins.models import CheckIn
from fulcrum.history.models import Revision
from fulcrum.history.services import REASON_MAX
from fulcrum.reflection.models import JournalEntry

SESSION = {"session_at": "2026-10-30T10:00:00+00:00", "choices_offered": "yes", "note": "First."}


class EditReasonTest(ApiTestCase):
    def test_a_checkin_edit_keeps_its_reason_with_the_answers_it_replaced(self) -> None:
        url = f"/api/clients/{self.alice_client.pk}/checkins"
        created = self.call("POST", url, SESSION).json()
        edited = {**SESSION, "note": "Second.", "change_reason": "Remembered the late start."}
        r = self.call("PUT", f"{url}/{created['id']}", edited)
        assert r.status_code == 200, r.content
        (revision,) = Revision.objects.filter(subject_id=created["id"])
        assert revision.reason == "Remembered the late start."
        assert revision.before["note"] == "First."
        assert CheckIn.objects.get(pk=created["id"]).note == "Second."

    def test_a_journal_edit_keeps_its_reason_and_an_overlong_one_is_refused(self) -> None:
        entry = self.call("POST", "/api/journal", {"body": "Held the time."}).json()
        url = f"/api/journal/{entry['id']}"
        too_long = {"body": "Moved the time.", "change_reason": "x" * (REASON_MAX + 1)}
        refused = self.call("PUT", url, too_long)
        assert refused.status_code == 422
        assert JournalEntry.objects.get(pk=entry["id"]).body == "Held the time."
        assert not Revision.objects.exists()
        r = self.call("PUT", url, {"body": "Moved the time.", "change_reason": "Wrote it late."})
        assert r.status_code == 200, r.content
        (revision,) = Revision.objects.filter(subject_id=entry["id"])
        assert revision.reason == "Wrote it late."
