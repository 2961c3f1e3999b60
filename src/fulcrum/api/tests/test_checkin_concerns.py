"""The API's answer to a check-in lists the client's open serious concerns."""

from __future__ import annotations

from typing import Any

from fulcrum.api.tests.helpers import ApiTestCase
from fulcrum.checkins.models import SeriousConcern
from fulcrum.checkins.services import CONCERN_QUESTION, ConcernClosing, close_concern
from fulcrum.core.catalogue import load_catalogue
from fulcrum.testing import NOW


def body(*signs: str, note: str = "") -> dict[str, Any]:
    return {"session_at": "2026-10-30T10:00:00+00:00", "indicators": list(signs), "note": note}


class CheckInConcernsApiTest(ApiTestCase):
    def url(self, *rest: object) -> str:
        return "/".join([f"/api/clients/{self.alice_client.pk}/checkins", *map(str, rest)])

    def test_a_grievance_sign_comes_back_as_an_open_concern(self) -> None:
        r = self.call("POST", self.url(), body("confidentiality_breached"))
        assert r.status_code == 201, r.content
        [concern] = r.json()["concerns"]
        stored = SeriousConcern.objects.get()
        indicator = load_catalogue().indicator("confidentiality_breached")
        assert concern["id"] == stored.pk
        assert concern["client_code"] == self.alice_client.code
        assert concern["title"] == f"Serious concern: {indicator.label}"
        assert concern["signs"] == [
            {
                "indicator_id": "confidentiality_breached",
                "label": indicator.label,
                "question": indicator.question,
            }
        ]
        assert concern["question"] == CONCERN_QUESTION
        assert concern["checkin_ids"] == [r.json()["id"]]

    def test_a_steady_checkin_lists_no_concern(self) -> None:
        r = self.call("POST", self.url(), body("clear_guidance"))
        assert r.status_code == 201, r.content
        assert r.json()["concerns"] == []

    def test_editing_lists_the_same_concern_not_a_second(self) -> None:
        created = self.call("POST", self.url(), body("scope_creep")).json()
        r = self.call("PUT", self.url(created["id"]), body("scope_creep", note="More detail."))
        assert r.status_code == 200, r.content
        assert [c["id"] for c in r.json()["concerns"]] == [created["concerns"][0]["id"]]
        assert SeriousConcern.objects.count() == 1

    def test_an_edit_that_adds_a_grievance_sign_lists_a_concern(self) -> None:
        created = self.call("POST", self.url(), body()).json()
        assert created["concerns"] == []
        r = self.call("PUT", self.url(created["id"]), body("consent_not_obtained"))
        assert [c["signs"][0]["indicator_id"] for c in r.json()["concerns"]] == [
            "consent_not_obtained"
        ]

    def test_a_closed_concern_is_no_longer_listed(self) -> None:
        self.call("POST", self.url(), body("scope_creep"))
        close_concern(SeriousConcern.objects.get(), ConcernClosing("Referred on."), now=NOW)
        r = self.call("POST", self.url(), body("clear_guidance"))
        assert r.json()["concerns"] == []

    def test_the_schema_documents_concerns(self) -> None:
        schema = self.call("GET", "/api/openapi.json").json()
        components = schema["components"]["schemas"]
        assert "concerns" in components["CheckInCreatedOut"]["properties"]
        assert "concerns" in components["CheckInUpdatedOut"]["properties"]
        assert "ConcernOut" in components
