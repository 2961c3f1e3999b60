"""Any session without an answer can be given a link, newest first, not only the last six."""

from __future__ import annotations

from django.urls import reverse

from fulcrum.clientvoice.tests.helpers import answer
from fulcrum.testing import BaseTestCase, make_checkin


class AnySessionTestCase(BaseTestCase):
    def setUp(self) -> None:
        # Ten sessions, one a day; the third newest has been answered.
        self.checkins = [make_checkin(self.alice_client, days_ago=d) for d in range(10)]
        answer(self.checkins[2], choice=5)
        self.url = reverse("voice_client", args=[self.alice_client.pk])
        self.login(self.alice)

    def create_urls(self) -> list[str]:
        return [
            reverse("voice_link_create", args=[self.alice_client.pk, c.pk]) for c in self.checkins
        ]

    def test_it_offers_every_unanswered_session_newest_first(self) -> None:
        body = self.client.get(self.url).content.decode()
        urls = self.create_urls()
        positions = [body.find(f'action="{u}"') for u in urls]
        assert positions[2] == -1, "an answered session was offered a link"
        offered = [p for i, p in enumerate(positions) if i != 2]
        assert all(p > 0 for p in offered), "an unanswered session had no link"
        assert offered == sorted(offered), "sessions are not newest first"

    def test_it_folds_the_older_sessions(self) -> None:
        body = self.client.get(self.url).content.decode()
        folded = body[body.index('<details class="older-sessions">') :]
        self.assertIn("Older sessions without an answer (3)", folded)
        for checkin in self.checkins[7:]:
            url = reverse("voice_link_create", args=[self.alice_client.pk, checkin.pk])
            self.assertIn(f'action="{url}"', folded)

    def test_it_creates_a_link_for_an_old_session(self) -> None:
        oldest = self.checkins[-1]
        r = self.client.post(reverse("voice_link_create", args=[self.alice_client.pk, oldest.pk]))
        self.assertEqual(r.status_code, 302)
        self.assertEqual(oldest.voice_links.count(), 1)
