"""Supervision through the API: the same services and access rules as the pages, a
supervisor reaching a share only while it is shared over a live link, and one JSON
sentence for every refusal."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any
from unittest import mock

from fulcrum.accounts.services import issue_api_token
from fulcrum.api.tests.helpers import ApiTestCase
from fulcrum.supervision.feedback import ITEM_IDS
from fulcrum.supervision.models import Comment, HoursDecision, Share, ShareView
from fulcrum.supervision.tests.helpers import (
    ALIAS,
    CODE,
    SINCE,
    UNTIL,
    make_supervisor,
    reportable_client,
)
from fulcrum.testing import NOW, make_user


class SupervisionApiTest(ApiTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.dana = make_supervisor()
        self.dana_token = issue_api_token(self.dana, name="tests", now=NOW).raw
        self.case, self.entry, _ = reportable_client(self.alice)

    def as_dana(self, method: str, path: str, body: Any = None) -> Any:
        return self.call(method, path, body, token=self.dana_token)

    def link(self, scope: list[str] | None = None) -> int:
        r = self.call(
            "POST",
            "/api/supervision/links",
            {
                "kind": "individual",
                "scope": scope or ["checkins", "warnings", "reflections", "concerns"],
                "started_on": "2026-09-01",
            },
        )
        assert r.status_code == 201, r.content
        invitation = r.json()
        assert invitation["role"] == "supervisee"
        assert invitation["supervisor"] is None
        accepted = self.as_dana(
            "POST",
            "/api/supervision/links/accept",
            {"code": invitation["code"].lower(), "qualification": "Clinical supervisor"},
        )
        assert accepted.status_code == 200, accepted.content
        assert accepted.json()["role"] == "supervisor"
        assert "code" not in accepted.json()
        return int(invitation["id"])

    def share(self, link_id: int, **changes: Any) -> dict[str, Any]:
        body = {
            "supervision_id": link_id,
            "client_ids": [self.case.pk],
            "since": SINCE.isoformat(),
            "until": UNTIL.isoformat(),
            "entry_ids": [self.entry.pk],
            "notes": ["checkin"],
            **changes,
        }
        r = self.call("POST", "/api/supervision/shares", body)
        assert r.status_code == 201, r.content
        return dict(r.json())

    def test_a_share_travels_from_supervisee_to_supervisor_and_back(self) -> None:
        link_id = self.link()
        made = self.share(link_id, concerns=True, days=14)
        assert made["state"] == "open"
        assert made["expires_at"].startswith((NOW + timedelta(days=14)).date().isoformat())
        read = self.as_dana("GET", f"/api/supervision/supervising/shares/{made['id']}")
        assert read.status_code == 200, read.content
        snapshot = read.json()["snapshot"]
        assert snapshot["report"]["clients"][0]["code"] == CODE
        assert ALIAS not in read.content.decode()
        # The scope left out maps and the client's voice: the snapshot holds neither.
        assert snapshot["report"]["clients"][0]["map_latest"] is None
        views = self.call("GET", f"/api/supervision/shares/{made['id']}/views").json()
        assert [v["viewer"] for v in views] == ["dana"]
        assert ShareView.objects.filter(share_id=made["id"]).count() == 1

        asked = self.as_dana(
            "POST",
            f"/api/supervision/supervising/shares/{made['id']}/comments",
            {"body": "What did you notice in yourself?", "section": CODE},
        )
        assert asked.status_code == 201, asked.content
        reply = self.call(
            "POST",
            f"/api/supervision/shares/{made['id']}/comments",
            {"body": "That I hurried.", "reply_to": asked.json()["id"]},
        )
        assert reply.status_code == 201, reply.content
        amended = self.as_dana(
            "POST",
            f"/api/supervision/comments/{asked.json()['id']}/amendments",
            {"body": "What did you notice in your body?"},
        )
        assert amended.status_code == 201, amended.content
        assert amended.json()["earlier"] == ["What did you notice in yourself?"]
        thread = self.call("GET", f"/api/supervision/shares/{made['id']}/comments").json()
        assert [(c["text"], c["by_supervisor"]) for c in thread] == [
            ("What did you notice in your body?", True),
            ("That I hurried.", False),
        ]
        assert thread[1]["reply_to"] == asked.json()["id"]

        signed = self.as_dana(
            "POST",
            f"/api/supervision/supervising/shares/{made['id']}/review",
            {"review": "discuss"},
        )
        assert signed.json()["review"] == "discuss"

        withdrawn = self.call("POST", f"/api/supervision/shares/{made['id']}/revoke")
        assert withdrawn.json()["state"] == "revoked"
        for method, path, body in (
            ("GET", f"/api/supervision/supervising/shares/{made['id']}", None),
            ("GET", f"/api/supervision/supervising/shares/{made['id']}/comments", None),
            (
                "POST",
                f"/api/supervision/supervising/shares/{made['id']}/review",
                {"review": "reviewed"},
            ),
            ("POST", f"/api/supervision/comments/{asked.json()['id']}/amendments", {"body": "x"}),
        ):
            r = self.as_dana(method, path, body)
            assert r.status_code == 410, (path, r.status_code)
            assert r.json() == {"detail": "This share is no longer shared with you."}
        assert self.as_dana("GET", "/api/supervision/supervising/shares").json() == []

    def test_a_share_closes_when_it_expires_and_when_the_link_ends(self) -> None:
        link_id = self.link()
        made = self.share(link_id, days=1)
        with mock.patch("fulcrum.api.supervision._now", return_value=NOW + timedelta(days=2)):
            r = self.as_dana("GET", f"/api/supervision/supervising/shares/{made['id']}")
            assert r.status_code == 410
        other = self.share(link_id)
        ended = self.as_dana("POST", f"/api/supervision/links/{link_id}/end")
        assert ended.status_code == 200, ended.content
        assert ended.json()["closed_shares"] == 2
        assert (
            self.as_dana("GET", f"/api/supervision/supervising/shares/{other['id']}").status_code
            == 410
        )
        again = self.call("POST", f"/api/supervision/links/{link_id}/end")
        assert again.status_code == 400
        assert again.json()["detail"] == "This supervision link has already ended."

    def test_only_a_supervisor_with_a_second_factor_opens_the_supervisors_side(self) -> None:
        link_id = self.link()
        made = self.share(link_id)
        for path in (
            "/api/supervision/supervising/shares",
            f"/api/supervision/supervising/shares/{made['id']}",
        ):
            assert self.call("GET", path, user=self.bob).status_code == 404
            assert self.call("GET", path).status_code == 404  # alice holds no supervisor role
        with mock.patch("fulcrum.api.supervision.needs_second_factor", return_value=True):
            r = self.as_dana("GET", f"/api/supervision/supervising/shares/{made['id']}")
        assert r.status_code == 400
        assert "second factor" in r.json()["detail"]
        # Another supervisor, never linked, finds nothing.
        erin = make_supervisor("erin")
        token = issue_api_token(erin, name="t", now=NOW).raw
        for path in (
            f"/api/supervision/supervising/shares/{made['id']}",
            f"/api/supervision/links/{link_id}",
            f"/api/supervision/links/{link_id}/hours",
        ):
            assert self.call("GET", path, token=token).status_code == 404, path

    def test_it_refuses_codes_that_do_not_work_in_one_sentence(self) -> None:
        r = self.as_dana(
            "POST",
            "/api/supervision/links/accept",
            {"code": "AAAA-BBBB-CCCC", "qualification": "Clinical supervisor"},
        )
        assert r.status_code == 400
        assert r.json()["detail"].startswith("That code does not open an invitation")
        with mock.patch("fulcrum.supervision.services.is_limited", return_value=True):
            r = self.as_dana(
                "POST",
                "/api/supervision/links/accept",
                {"code": "AAAA-BBBB-CCCC", "qualification": "Clinical supervisor"},
            )
        assert r.status_code == 429
        assert r.json()["detail"].startswith("Too many codes were tried from here")
        plain = make_user("pat")
        token = issue_api_token(plain, name="t", now=NOW).raw
        r = self.call(
            "POST",
            "/api/supervision/links/accept",
            {"code": "AAAA-BBBB-CCCC", "qualification": "x"},
            token=token,
        )
        assert r.status_code == 404

    def test_it_shares_only_what_is_the_supervisees_and_within_scope(self) -> None:
        link_id = self.link(scope=["checkins"])
        base = {
            "supervision_id": link_id,
            "client_ids": [self.case.pk],
            "since": SINCE.isoformat(),
            "until": UNTIL.isoformat(),
        }
        r = self.call(
            "POST", "/api/supervision/shares", {**base, "client_ids": [self.bob_client.pk]}
        )
        assert r.status_code == 404
        r = self.call("POST", "/api/supervision/shares", {**base, "concerns": True})
        assert r.status_code == 400
        assert r.json()["detail"] == "This link's scope leaves out serious concerns."
        r = self.call("POST", "/api/supervision/shares", {**base, "until": "2026-07-01"})
        assert r.status_code == 400
        r = self.call("POST", "/api/supervision/shares", base, user=self.bob)
        assert r.status_code == 404  # not bob's link
        assert not Share.objects.exists()
        made = self.share(link_id, entry_ids=[], notes=[])
        assert (
            self.call("GET", f"/api/supervision/shares/{made['id']}", user=self.bob).status_code
            == 404
        )
        listed = self.call("GET", "/api/supervision/shares").json()
        assert [s["id"] for s in listed] == [made["id"]]

    def test_only_the_supervisor_comments_first_and_the_supervisee_replies(self) -> None:
        made = self.share(self.link())
        r = self.call(
            "POST", f"/api/supervision/shares/{made['id']}/comments", {"body": "Unasked."}
        )
        assert r.status_code == 400
        assert r.json()["detail"] == "Reply to one of your supervisor's comments."
        r = self.call(
            "POST",
            f"/api/supervision/shares/{made['id']}/comments",
            {"body": "x", "reply_to": 999_999},
        )
        assert r.status_code == 404
        assert not Comment.objects.exists()

    def test_hours_are_logged_decided_and_answered_for(self) -> None:
        link_id = self.link()
        logged = self.call(
            "POST",
            f"/api/supervision/links/{link_id}/hours",
            {"held_on": NOW.date().isoformat(), "minutes": 50, "kind": "individual"},
        )
        assert logged.status_code == 201, logged.content
        hours_id = logged.json()["id"]
        assert logged.json()["status"] == ""
        refused = self.as_dana(
            "POST",
            f"/api/supervision/links/{link_id}/hours",
            {"held_on": NOW.date().isoformat(), "minutes": 50, "kind": "individual"},
        )
        assert refused.status_code == 404
        r = self.as_dana(
            "POST", f"/api/supervision/hours/{hours_id}/decisions", {"decision": "returned"}
        )
        assert r.status_code == 400
        assert r.json()["detail"] == "Say why, so your supervisee knows what to change."
        r = self.as_dana(
            "POST", f"/api/supervision/hours/{hours_id}/decisions", {"decision": "approved"}
        )
        assert r.status_code == 201, r.content
        assert (
            self.call(
                "POST", f"/api/supervision/hours/{hours_id}/decisions", {"decision": "approved"}
            ).status_code
            == 404
        )
        assert HoursDecision.objects.filter(entry_id=hours_id).count() == 1
        listed = self.as_dana("GET", f"/api/supervision/links/{link_id}/hours").json()
        assert [(h["id"], h["status"], h["answered"]) for h in listed] == [
            (hours_id, "approved", False)
        ]
        answers = dict.fromkeys(ITEM_IDS, 3)
        r = self.as_dana(
            "POST", f"/api/supervision/hours/{hours_id}/feedback", {"answers": answers}
        )
        assert r.status_code == 404  # only the supervisee answers
        r = self.call(
            "POST",
            f"/api/supervision/hours/{hours_id}/feedback",
            {"answers": answers, "note": "Felt heard."},
        )
        assert r.status_code == 201, r.content
        again = self.call(
            "POST", f"/api/supervision/hours/{hours_id}/feedback", {"answers": answers}
        )
        assert again.status_code == 400
        assert again.json()["detail"] == "You have already answered for this session."
        assert self.call("GET", f"/api/supervision/links/{link_id}/hours").json()[0]["answered"]

    def test_a_share_sent_again_with_its_idempotency_key_is_made_once(self) -> None:
        link_id = self.link()
        body = {
            "supervision_id": link_id,
            "client_ids": [self.case.pk],
            "since": SINCE.isoformat(),
            "until": UNTIL.isoformat(),
        }
        headers = {"Authorization": f"Bearer {self.tokens['alice']}", "Idempotency-Key": "s-1"}
        answers = [
            self.client.post(
                "/api/supervision/shares",
                json.dumps(body),
                content_type="application/json",
                headers=headers,
            )
            for _ in range(2)
        ]
        assert [r.status_code for r in answers] == [201, 201]
        assert answers[1]["Idempotent-Replayed"] == "true"
        assert answers[0].json() == answers[1].json()
        assert Share.objects.count() == 1

    def test_the_links_list_shows_each_side_its_own(self) -> None:
        link_id = self.link()
        mine = self.call("GET", "/api/supervision/links").json()
        assert [(link["id"], link["role"]) for link in mine] == [(link_id, "supervisee")]
        theirs = self.as_dana("GET", "/api/supervision/links").json()
        assert [(link["id"], link["role"]) for link in theirs] == [(link_id, "supervisor")]
        assert self.call("GET", "/api/supervision/links", user=self.bob).json() == []
