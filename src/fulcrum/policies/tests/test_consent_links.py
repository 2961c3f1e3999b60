"""The client's consent link: single-use, hashed, rate-limited, each answer an event."""

from __future__ import annotations

import re
from datetime import timedelta

from django.test import override_settings
from django.urls import reverse

from fulcrum.clientvoice.services import LinkUnavailable, hash_token
from fulcrum.core.errors import InvalidInput
from fulcrum.policies import services
from fulcrum.policies.consent import record_consent
from fulcrum.policies.links import (
    Answer,
    answer_consent_link,
    create_consent_link,
    find_consent_link,
    withdraw_consent_link,
)
from fulcrum.policies.models import ConsentEvent, ConsentLink, PolicyVersion
from fulcrum.testing import NOW, BaseTestCase

TELLTALES = ("A-001", "Ash", "alice", "Caseload", "Sign out", "over-use", "check-in")


class ConsentLinkTestCase(BaseTestCase):
    def publish(self, kind: str, text: str, change: str = "") -> PolicyVersion:
        draft = services.start_draft(self.alice, kind, now=NOW)
        services.edit_draft(draft, title=kind.title(), text=text, now=NOW)
        return services.publish(
            draft,
            change=change,
            summary="A change." if change else "",
            effective_on=NOW.date(),
            now=NOW,
        )

    def setUp(self) -> None:
        self.cancel = self.publish("cancellation", "Tell me a day ahead.")
        self.fees = self.publish("payment", "Pay on the day.")
        self.link, self.token = create_consent_link(
            self.alice_client, [self.cancel, self.fees], now=NOW
        )
        self.url = reverse("consent_answer", args=[self.token])

    def good(self, **extra: str) -> dict[str, str]:
        return {
            f"answer_{self.cancel.pk}": "accepted",
            f"answer_{self.fees.pk}": "question",
            f"question_{self.fees.pk}": "Can I pay by card?",
            "typed_name": "Sam Client",
            **extra,
        }

    def test_it_stores_only_a_hash_and_finds_the_link_by_its_token(self) -> None:
        assert self.link.token_hash == hash_token(self.token)
        assert not ConsentLink.objects.filter(token_hash=self.token).exists()
        assert find_consent_link(self.token, now=NOW) == self.link
        with self.assertRaises(LinkUnavailable):
            find_consent_link(self.token, now=NOW + timedelta(days=8))

    def test_it_refuses_drafts_and_another_practitioners_policies(self) -> None:
        draft = services.start_draft(self.alice, "touch", now=NOW)
        with self.assertRaises(InvalidInput):
            create_consent_link(self.alice_client, [draft], now=NOW)
        with self.assertRaises(InvalidInput):
            create_consent_link(self.bob_client, [self.cancel], now=NOW)
        with self.assertRaises(InvalidInput):
            create_consent_link(self.alice_client, [], now=NOW)

    def test_answers_are_recorded_as_events_and_the_link_closes(self) -> None:
        events = answer_consent_link(
            self.token,
            {self.cancel.pk: Answer("accepted"), self.fees.pk: Answer("declined")},
            typed_name="Sam",
            now=NOW,
        )
        assert [e.event for e in events] == ["accepted", "declined"]
        assert all(e.channel == "link" for e in events)
        assert events[0].typed_name == "Sam"
        assert events[1].typed_name == ""
        with self.assertRaises(LinkUnavailable):
            answer_consent_link(self.token, {}, typed_name="", now=NOW)

    def test_a_refused_answer_does_not_use_the_link(self) -> None:
        with self.assertRaises(InvalidInput):
            answer_consent_link(
                self.token, {self.cancel.pk: Answer("accepted")}, typed_name="Sam", now=NOW
            )
        with self.assertRaises(InvalidInput):
            answer_consent_link(
                self.token,
                {self.cancel.pk: Answer("accepted"), self.fees.pk: Answer("accepted")},
                typed_name="",
                now=NOW,
            )
        assert not ConsentEvent.objects.exists()
        self.link.refresh_from_db()
        assert self.link.used_at is None

    def test_only_an_unused_link_is_withdrawn(self) -> None:
        other, _ = create_consent_link(self.alice_client, [self.cancel], now=NOW)
        withdraw_consent_link(other)
        assert not ConsentLink.objects.filter(pk=other.pk).exists()
        answer_consent_link(
            self.token,
            {self.cancel.pk: Answer("declined"), self.fees.pk: Answer("declined")},
            typed_name="",
            now=NOW,
        )
        self.link.refresh_from_db()
        with self.assertRaises(InvalidInput):
            withdraw_consent_link(self.link)

    # --- the page ----------------------------------------------------------------------

    def test_the_page_shows_each_version_and_the_statement_naming_it(self) -> None:
        r = self.client.get(self.url)
        assert r.status_code == 200
        body = r.content.decode()
        for word in TELLTALES:
            assert word not in body, word
        assert "Tell me a day ahead." in body
        assert "Pay on the day." in body
        assert "I have read version 1 of “Cancellation” and agree." in body
        assert body.count('type="radio"') == 6
        assert "<script" not in body
        assert r["Referrer-Policy"] == "no-referrer"
        assert "no-store" in r["Cache-Control"]

    def test_the_page_records_the_answers_once_without_a_csrf_cookie(self) -> None:
        strict = self.client_class(enforce_csrf_checks=True)
        r = strict.post(self.url, self.good(), headers={"Origin": "null"})
        self.assertContains(r, "Thank you")
        accepted = ConsentEvent.objects.get(event="accepted")
        assert accepted.version == self.cancel
        assert accepted.typed_name == "Sam Client"
        assert ConsentEvent.objects.get(event="question").question == "Can I pay by card?"
        r = self.client.get(self.url)
        assert r.status_code == 410
        self.assertContains(r, "This link is not open", status_code=410)

    def test_the_page_keeps_what_was_typed_on_error(self) -> None:
        r = self.client.post(self.url, self.good(typed_name=""))
        self.assertContains(r, "Please type your name to agree.")
        self.assertContains(r, "Can I pay by card?")
        # The answer that needs another look takes the focus, and only it.
        html = r.content.decode()
        assert html.count(" autofocus") == 1
        assert re.search(r'<input[^>]*name="typed_name"[^>]*autofocus', html)
        r = self.client.post(self.url, self.good(**{f"question_{self.fees.pk}": ""}))
        self.assertContains(r, "Please write your question.")
        assert re.search(
            rf'<textarea[^>]*name="question_{self.fees.pk}"[^>]*autofocus', r.content.decode()
        )
        assert not ConsentEvent.objects.exists()

    def test_an_unknown_or_expired_link_gets_the_same_calm_page(self) -> None:
        r = self.client.get(reverse("consent_answer", args=["x" * 32]))
        assert r.status_code == 404
        self.assertContains(r, "This link is not open", status_code=404)
        ConsentLink.objects.filter(pk=self.link.pk).update(expires_at=NOW)
        r = self.client.get(self.url)
        self.assertContains(r, "This link is not open", status_code=410)

    @override_settings(FULCRUM_VOICE_FAILURES_ALLOWED=2)
    def test_failed_lookups_are_limited(self) -> None:
        codes = [
            self.client.get(reverse("consent_answer", args=[f"g{n}"])).status_code for n in range(3)
        ]
        assert codes == [404, 404, 429]
        assert self.client.get(self.url).status_code == 429

    def test_the_page_shows_the_word_diff_from_the_version_agreed_to(self) -> None:
        earlier = record_consent(
            self.alice_client,
            self.cancel,
            event="accepted",
            channel="link",
            typed_name="Sam",
            now=NOW,
        )
        assert earlier.pk
        newer = self.publish("cancellation", "Tell me two days ahead.", change="material")
        _, token = create_consent_link(self.alice_client, [newer], now=NOW)
        r = self.client.get(reverse("consent_answer", args=[token]))
        body = r.content.decode()
        assert "You agreed to version 1 before." in body
        assert "<ins>" in body
        assert "<del>" in body

    def test_a_link_used_by_another_submission_records_nothing(self) -> None:
        # Opened while still open, then used by another submission before this one.
        find_consent_link(self.token, now=NOW)
        ConsentLink.objects.filter(pk=self.link.pk).update(used_at=NOW)
        with self.assertRaises(LinkUnavailable):
            answer_consent_link(
                self.token,
                {self.cancel.pk: Answer("declined"), self.fees.pk: Answer("declined")},
                typed_name="",
                now=NOW,
            )
        assert not ConsentEvent.objects.exists()
