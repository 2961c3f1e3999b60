"""The journal, the safe-harbour plan and client-voice links through the API: the same
services and the same access rules as the pages."""

from __future__ import annotations

from fulcrum.api.tests.helpers import ApiTestCase
from fulcrum.checkins.models import CheckIn
from fulcrum.clientvoice.models import VoiceLink
from fulcrum.clientvoice.services import create_link, submit_answers
from fulcrum.core.voice import VoiceAnswers
from fulcrum.harbour.models import PractisedAction
from fulcrum.harbour.tests.helpers import action, make_plan
from fulcrum.reflection.models import JournalEntry
from fulcrum.testing import NOW, make_checkin


class JournalApiTest(ApiTestCase):
    def test_it_writes_reads_changes_and_deletes_an_entry(self) -> None:
        checkin = make_checkin(self.alice_client)
        r = self.call(
            "POST",
            "/api/journal",
            {"body": "  Why did I agree to the later time?  ", "client_id": self.alice_client.pk,
             "checkin_id": checkin.pk, "include_in_supervision": True},
        )  # fmt: skip
        assert r.status_code == 201, r.content
        entry = r.json()
        assert entry["body"] == "Why did I agree to the later time?"
        assert entry["checkin_id"] == checkin.pk
        url = f"/api/journal/{entry['id']}"
        assert self.call("GET", url).json()["include_in_supervision"] is True
        changed = self.call("PUT", url, {"body": "Held the time."})
        assert changed.status_code == 200
        assert changed.json()["client_id"] is None
        assert self.call("DELETE", url).status_code == 204
        assert not JournalEntry.objects.filter(pk=entry["id"]).exists()

    def test_it_refuses_to_link_someone_elses_client_and_stores_nothing(self) -> None:
        r = self.call("POST", "/api/journal", {"body": "x", "client_id": self.bob_client.pk})
        assert r.status_code == 404
        assert r.json() == {"detail": "Not found."}
        assert not JournalEntry.objects.exists()

    def test_it_refuses_an_empty_entry_in_one_sentence(self) -> None:
        r = self.call("POST", "/api/journal", {"body": "   "})
        assert r.status_code == 400
        assert r.json()["detail"] == "Write something before saving."

    def test_it_lists_only_the_callers_entries(self) -> None:
        self.call("POST", "/api/journal", {"body": "Alice's"})
        self.call("POST", "/api/journal", {"body": "Bob's"}, user=self.bob)
        assert [e["body"] for e in self.call("GET", "/api/journal").json()] == ["Alice's"]


class HarbourApiTest(ApiTestCase):
    def test_it_answers_null_before_the_first_plan(self) -> None:
        r = self.call("GET", "/api/harbour/plan")
        assert r.status_code == 200
        assert r.json() is None

    def test_it_saves_a_new_version_only_when_something_changed(self) -> None:
        body = {"actions": [{"pillar": "trust", "position": 1, "text": "Say what comes next."}]}
        first = self.call("PUT", "/api/harbour/plan", body)
        assert first.status_code == 201, first.content
        again = self.call("PUT", "/api/harbour/plan", body)
        assert again.status_code == 200
        assert again.json()["version"] == first.json()["version"] == 1
        body["actions"].append({"pillar": "safety", "position": 2, "text": "Ask before touch."})
        assert self.call("PUT", "/api/harbour/plan", body).json()["version"] == 2
        assert [v["version"] for v in self.call("GET", "/api/harbour/versions").json()] == [2, 1]

    def test_it_refuses_a_slot_that_does_not_exist(self) -> None:
        body = {"actions": [{"pillar": "courage", "position": 1, "text": "x"}]}
        r = self.call("PUT", "/api/harbour/plan", body)
        assert r.status_code == 400
        assert "no safe-harbour slot" in r.json()["detail"]


class VoiceLinkApiTest(ApiTestCase):
    def test_it_opens_lists_and_withdraws_a_link(self) -> None:
        checkin = make_checkin(self.alice_client)
        url = f"/api/clients/{self.alice_client.pk}/checkins/{checkin.pk}/voice-link"
        created = self.call("POST", url)
        assert created.status_code == 201, created.content
        link = created.json()
        assert link["status"] == "open"
        assert "/voice/" in link["url"]
        listed = self.call("GET", "/api/voice/links").json()
        assert [x["id"] for x in listed] == [link["id"]]
        assert "url" not in listed[0]  # the raw token is shown once, at creation
        assert self.call("DELETE", f"/api/voice/links/{link['id']}").status_code == 204
        assert not VoiceLink.objects.exists()

    def test_it_keeps_an_answered_link_with_its_answers(self) -> None:
        checkin = make_checkin(self.alice_client)
        link, raw = create_link(checkin, now=NOW)
        submit_answers(raw, VoiceAnswers(choice=7, voice=8, safety=9, respect=9), now=NOW)
        r = self.call("DELETE", f"/api/voice/links/{link.pk}")
        assert r.status_code == 400
        assert VoiceLink.objects.filter(pk=link.pk).exists()


class CheckInEditApiTest(ApiTestCase):
    def test_it_changes_a_checkin_and_keeps_its_practice_unless_named(self) -> None:
        plan = make_plan(self.alice)
        trust = action(plan, "trust", 1)
        base = f"/api/clients/{self.alice_client.pk}/checkins"
        body = {"session_at": "2026-10-30T10:00:00+00:00", "practised_actions": [trust.pk]}
        created = self.call("POST", base, body).json()
        assert created["practised_actions"] == [trust.pk]
        r = self.call(
            "PUT",
            f"{base}/{created['id']}",
            {"session_at": "2026-10-30T10:00:00+00:00", "choices_offered": "no"},
        )
        assert r.status_code == 200, r.content
        assert r.json()["choices_offered"] == "no"
        assert r.json()["practised_actions"] == [trust.pk]
        assert CheckIn.objects.get(pk=created["id"]).choices_offered == "no"
        cleared = {"session_at": "2026-10-30T10:00:00+00:00", "practised_actions": []}
        self.call("PUT", f"{base}/{created['id']}", cleared)
        assert not PractisedAction.objects.filter(checkin_id=created["id"]).exists()

    def test_it_undoes_the_whole_session_when_practice_is_refused(self) -> None:
        other = make_plan(self.bob)
        body = {
            "session_at": "2026-10-30T10:00:00+00:00",
            "practised_actions": [action(other, "trust", 1).pk],
        }
        r = self.call("POST", f"/api/clients/{self.alice_client.pk}/checkins", body)
        assert r.status_code == 400
        assert not CheckIn.objects.filter(client=self.alice_client).exists()
