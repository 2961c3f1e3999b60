"""Nobody reaches another workspace: every endpoint answers 404 for bob on alice's records.

The 404 body is the same as for a record that does not exist at all, so bob cannot
even confirm that alice's records are there.
"""

from __future__ import annotations

from fulcrum.api.tests.helpers import ApiTestCase, make_drifting_history
from fulcrum.checkins.models import CheckIn, DriftWarning
from fulcrum.clients.models import Client
from fulcrum.powermaps.models import PowerMap
from fulcrum.testing import make_power_map

MISSING = 999_999


class IsolationTest(ApiTestCase):
    def setUp(self) -> None:
        self.power_map = make_power_map(self.alice_client)
        self.checkins = make_drifting_history(self.alice_client)
        warning = DriftWarning.objects.filter(client=self.alice_client).first()
        assert warning is not None
        self.warning = warning

    def alice_endpoints(self, c: int, m: int, k: int, w: int) -> list[tuple[str, str, object]]:
        checkin = {"session_at": "2026-10-30T10:00:00Z"}
        ratings = {"ratings": {"practitioner": {"expert": 2}}}
        return [
            ("GET", f"/api/clients/{c}", None),
            ("PUT", f"/api/clients/{c}", {"code": "STOLEN", "started_on": "2026-01-01"}),
            ("PATCH", f"/api/clients/{c}", {"code": "STOLEN"}),
            ("POST", f"/api/clients/{c}/archive", None),
            ("POST", f"/api/clients/{c}/restore", None),
            ("DELETE", f"/api/clients/{c}", None),
            ("GET", f"/api/clients/{c}/power-maps", None),
            ("POST", f"/api/clients/{c}/power-maps", ratings),
            ("GET", f"/api/clients/{c}/power-maps/{m}", None),
            ("GET", f"/api/clients/{c}/checkins", None),
            ("POST", f"/api/clients/{c}/checkins", checkin),
            ("GET", f"/api/clients/{c}/checkins/{k}", None),
            ("DELETE", f"/api/clients/{c}/checkins/{k}", None),
            ("GET", f"/api/clients/{c}/drift", None),
            ("POST", f"/api/warnings/{w}/acknowledge", None),
        ]

    def test_it_answers_404_to_bob_on_every_endpoint_and_changes_nothing(self) -> None:
        ids = (self.alice_client.pk, self.power_map.pk, self.checkins[-1].pk, self.warning.pk)
        for method, path, body in self.alice_endpoints(*ids):
            with self.subTest(method=method, path=path):
                r = self.call(method, path, body, user=self.bob)
                assert r.status_code == 404
                assert r.json() == {"detail": "Not found."}

        client = Client.objects.get(pk=self.alice_client.pk)
        assert (client.code, client.archived_at) == ("A-001", None)
        assert PowerMap.objects.filter(client=client).count() == 1
        assert CheckIn.objects.filter(client=client).count() == len(self.checkins)
        self.warning.refresh_from_db()
        assert self.warning.acknowledged_at is None

    def test_it_answers_the_same_404_for_records_that_do_not_exist(self) -> None:
        ids = (MISSING, MISSING, MISSING, MISSING)
        for method, path, body in self.alice_endpoints(*ids):
            with self.subTest(method=method, path=path):
                r = self.call(method, path, body, user=self.bob)
                assert r.status_code == 404
                assert r.json() == {"detail": "Not found."}

    def test_it_does_not_reach_alices_map_or_checkin_through_bobs_own_client(self) -> None:
        b = self.bob_client.pk
        for path in (
            f"/api/clients/{b}/power-maps/{self.power_map.pk}",
            f"/api/clients/{b}/checkins/{self.checkins[0].pk}",
        ):
            assert self.call("GET", path, user=self.bob).status_code == 404
        r = self.call("DELETE", f"/api/clients/{b}/checkins/{self.checkins[0].pk}", user=self.bob)
        assert r.status_code == 404
        assert CheckIn.objects.filter(pk=self.checkins[0].pk).exists()

    def test_it_keeps_alices_records_out_of_bobs_lists(self) -> None:
        r = self.call("GET", "/api/clients?include_archived=true", user=self.bob)
        assert [c["code"] for c in r.json()] == ["B-001"]
        assert self.call("GET", "/api/warnings", user=self.bob).json() == []
        r = self.call("GET", f"/api/clients/{self.bob_client.pk}/checkins", user=self.bob)
        assert r.json()["count"] == 0

    def test_it_gives_charlie_an_empty_workspace(self) -> None:
        assert self.call("GET", "/api/clients", user=self.charlie).json() == []
        assert self.call("GET", "/api/warnings", user=self.charlie).json() == []

    def test_it_hides_alices_records_even_in_debug_mode(self) -> None:
        with self.settings(DEBUG=True):
            r = self.call("GET", f"/api/clients/{self.alice_client.pk}", user=self.bob)
        assert r.json() == {"detail": "Not found."}
        assert b"client" not in r.content.lower()
