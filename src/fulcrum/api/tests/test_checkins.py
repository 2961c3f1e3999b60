"""Check-ins through the API: scores and warnings come back; bad input saves nothing."""

from __future__ import annotations

from datetime import UTC, datetime

from fulcrum.api.tests.helpers import ApiTestCase, make_drifting_history
from fulcrum.checkins.models import CheckIn, DriftWarning
from fulcrum.testing import NOW, make_checkin


class CheckInApiTest(ApiTestCase):
    def url(self, *rest: object) -> str:
        return "/".join([f"/api/clients/{self.alice_client.pk}/checkins", *map(str, rest)])

    def test_it_records_a_checkin_and_returns_its_scores(self) -> None:
        body = {
            "session_at": "2026-10-30T10:00:00+00:00",
            "choices_offered": "no",
            "disclosure": True,
            "disclosure_served": "practitioner",
            "practitioner_state": ["tired"],
            "indicators": ["friendship_drift"],
            "note": "Talked about my own holiday.",
        }
        r = self.call("POST", self.url(), body)
        assert r.status_code == 201, r.content
        out = r.json()
        assert out["over_score"] > 0
        assert out["under_score"] > 0
        assert "no_choices_offered" in out["observed"]
        assert "self_disclosure_practitioner_need" in out["observed"]
        assert out["warnings"] == []
        assert CheckIn.objects.get(pk=out["id"]).client == self.alice_client

    def test_it_returns_the_warnings_a_checkin_raises(self) -> None:
        make_drifting_history(self.alice_client)
        body = {
            "session_at": NOW.isoformat(),
            "choices_offered": "no",
            "started_on_time": False,
        }
        r = self.call("POST", self.url(), body)
        assert r.status_code == 201
        warnings = r.json()["warnings"]
        assert warnings
        assert {w["client_code"] for w in warnings} == {"A-001"}
        assert "over" in {w["direction"] for w in warnings}

    def test_it_refuses_an_unknown_indicator_and_saves_nothing(self) -> None:
        body = {"session_at": "2026-10-30T10:00:00Z", "indicators": ["made_up"]}
        r = self.call("POST", self.url(), body)
        assert r.status_code == 400
        assert "made_up" in r.json()["detail"]
        assert not CheckIn.objects.exists()

    def test_it_refuses_malformed_fields_and_saves_nothing(self) -> None:
        for body in (
            {"session_at": "2026-10-30T10:00:00"},  # no time zone
            {"session_at": "2026-10-30T10:00:00Z", "choices_offered": "maybe"},
            {"session_at": "2026-10-30T10:00:00Z", "choices_count": -1},
            {"session_at": "2026-10-30T10:00:00Z", "practitioner_state": ["hungry"]},
            {"session_at": "2026-10-30T10:00:00Z", "disclosure_served": "nobody"},
            {"choices_offered": "yes"},
        ):
            assert self.call("POST", self.url(), body).status_code == 422, body
        assert not CheckIn.objects.exists()

    def test_it_lists_checkins_a_page_at_a_time_newest_first(self) -> None:
        made = [make_checkin(self.alice_client, days_ago=d) for d in range(5)]
        r = self.call("GET", self.url() + "?limit=2&offset=1")
        assert r.status_code == 200
        page = r.json()
        assert (page["count"], page["limit"], page["offset"]) == (5, 2, 1)
        assert [c["id"] for c in page["items"]] == [made[1].pk, made[2].pk]

    def test_it_refuses_an_oversized_page(self) -> None:
        assert self.call("GET", self.url() + "?limit=1000").status_code == 422

    def test_it_reads_one_checkin(self) -> None:
        checkin = make_checkin(self.alice_client, choices_offered="yes")
        r = self.call("GET", self.url(checkin.pk))
        assert r.status_code == 200
        assert r.json()["skilful_score"] == checkin.skilful_score

    def test_it_deletes_a_checkin_and_recomputes_warnings(self) -> None:
        history = make_drifting_history(self.alice_client)
        assert DriftWarning.objects.filter(client=self.alice_client).exists()
        for checkin in history[8:]:
            r = self.call("DELETE", self.url(checkin.pk))
            assert r.status_code == 204
        assert CheckIn.objects.filter(client=self.alice_client).count() == 8
        assert not DriftWarning.objects.filter(client=self.alice_client).exists()

    def test_it_accepts_session_times_in_any_zone(self) -> None:
        r = self.call("POST", self.url(), {"session_at": "2026-10-30T10:00:00+02:00"})
        stored = CheckIn.objects.get(pk=r.json()["id"])
        assert stored.session_at == datetime(2026, 10, 30, 8, 0, tzinfo=UTC)
