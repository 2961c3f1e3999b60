"""Drift through the API: a client's warnings and charts, and the caseload's open warnings."""

from __future__ import annotations

from unittest import mock

from fulcrum.api.tests.helpers import ApiTestCase, make_drifting_history
from fulcrum.checkins.models import DriftWarning
from fulcrum.clients.services import archive_client
from fulcrum.testing import NOW, make_client


class DriftApiTest(ApiTestCase):
    def test_it_shows_a_clients_warnings_and_charts(self) -> None:
        history = make_drifting_history(self.alice_client)
        with mock.patch("fulcrum.api.api._now", return_value=NOW):
            r = self.call("GET", f"/api/clients/{self.alice_client.pk}/drift")
        assert r.status_code == 200
        drift = r.json()
        assert drift["warnings"]
        assert len(drift["over_chart"]) == len(history)
        assert drift["over_chart"][0]["checkin_id"] == history[0].pk
        assert any(p["signal"] for p in drift["over_chart"])

    def test_it_shows_an_empty_report_for_a_client_without_checkins(self) -> None:
        r = self.call("GET", f"/api/clients/{self.alice_client.pk}/drift")
        assert r.json()["warnings"] == []

    def test_it_lists_open_warnings_across_the_active_caseload(self) -> None:
        make_drifting_history(self.alice_client)
        archived = make_client(self.alice, "A-OLD")
        make_drifting_history(archived)
        archive_client(archived, now=NOW)
        make_drifting_history(self.bob_client)
        r = self.call("GET", "/api/warnings")
        assert r.status_code == 200
        assert r.json()
        assert {w["client_code"] for w in r.json()} == {"A-001"}

    def test_it_acknowledges_a_warning_and_then_leaves_it_out(self) -> None:
        make_drifting_history(self.alice_client)
        warning = DriftWarning.objects.filter(client=self.alice_client).first()
        assert warning is not None
        r = self.call("POST", f"/api/warnings/{warning.pk}/acknowledge")
        assert r.status_code == 200
        assert r.json()["acknowledged_at"] is not None
        open_ids = {w["id"] for w in self.call("GET", "/api/warnings").json()}
        assert warning.pk not in open_ids
        every = self.call("GET", "/api/warnings?include_acknowledged=true").json()
        assert warning.pk in {w["id"] for w in every}
