"""Dates outside the plausible window and numbers past what a database holds: a clear
4xx at every door (the form again with its sentence, or the documented JSON error),
never a 500. Run on SQLite and, with FULCRUM_DB=postgres, on PostgreSQL."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from fulcrum.api.tests.helpers import ApiTestCase
from fulcrum.checkins.models import CheckIn
from fulcrum.checkins.tests.helpers import form_data
from fulcrum.clients.models import Client
from fulcrum.core.fieldrules import EARLIEST_DATE
from fulcrum.powermaps.models import PowerMap
from fulcrum.supervision.tests.helpers import SINCE, UNTIL

HUGE = str(2**63)
HUGER = "9" * 40
FAR_OFF_TIMES = [
    "9999-12-31T23:59:59-14:00",
    "9999-12-31T23:59:59+14:00",
    "0001-01-01T00:00:00+14:00",
    "0001-01-01T00:00:00-14:00",
]
FAR_OFF_DAYS = ["9999-12-31", "0001-01-01", "1899-12-31"]
WINDOW_SENTENCE = "outside the dates Fulcrum keeps"


def _sentences(r: Any) -> str:
    detail = r.json()["detail"]
    return " ".join(item["msg"] for item in detail)


class ApiDatesTest(ApiTestCase):
    def test_a_session_time_far_off_is_a_422_naming_the_window(self) -> None:
        for at in FAR_OFF_TIMES:
            path = f"/api/clients/{self.alice_client.pk}/checkins"
            r = self.call("POST", path, {"session_at": at})
            assert r.status_code == 422, (at, r.content)
            assert WINDOW_SENTENCE in _sentences(r)
        assert not CheckIn.objects.exists()

    def test_a_power_map_assessed_far_off_is_a_422(self) -> None:
        for at in FAR_OFF_TIMES:
            path = f"/api/clients/{self.alice_client.pk}/power-maps"
            r = self.call("POST", path, {"ratings": {}, "assessed_at": at})
            assert r.status_code == 422, (at, r.content)
            assert WINDOW_SENTENCE in _sentences(r)
        assert not PowerMap.objects.exists()

    def test_a_client_started_far_off_is_a_422(self) -> None:
        for day in FAR_OFF_DAYS:
            r = self.call("POST", "/api/clients", {"code": "C-77", "started_on": day})
            assert r.status_code == 422, (day, r.content)
            assert WINDOW_SENTENCE in _sentences(r)
            r = self.call("PATCH", f"/api/clients/{self.alice_client.pk}", {"started_on": day})
            assert r.status_code == 422, (day, r.content)
        assert not Client.objects.filter(code="C-77").exists()

    def test_the_first_moment_of_the_window_is_still_accepted(self) -> None:
        at = f"{EARLIEST_DATE.isoformat()}T00:00:00+14:00"
        r = self.call("POST", f"/api/clients/{self.alice_client.pk}/checkins", {"session_at": at})
        assert r.status_code == 201, r.content


class ApiOffsetsTest(ApiTestCase):
    def test_an_offset_past_the_bound_is_a_422_on_every_paged_list(self) -> None:
        for path in (f"/api/clients/{self.alice_client.pk}/checkins", "/api/journal"):
            for offset in (HUGE, HUGER, "10000001"):
                r = self.call("GET", f"{path}?offset={offset}")
                assert r.status_code == 422, (path, offset, r.content)
                assert r.json()["detail"][0]["loc"][-1] == "offset"
            r = self.call("GET", f"{path}?offset=10000000")
            assert r.status_code == 200, (path, r.content)

    def test_a_huge_id_in_a_path_is_a_404(self) -> None:
        for id_ in (HUGE, HUGER):
            r = self.call("GET", f"/api/clients/{id_}")
            assert r.status_code == 404, (id_, r.content)


class ReportBuilderTest(ApiTestCase):
    def _get(self, **params: Any) -> Any:
        self.login(self.alice)
        query: dict[str, Any] = {
            "clients": [self.alice_client.pk],
            "since": SINCE.isoformat(),
            "until": UNTIL.isoformat(),
            **params,
        }
        return self.client.get(reverse("supervision_report"), query)

    def test_a_period_ending_far_off_is_the_form_again_with_its_sentence(self) -> None:
        for since, until in (
            ("9998-06-01", "9999-12-31"),
            ("9999-12-31", "9999-12-31"),
            ("0001-01-01", "0001-01-02"),
        ):
            r = self._get(since=since, until=until)
            assert r.status_code == 200, (since, until)
            self.assertContains(r, WINDOW_SENTENCE)
            self.assertContains(r, f'value="{until}"')
            self.assertTemplateUsed(r, "supervision/builder.html")

    def test_a_huge_id_in_the_query_is_a_404(self) -> None:
        for key in ("clients", "entries"):
            for id_ in (HUGE, HUGER):
                r = self._get(**{key: [id_]})
                assert r.status_code == 404, (key, id_)


class PageDatesTest(ApiTestCase):
    def test_the_check_in_form_keeps_a_far_off_session_time_with_its_sentence(self) -> None:
        self.login(self.alice)
        url = reverse("checkin_create", args=[self.alice_client.pk])
        for at in ("9999-12-31T23:59", "0001-01-01T00:00"):
            r = self.client.post(url, form_data(session_at=at))
            assert r.status_code == 200, (at, r.status_code)
            self.assertContains(r, WINDOW_SENTENCE)
            self.assertContains(r, f'value="{at}"')
        assert not CheckIn.objects.exists()

    def test_the_client_form_keeps_a_far_off_start_with_its_sentence(self) -> None:
        self.login(self.alice)
        data = {"code": "C-77", "alias": "", "modality": "talk", "status": "active"}
        for day in FAR_OFF_DAYS:
            r = self.client.post(reverse("client_create"), {**data, "started_on": day})
            assert r.status_code == 200, (day, r.status_code)
            self.assertContains(r, WINDOW_SENTENCE)
            self.assertContains(r, f'value="{day}"')
        assert not Client.objects.filter(code="C-77").exists()
