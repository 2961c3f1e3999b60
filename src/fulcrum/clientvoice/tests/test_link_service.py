from __future__ import annotations

from datetime import timedelta
from unittest import mock

from django.test import override_settings

from fulcrum.clientvoice import services
from fulcrum.clientvoice.models import VoiceAnswer, VoiceLink
from fulcrum.clientvoice.services import LinkUnavailable, create_link, find_link, submit_answers
from fulcrum.core.errors import InvalidInput
from fulcrum.core.voice import VoiceAnswers
from fulcrum.testing import NOW, BaseTestCase, make_checkin

ANSWERS = VoiceAnswers(choice=5, voice=6, safety=7, respect=8)


class LinkServiceTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.checkin = make_checkin(self.alice_client, days_ago=1)

    def test_it_stores_only_a_hash_of_an_unguessable_token(self) -> None:
        link, raw = create_link(self.checkin, now=NOW)
        self.assertGreaterEqual(len(raw), 32)
        self.assertNotIn(raw, link.token_hash)
        self.assertEqual(link.token_hash, services.hash_token(raw))
        _, other = create_link(self.checkin, now=NOW)
        self.assertNotEqual(raw, other)

    def test_it_expires_after_the_configured_days(self) -> None:
        link, raw = create_link(self.checkin, now=NOW)
        self.assertEqual(link.expires_at, NOW + timedelta(days=7))
        self.assertEqual(find_link(raw, now=NOW + timedelta(days=7, seconds=-1)), link)
        with self.assertRaises(LinkUnavailable) as caught:
            find_link(raw, now=NOW + timedelta(days=7))
        self.assertEqual(caught.exception.reason, "expired")
        with override_settings(FULCRUM_VOICE_LINK_DAYS=2):
            short, _ = create_link(self.checkin, now=NOW)
        self.assertEqual(short.expires_at, NOW + timedelta(days=2))

    def test_it_works_once(self) -> None:
        _, raw = create_link(self.checkin, now=NOW)
        submit_answers(raw, ANSWERS, now=NOW + timedelta(hours=1))
        with self.assertRaises(LinkUnavailable) as caught:
            submit_answers(raw, ANSWERS, now=NOW + timedelta(hours=2))
        self.assertEqual(caught.exception.reason, "used")
        self.assertEqual(VoiceAnswer.objects.count(), 1)

    def test_it_lets_only_one_of_two_racing_submissions_through(self) -> None:
        link, raw = create_link(self.checkin, now=NOW)
        stale = VoiceLink.objects.get(
            pk=link.pk
        )  # read by the second request before the first wrote
        submit_answers(raw, ANSWERS, now=NOW + timedelta(minutes=1))
        with (
            mock.patch.object(services, "find_link", return_value=stale),
            self.assertRaises(LinkUnavailable),
        ):
            submit_answers(raw, ANSWERS, now=NOW + timedelta(minutes=1))
        self.assertEqual(VoiceAnswer.objects.count(), 1)

    def test_it_does_not_claim_a_link_for_a_refused_comment(self) -> None:
        _, raw = create_link(self.checkin, now=NOW)
        with self.assertRaises(InvalidInput):
            submit_answers(raw, ANSWERS, comment="x" * 1001, now=NOW)
        self.assertIsNone(VoiceLink.objects.get().used_at)

    def test_it_withdraws_only_unanswered_links(self) -> None:
        link, raw = create_link(self.checkin, now=NOW)
        services.withdraw_link(link)
        self.assertFalse(VoiceLink.objects.exists())
        link, raw = create_link(self.checkin, now=NOW)
        submit_answers(raw, ANSWERS, now=NOW)
        link.refresh_from_db()
        with self.assertRaises(InvalidInput):
            services.withdraw_link(link)
        self.assertTrue(VoiceAnswer.objects.exists())
