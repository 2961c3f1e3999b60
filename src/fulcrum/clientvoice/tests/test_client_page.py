from __future__ import annotations

from datetime import timedelta

from django.urls import reverse

from fulcrum.clientvoice.models import VoiceAnswer, VoiceLink
from fulcrum.clientvoice.tests.helpers import GOOD, open_link
from fulcrum.testing import NOW, BaseTestCase, make_checkin

# Anything that would tell a visitor whose link it is, or what is recorded about them.
TELLTALES = ("A-001", "Ash", "alice", "Caseload", "Sign out", "Fulcrum", "over-use", "check-in")


class ClientPageTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.checkin = make_checkin(self.alice_client, days_ago=0, note="Private session note.")
        self.token = open_link(self.checkin)
        self.url = reverse("voice_answer", args=[self.token])

    def assert_reveals_nothing(self, body: str) -> None:
        for word in TELLTALES:
            self.assertNotIn(word, body)
        self.assertNotIn("Private session note.", body)

    def test_it_opens_without_an_account_and_shows_four_items_only(self) -> None:
        r = self.client.get(self.url)
        self.assertEqual(r.status_code, 200)
        body = r.content.decode()
        self.assert_reveals_nothing(body)
        self.assertEqual(body.count('type="radio"'), 44)
        self.assertIn("Today I had a say in what we did", body)
        self.assertIn('name="comment"', body)
        self.assertNotIn("<nav", body)

    def test_it_sends_privacy_headers(self) -> None:
        r = self.client.get(self.url)
        self.assertEqual(r["Referrer-Policy"], "no-referrer")
        self.assertIn("no-store", r["Cache-Control"])
        self.assertEqual(r["X-Robots-Tag"], "noindex, nofollow")
        self.assertContains(r, '<meta name="referrer" content="no-referrer">')

    def test_it_saves_the_answers_and_closes_the_link(self) -> None:
        r = self.client.post(self.url, {**GOOD, "comment": "  It felt slower today.  "})
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "Thank you")
        answer = VoiceAnswer.objects.get()
        self.assertEqual(
            (answer.choice, answer.voice, answer.safety, answer.respect, answer.comment),
            (8, 7, 9, 9, "It felt slower today."),
        )
        self.assertEqual(answer.checkin, self.checkin)
        self.assertIsNotNone(VoiceLink.objects.get().used_at)

    def test_it_refuses_a_second_use_with_the_calm_page(self) -> None:
        self.client.post(self.url, GOOD)
        for response in (self.client.get(self.url), self.client.post(self.url, GOOD)):
            self.assertEqual(response.status_code, 410)
            self.assertContains(response, "This link is not open", status_code=410)
            self.assert_reveals_nothing(response.content.decode())
        self.assertEqual(VoiceAnswer.objects.count(), 1)

    def test_it_refuses_an_expired_link_the_same_way(self) -> None:
        old = open_link(self.checkin, at=NOW - timedelta(days=7, minutes=1))
        r = self.client.get(reverse("voice_answer", args=[old]))
        self.assertEqual(r.status_code, 410)
        self.assertContains(r, "This link is not open", status_code=410)
        self.assertEqual(
            self.client.post(reverse("voice_answer", args=[old]), GOOD).status_code, 410
        )
        self.assertFalse(VoiceAnswer.objects.exists())

    def test_it_answers_an_unknown_link_with_the_same_page(self) -> None:
        used = self.client.get(self.url).content  # a working page, for contrast
        for token in ("x" * 32, "short", "y" * 500):
            r = self.client.get(reverse("voice_answer", args=[token]))
            self.assertEqual(r.status_code, 404)
            self.assertContains(r, "This link is not open", status_code=404)
            self.assert_reveals_nothing(r.content.decode())
            self.assertNotEqual(r.content, used)
        self.client.post(self.url, GOOD)
        gone = self.client.get(self.url).content
        unknown = self.client.get(reverse("voice_answer", args=["z" * 32])).content
        self.assertEqual(gone, unknown, "used and unknown links must look the same")

    def test_it_keeps_the_answers_given_when_one_is_missing(self) -> None:
        r = self.client.post(self.url, {"choice": "3", "voice": "6", "comment": "Half done"})
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "Please choose a number from 0 to 10.", count=2)
        self.assertContains(r, 'value="3" id="id_choice_3" required checked', html=False)
        self.assertContains(r, "Half done")
        self.assertFalse(VoiceAnswer.objects.exists())
        self.assertIsNone(VoiceLink.objects.get().used_at)

    def test_it_refuses_out_of_range_answers_and_long_comments(self) -> None:
        r = self.client.post(self.url, {**GOOD, "choice": "11"})
        self.assertContains(r, "Select a valid choice")
        r = self.client.post(self.url, {**GOOD, "comment": "x" * 1001})
        self.assertContains(r, "Please keep it under 1000 characters.")
        self.assertFalse(VoiceAnswer.objects.exists())

    def test_it_needs_no_csrf_cookie_from_the_client(self) -> None:
        strict = self.client_class(enforce_csrf_checks=True)
        r = strict.post(self.url, GOOD, headers={"Origin": "null"})
        self.assertContains(r, "Thank you")
