"""Power maps through the API: a new map returns its reading; bad ratings save nothing."""

from __future__ import annotations

from typing import get_args
from unittest import mock

from fulcrum.api.schemas import ThirdPartyKindId
from fulcrum.api.tests.helpers import ApiTestCase
from fulcrum.powermaps.models import PowerMap, ThirdPartyKind
from fulcrum.testing import NOW, make_power_map

MAP = {
    "ratings": {
        "practitioner": {"legitimate": 3, "expert": 4, "reward": 2},
        "client": {"reward": 3, "coercive": 3},
    },
    "amplifiers": [],
    "counter_factors": [],
    "note": "First session: client arrived in crisis.",
}


class PowerMapApiTest(ApiTestCase):
    def url(self, *rest: object) -> str:
        return "/".join([f"/api/clients/{self.alice_client.pk}/power-maps", *map(str, rest)])

    def test_it_records_a_map_and_returns_its_reading(self) -> None:
        with mock.patch("fulcrum.api.api._now", return_value=NOW):
            r = self.call("POST", self.url(), MAP)
        assert r.status_code == 201, r.content
        body = r.json()
        for key in (
            "balances",
            "overall_differential",
            "amplification",
            "counterweight",
            "client_holds_more",
            "practitioner_exposure",
            "reading",
        ):
            assert key in body
        assert "coercive" in body["client_holds_more"]
        assert body["practitioner_exposure"]
        expert = next(b for b in body["balances"] if b["kind"] == "expert")
        assert (expert["practitioner"], expert["client"], expert["balance"]) == (4, 0, 4)
        stored = PowerMap.objects.get(pk=body["id"])
        assert (stored.client, stored.assessed_at) == (self.alice_client, NOW)

    def test_it_refuses_ratings_outside_0_to_4_and_saves_nothing(self) -> None:
        for bad in (5, -1, 2.5, "3", True, None):
            body = {"ratings": {"practitioner": {"expert": bad}}}
            r = self.call("POST", self.url(), body)
            assert r.status_code == 422, bad
        assert not PowerMap.objects.exists()

    def test_it_refuses_an_unknown_kind_with_a_sentence(self) -> None:
        r = self.call("POST", self.url(), {"ratings": {"practitioner": {"charisma": 2}}})
        assert r.status_code == 400
        assert "charisma" in r.json()["detail"]
        assert not PowerMap.objects.exists()

    def test_it_refuses_an_unknown_factor(self) -> None:
        body = {"ratings": {"client": {"expert": 1}}, "amplifiers": ["full_moon"]}
        assert self.call("POST", self.url(), body).status_code == 400
        assert not PowerMap.objects.exists()

    def test_it_lists_a_clients_maps_newest_first(self) -> None:
        older = make_power_map(self.alice_client)
        newer = self.call("POST", self.url(), MAP).json()
        r = self.call("GET", self.url())
        assert [m["id"] for m in r.json()] == [newer["id"], older.pk]

    def test_it_reads_one_map(self) -> None:
        power_map = make_power_map(self.alice_client)
        r = self.call("GET", self.url(power_map.pk))
        assert r.status_code == 200
        assert r.json()["ratings"] == power_map.ratings
        assert isinstance(r.json()["reading"], str)

    def test_it_does_not_find_a_map_under_another_of_the_users_clients(self) -> None:
        power_map = make_power_map(self.alice_client)
        other = self.call("POST", "/api/clients", {"code": "A-2", "started_on": "2026-01-01"})
        r = self.call("GET", f"/api/clients/{other.json()['id']}/power-maps/{power_map.pk}")
        assert r.status_code == 404


class PowerMapThirdPartyApiTest(ApiTestCase):
    def test_it_records_who_the_third_party_is_and_leaves_unrated_kinds_null(self) -> None:
        body = {
            **MAP,
            "ratings": {**MAP["ratings"], "third_party": {"legitimate": 4}},  # type: ignore[dict-item]
            "third_party_kind": "licensing_board",
            "third_party_label": "The state board",
        }
        r = self.call("POST", f"/api/clients/{self.alice_client.pk}/power-maps", body)
        assert r.status_code == 201, r.content
        out = r.json()
        assert (out["third_party_kind"], out["third_party_label"]) == (
            "licensing_board",
            "The state board",
        )
        by_kind = {b["kind"]: b["third_party"] for b in out["balances"]}
        assert by_kind["legitimate"] == 4
        assert by_kind["coercive"] is None

    def test_it_refuses_an_unknown_kind_of_third_party(self) -> None:
        body = {**MAP, "third_party_kind": "landlord"}
        r = self.call("POST", f"/api/clients/{self.alice_client.pk}/power-maps", body)
        assert r.status_code == 422
        assert not PowerMap.objects.exists()

    def test_it_offers_the_same_kinds_of_third_party_as_the_form(self) -> None:
        assert set(get_args(ThirdPartyKindId)) == {"", *ThirdPartyKind.values}
