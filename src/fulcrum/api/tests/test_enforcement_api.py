"""Enforcement records and a session's bodywork consent through the API: the pages'
services and access rules, the same records, the same refusals."""

from __future__ import annotations

import json
from datetime import timedelta

from fulcrum.api.tests.helpers import ApiTestCase
from fulcrum.checkins.models import DriftWarning
from fulcrum.ledger.models import Entry
from fulcrum.policies import services
from fulcrum.policies.consent import record_consent
from fulcrum.policies.models import EnforcementRecord, SessionBodywork
from fulcrum.testing import NOW, make_checkin


class EnforcementApiTest(ApiTestCase):
    def setUp(self) -> None:
        draft = services.start_draft(self.alice, "cancellation", now=NOW)
        services.edit_draft(draft, title="If you need to cancel", text="A day ahead.", now=NOW)
        self.version = services.publish(
            draft, change="", summary="", effective_on=NOW.date() - timedelta(days=30), now=NOW
        )
        self.policy = self.version.policy
        self.checkin = make_checkin(self.alice_client, days_ago=1)
        self.url = f"/api/clients/{self.alice_client.pk}/enforcement"
        self.bodywork = f"/api/clients/{self.alice_client.pk}/checkins/{self.checkin.pk}/bodywork"

    def body(self, **changes: object) -> dict[str, object]:
        return {
            "policy_id": self.policy.pk,
            "occasion": "late_cancellation",
            "action": "waived",
            "occurred_on": (NOW.date() - timedelta(days=2)).isoformat(),
            "amount": "40.00",
            "note": "They had a sick child.",
            **changes,
        }

    def test_it_records_a_waiver_and_lists_it_with_the_waiver_rate(self) -> None:
        record_consent(
            self.alice_client,
            self.version,
            event="accepted",
            channel="verbal",
            checkin=self.checkin,
            now=NOW - timedelta(days=5),
        )
        r = self.call("POST", self.url, self.body(checkin_id=self.checkin.pk))
        assert r.status_code == 201, r.content
        record = EnforcementRecord.objects.get()
        made = r.json()
        assert made["id"] == record.pk
        assert (made["action"], made["amount"], made["note"]) == (
            "waived",
            "40.00",
            "They had a sick child.",
        )
        assert (made["version_id"], made["agreed_version_id"]) == (self.version.pk,) * 2
        assert made["checkin_id"] == self.checkin.pk
        assert Entry.objects.filter(kind="policy.enforcement").count() == 1
        self.call("POST", self.url, self.body(action="enforced", amount=None, note=""))
        listed = self.call("GET", self.url).json()
        assert [row["action"] for row in listed["records"]] == ["waived", "enforced"]
        (rate,) = listed["waiver_rates"]
        assert (rate["kind"], rate["records"], rate["waived"], rate["rate"]) == (
            "cancellation",
            2,
            1,
            0.5,
        )

    def test_an_enforcement_without_agreement_raises_the_over_use_warning(self) -> None:
        r = self.call("POST", self.url, self.body(action="enforced"))
        assert r.status_code == 201, r.content
        assert r.json()["agreed_version_id"] is None
        assert DriftWarning.objects.filter(client=self.alice_client, rule="policy_unagreed")

    def test_it_refuses_with_the_field_at_fault_and_records_nothing(self) -> None:
        cases = {
            "policy": self.body(policy_id=self.policy.pk + 999),
            "occurred_on": self.body(occurred_on=(NOW.date() + timedelta(days=9)).isoformat()),
            "amount": self.body(amount="-1"),
        }
        for field, body in cases.items():
            r = self.call("POST", self.url, body)
            assert r.status_code == 400, (field, r.content)
            assert r.json()["field"] == field
        assert self.call("POST", self.url, self.body(action="shrugged")).status_code == 422
        assert not EnforcementRecord.objects.exists()

    def test_another_practitioners_client_session_or_policy_is_refused(self) -> None:
        bob_url = f"/api/clients/{self.bob_client.pk}/enforcement"
        assert self.call("GET", bob_url).status_code == 404
        assert self.call("POST", bob_url, self.body()).status_code == 404
        bob_session = make_checkin(self.bob_client, days_ago=1)
        r = self.call("POST", self.url, self.body(checkin_id=bob_session.pk))
        assert r.status_code == 404
        assert self.call("POST", self.url, self.body(), user=self.bob).status_code == 404
        assert self.call("GET", self.bodywork, user=self.bob).status_code == 404
        assert self.call("PUT", self.bodywork, {}, user=self.bob).status_code == 404
        assert not EnforcementRecord.objects.exists()

    def test_an_idempotency_key_records_once(self) -> None:
        headers = {"Authorization": f"Bearer {self.tokens['alice']}", "Idempotency-Key": "e-1"}
        answers = [
            self.client.post(
                self.url, json.dumps(self.body()), content_type="application/json", headers=headers
            )
            for _ in range(2)
        ]
        assert [a.status_code for a in answers] == [201, 201]
        assert answers[0].json() == answers[1].json()
        assert EnforcementRecord.objects.count() == 1

    def test_it_reads_and_records_a_sessions_bodywork_consent(self) -> None:
        assert self.call("GET", self.bodywork).status_code == 404
        body = {
            "areas_to_work": ["upper_back", "neck"],
            "areas_to_avoid": ["abdomen"],
            "areas_worked": ["upper_back", "abdomen"],
            "pressure": "firm",
            "draping_agreed": True,
            "agreement_note": "Draping agreed before we began.",
            "withdrew": True,
            "withdrawal_note": "Asked to stop the neck; we stopped.",
        }
        r = self.call("PUT", self.bodywork, body)
        assert r.status_code == 200, r.content
        row = SessionBodywork.objects.get(checkin=self.checkin)
        assert row.areas_to_work == ["neck", "upper_back"]
        assert row.withdrawal_note == "Asked to stop the neck; we stopped."
        read = self.call("GET", self.bodywork).json()
        assert read["areas_worked"] == row.areas_worked
        assert read["agreement_note"] == "Draping agreed before we began."
        assert DriftWarning.objects.filter(client=self.alice_client, rule="bodywork_declined_area")

    def test_bodywork_refuses_an_area_both_asked_for_and_declined(self) -> None:
        r = self.call(
            "PUT",
            self.bodywork,
            {"areas_to_work": ["upper_back"], "areas_to_avoid": ["upper_back"]},
        )
        assert (r.status_code, r.json()["field"]) == (400, "areas_to_avoid")
        r = self.call("PUT", self.bodywork, {"areas_worked": ["elbowpit"]})
        assert (r.status_code, r.json()["field"]) == (400, "areas_worked")
        assert not SessionBodywork.objects.exists()
