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


class ConcernApiTest(ApiTestCase):
    def open_one(self) -> dict[str, Any]:
        r = self.call(
            "POST", f"/api/clients/{self.alice_client.pk}/checkins", body("sexualised_contact")
        )
        concern: dict[str, Any] = r.json()["concerns"][0]
        return concern

    def close_url(self, concern_id: int, client_id: int | None = None) -> str:
        return f"/api/clients/{client_id or self.alice_client.pk}/concerns/{concern_id}/close"

    def test_it_lists_open_concerns_across_the_workspace(self) -> None:
        concern = self.open_one()
        assert [c["id"] for c in self.call("GET", "/api/concerns").json()] == [concern["id"]]
        assert self.call("GET", "/api/concerns", user=self.bob).json() == []

    def test_closing_records_what_was_done(self) -> None:
        concern = self.open_one()
        r = self.call(
            "POST",
            self.close_url(concern["id"]),
            {"what_i_did": "Stopped the session.", "who_i_consulted": "Supervisor"},
        )
        assert r.status_code == 200, r.content
        assert r.json()["what_i_did"] == "Stopped the session."
        stored = SeriousConcern.objects.get()
        assert stored.closed_at is not None
        assert stored.who_i_consulted == "Supervisor"
        assert self.call("GET", "/api/concerns").json() == []

    def test_an_empty_account_is_refused_naming_the_field(self) -> None:
        concern = self.open_one()
        r = self.call("POST", self.close_url(concern["id"]), {"what_i_did": " "})
        assert r.status_code == 400
        assert r.json()["field"] == "what_i_did"
        assert SeriousConcern.objects.get().closed_at is None

    def test_a_second_close_is_refused(self) -> None:
        concern = self.open_one()
        self.call("POST", self.close_url(concern["id"]), {"what_i_did": "Paused."})
        r = self.call("POST", self.close_url(concern["id"]), {"what_i_did": "Again."})
        assert r.status_code == 400
        assert "already closed" in r.json()["detail"]

    def test_another_users_concern_is_not_found(self) -> None:
        concern = self.open_one()
        for url in (
            self.close_url(concern["id"]),
            self.close_url(concern["id"], self.bob_client.pk),
        ):
            r = self.call("POST", url, {"what_i_did": "x"}, user=self.bob)
            assert r.status_code == 404
            assert r.json() == {"detail": "Not found."}
        assert SeriousConcern.objects.get().closed_at is None
