"""Practice policies and consent through the API: the same services and the same access
rules as the pages, and the same records for the same answers."""

from __future__ import annotations

from django.urls import reverse

from fulcrum.api.tests.helpers import ApiTestCase
from fulcrum.clientvoice.services import hash_token
from fulcrum.ledger.models import Entry
from fulcrum.policies import services
from fulcrum.policies.links import find_consent_link
from fulcrum.policies.models import ConsentEvent, ConsentLink, PolicyVersion
from fulcrum.testing import NOW, make_checkin


class PoliciesApiTest(ApiTestCase):
    def setUp(self) -> None:
        draft = services.start_draft(self.alice, "cancellation", now=NOW)
        services.edit_draft(draft, title="If you need to cancel", text="A day ahead.", now=NOW)
        self.first = services.publish(
            draft, change="", summary="", effective_on=NOW.date(), now=NOW
        )
        self.policy = self.first.policy
        self.checkin = make_checkin(self.alice_client, days_ago=1)

    def test_it_lists_policies_with_versions_and_the_draft_and_reads_the_words(self) -> None:
        services.start_draft(self.alice, "cancellation", now=NOW)
        (row,) = self.call("GET", "/api/policies").json()
        assert (row["kind"], row["label"]) == ("cancellation", self.policy.get_kind_display())
        assert [v["number"] for v in row["versions"]] == [1]
        assert row["versions"][0]["sha256"] == self.first.sha256
        assert row["draft"]["number"] is None
        r = self.call("GET", f"/api/policies/{self.policy.pk}/versions/{self.first.pk}")
        assert r.json()["text"] == "A day ahead."
        assert self.call("GET", "/api/policies", user=self.bob).json() == []

    def test_it_publishes_the_draft_and_a_material_change_asks_again(self) -> None:
        self.call(
            "POST",
            f"/api/clients/{self.alice_client.pk}/consent/verbal",
            {
                "policy_version_id": self.first.pk,
                "checkin_id": self.checkin.pk,
                "event": "accepted",
            },
        )
        url = f"/api/policies/{self.policy.pk}/publish"
        body = {"change": "material", "summary": "Two days.", "effective_on": "2026-11-02"}
        r = self.call("POST", url, body)
        assert r.status_code == 400  # no open draft yet
        draft = services.start_draft(self.alice, "cancellation", now=NOW)
        services.edit_draft(draft, title="If you need to cancel", text="Two days ahead.", now=NOW)
        assert self.call("POST", url, {**body, "summary": ""}).status_code == 400
        r = self.call("POST", url, body)
        assert r.status_code == 201, r.content
        version = PolicyVersion.objects.get(pk=r.json()["id"])
        assert (version.number, version.change, r.json()["sha256"]) == (
            2,
            "material",
            version.sha256,
        )
        (state,) = self.call("GET", f"/api/clients/{self.alice_client.pk}/consent").json()
        assert state["gap"] == "reconsent"
        assert state["newest_version_number"] == 2
        assert state["latest"]["version_number"] == 1
        assert self.call("POST", url, body, user=self.bob).status_code == 404

    def test_verbal_consent_is_the_same_record_as_on_the_page(self) -> None:
        r = self.call(
            "POST",
            f"/api/clients/{self.alice_client.pk}/consent/verbal",
            {
                "policy_version_id": self.first.pk,
                "checkin_id": self.checkin.pk,
                "event": "accepted",
            },
        )
        assert r.status_code == 201, r.content
        event = ConsentEvent.objects.get()
        assert (event.channel, event.checkin, event.version) == ("verbal", self.checkin, self.first)
        assert r.json()["statement"] == event.statement
        assert Entry.objects.filter(kind="policy.consent").count() == 1
        (state,) = self.call("GET", f"/api/clients/{self.alice_client.pk}/consent").json()
        assert (state["gap"], state["latest"]["event"]) == (None, "accepted")

    def test_verbal_consent_refuses_anothers_session_version_or_client(self) -> None:
        other = make_checkin(self.bob_client, days_ago=1)
        url = f"/api/clients/{self.alice_client.pk}/consent/verbal"
        good = {
            "policy_version_id": self.first.pk,
            "checkin_id": self.checkin.pk,
            "event": "declined",
        }
        assert self.call("POST", url, {**good, "checkin_id": other.pk}).status_code == 404
        r = self.call("POST", url, good, user=self.bob)
        assert r.status_code == 404
        bob_url = f"/api/clients/{self.bob_client.pk}/consent/verbal"
        r = self.call("POST", bob_url, {**good, "checkin_id": other.pk}, user=self.bob)
        assert r.status_code == 400
        assert "published version" in r.json()["detail"]
        assert self.call("POST", url, {**good, "event": "maybe"}).status_code == 422
        assert not ConsentEvent.objects.exists()

    def test_it_creates_a_consent_link_whose_address_is_answered_once(self) -> None:
        url = f"/api/clients/{self.alice_client.pk}/consent-links"
        r = self.call("POST", url, {"policy_version_ids": [self.first.pk]})
        assert r.status_code == 201, r.content
        body = r.json()
        token = body["url"].rstrip("/").rsplit("/", 1)[-1]
        assert body["url"].endswith(reverse("consent_answer", args=[token]))
        link = ConsentLink.objects.get()
        assert link.token_hash == hash_token(token)
        assert find_consent_link(token, now=NOW) == link
        assert body["policy_version_ids"] == [self.first.pk]
        draft = services.start_draft(self.alice, "payment", now=NOW)
        assert self.call("POST", url, {"policy_version_ids": [draft.pk]}).status_code == 400
        assert self.call("POST", url, {"policy_version_ids": []}).status_code == 422
        r = self.call(
            "POST", f"/api/clients/{self.bob_client.pk}/consent-links",
            {"policy_version_ids": [self.first.pk]}, user=self.bob,
        )  # fmt: skip
        assert r.status_code == 400
        assert ConsentLink.objects.count() == 1
