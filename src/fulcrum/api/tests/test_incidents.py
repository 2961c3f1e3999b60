"""The incident log through the API: the same services and access rules as the pages,
amendments and follow-ups as new sealed versions, and the record verified as the
command line verifies it."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from fulcrum.api.tests.helpers import ApiTestCase
from fulcrum.incidents.models import Incident
from fulcrum.ledger.models import Entry, open_body, seal_body
from fulcrum.ledger.tests.tampering import triggers_off
from fulcrum.testing import NOW


def _incident(**changes: Any) -> dict[str, Any]:
    return {
        "happened_at": (NOW - timedelta(hours=2)).isoformat(),
        "direction": "client",
        "what_happened": "The client said a complaint would follow if the fee stood.",
        "conduct": ["complaint_threatened"],
        **changes,
    }


class IncidentApiTest(ApiTestCase):
    def _create(self, **changes: Any) -> dict[str, Any]:
        r = self.call("POST", "/api/incidents", _incident(**changes))
        assert r.status_code == 201, r.content
        return dict(r.json())

    def test_it_records_an_incident_and_shows_it_with_its_one_version(self) -> None:
        made = self._create(client_id=self.alice_client.pk)
        shown = self.call("GET", f"/api/incidents/{made['id']}").json()
        assert shown == made
        assert shown["client_id"] == self.alice_client.pk
        [version] = shown["versions"]
        assert version["amends"] is None
        assert version["client_code"] == self.alice_client.code
        assert version["conduct"] == ["complaint_threatened"]
        assert shown["late_label"] == ""

    def test_it_labels_an_incident_written_more_than_72_hours_later(self) -> None:
        made = self._create(happened_at=(NOW - timedelta(days=4, hours=5)).isoformat())
        assert made["late_label"] == "4 days 5 hours"
        listed = self.call("GET", "/api/incidents").json()
        assert [row["late_label"] for row in listed] == [made["late_label"]]

    def test_it_amends_without_overwriting_and_keeps_the_versions_in_order(self) -> None:
        made = self._create()
        url = f"/api/incidents/{made['id']}"
        r = self.call("POST", f"{url}/amendments", _incident(what_happened="Said it twice."))
        assert r.status_code == 201, r.content
        followed = self.call("POST", f"{url}/follow-ups", {"text": "Spoke to my supervisor."})
        assert followed.status_code == 201, followed.content
        versions = self.call("GET", url).json()["versions"]
        assert [v["what_happened"] for v in versions] == [
            made["versions"][0]["what_happened"],
            "Said it twice.",
            "Said it twice.",
        ]
        first = versions[0]["sequence"]
        assert [v["amends"] for v in versions] == [None, first, first]
        assert [v["sequence"] for v in versions] == sorted(v["sequence"] for v in versions)
        assert [v["follow_ups"] for v in versions] == ["", "", "Spoke to my supervisor."]
        again = self.call("POST", f"{url}/follow-ups", {"text": "Wrote to the insurer."})
        latest = again.json()["versions"][-1]
        assert latest["follow_ups"] == "Spoke to my supervisor.\n\nWrote to the insurer."
        # One index row for the original, one per new version; none changed in place.
        assert Incident.objects.filter(original_id=made["id"]).count() == 3
        listed = self.call("GET", "/api/incidents").json()
        assert [(row["id"], row["version_count"]) for row in listed] == [(made["id"], 4)]

    def test_it_lists_and_shows_only_the_callers_incidents(self) -> None:
        mine = self._create()
        r = self.call("POST", "/api/incidents", _incident(what_happened="Bob's."), user=self.bob)
        assert r.status_code == 201
        assert [row["id"] for row in self.call("GET", "/api/incidents").json()] == [mine["id"]]
        url = f"/api/incidents/{mine['id']}"
        for method, path, body in [
            ("GET", url, None),
            ("POST", f"{url}/amendments", _incident()),
            ("POST", f"{url}/follow-ups", {"text": "Bob's follow-up."}),
        ]:
            refused = self.call(method, path, body, user=self.bob)
            assert refused.status_code == 404, (method, path)
            assert refused.json() == {"detail": "Not found."}
        assert self.call("GET", url).json()["versions"] == mine["versions"]

    def test_it_answers_404_for_an_amendments_own_id(self) -> None:
        made = self._create()
        url = f"/api/incidents/{made['id']}/amendments"
        self.call("POST", url, _incident())
        amendment = Incident.objects.get(original_id=made["id"])
        assert self.call("GET", f"/api/incidents/{amendment.pk}").status_code == 404

    def test_it_refuses_someone_elses_client_and_records_nothing(self) -> None:
        r = self.call("POST", "/api/incidents", _incident(client_id=self.bob_client.pk))
        assert r.status_code == 404
        assert not Incident.objects.exists()
        assert not Entry.objects.exists()

    def test_it_refuses_bad_input_in_documented_json(self) -> None:
        cases = [
            (_incident(direction="nobody"), 400, "is not a direction"),
            (_incident(conduct=["shouting"]), 400, "is not a known kind of conduct"),
            (_incident(what_happened="   "), 400, "Say what happened."),
            (_incident(what_happened="x" * 8001), 422, "what_happened"),
            ({"direction": "client", "what_happened": "x"}, 422, "happened_at"),
            (_incident(happened_at="9999-12-31T23:59:59-14:00"), 422, "happened_at"),
        ]
        for body, status, words in cases:
            with self.subTest(body=body):
                r = self.call("POST", "/api/incidents", body)
                assert r.status_code == status, r.content
                assert words in r.content.decode()
                assert "detail" in r.json()
        made = self._create()
        r = self.call("POST", f"/api/incidents/{made['id']}/follow-ups", {"text": "  "})
        assert r.status_code == 400
        assert r.json()["detail"] == "Say what the follow-up is."
        assert Incident.objects.count() == 1

    def test_it_replays_a_create_sent_again_with_the_same_idempotency_key(self) -> None:
        headers = {"Authorization": f"Bearer {self.tokens['alice']}", "Idempotency-Key": "k-1"}
        body = _incident()
        first = self.client.post(
            "/api/incidents", json.dumps(body), content_type="application/json", headers=headers
        )
        again = self.client.post(
            "/api/incidents", json.dumps(body), content_type="application/json", headers=headers
        )
        assert first.status_code == again.status_code == 201
        assert again["Idempotent-Replayed"] == "true"
        assert again.json() == first.json()
        assert Incident.objects.count() == 1


class VerifyApiTest(ApiTestCase):
    def _record_three(self) -> None:
        for n in range(3):
            body = _incident(what_happened=f"entry {n}")
            assert self.call("POST", "/api/incidents", body).status_code == 201

    def test_it_says_so_when_nothing_is_recorded_yet(self) -> None:
        r = self.call("GET", "/api/incidents/verify")
        assert r.status_code == 200
        assert r.json() == {
            "verified": True,
            "entries": 0,
            "broken": None,
            "sentence": "Nothing is recorded yet.",
        }

    def test_it_verifies_an_untouched_record(self) -> None:
        self._record_three()
        answer = self.call("GET", "/api/incidents/verify").json()
        entries = Entry.objects.filter(stream__owner=self.alice).count()
        assert answer["verified"] is True
        assert answer["entries"] == entries == 3
        assert answer["sentence"] == "3 entries verified."

    def test_it_names_the_first_broken_entry_as_the_command_line_does(self) -> None:
        self._record_three()
        entry = Entry.objects.get(stream__owner=self.alice, sequence=2)
        opened = open_body(bytes(entry.body))
        body = seal_body(opened.replace(b"entry 1", b"entry X"))
        with triggers_off() as cursor:
            cursor.execute("UPDATE ledger_entry SET body = %s WHERE id = %s", [body, entry.pk])
        answer = self.call("GET", "/api/incidents/verify").json()
        assert answer["verified"] is False
        assert answer["broken"]["sequence"] == 2
        assert answer["sentence"].startswith("Entry 2 is the first broken one")
        # Bob's record is his own, and untouched.
        assert self.call("GET", "/api/incidents/verify", user=self.bob).json()["entries"] == 0
