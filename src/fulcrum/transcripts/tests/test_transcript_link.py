from __future__ import annotations

from django.urls import reverse

from fulcrum.testing import BaseTestCase, make_checkin
from fulcrum.transcripts.tests.helpers import make_transcript


class LinkCheckinTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.transcript = make_transcript(self.alice_client, session_at=None)
        self.checkin = make_checkin(self.alice_client, days_ago=3)
        self.url = reverse("transcript_link", args=[self.alice_client.pk, self.transcript.pk])

    def test_it_requires_login(self) -> None:
        r = self.client.post(self.url, {"checkin": self.checkin.pk})
        self.assertRedirects(
            r, f"{reverse('login')}?next={self.url}", fetch_redirect_response=False
        )

    def test_it_404s_for_someone_else(self) -> None:
        self.login(self.bob)
        assert self.client.post(self.url, {"checkin": self.checkin.pk}).status_code == 404
        self.transcript.refresh_from_db()
        assert self.transcript.checkin is None

    def test_it_links_and_takes_the_checkins_date_then_unlinks(self) -> None:
        self.login(self.alice)
        r = self.client.post(self.url, {"checkin": self.checkin.pk})
        report = reverse("transcript_detail", args=[self.alice_client.pk, self.transcript.pk])
        self.assertRedirects(r, report, fetch_redirect_response=False)
        self.transcript.refresh_from_db()
        assert self.transcript.checkin == self.checkin
        assert self.transcript.session_at == self.checkin.session_at
        page = self.client.get(report)
        edit = reverse("checkin_edit", args=[self.alice_client.pk, self.checkin.pk])
        self.assertContains(page, f"{edit}?transcript={self.transcript.pk}")
        self.assertContains(page, "Update the check-in for this session")

        self.client.post(self.url, {"checkin": ""})
        self.transcript.refresh_from_db()
        assert self.transcript.checkin is None
        assert self.transcript.session_at == self.checkin.session_at

    def test_it_refuses_another_users_checkin(self) -> None:
        bobs = make_checkin(self.bob_client)
        self.login(self.alice)
        r = self.client.post(self.url, {"checkin": bobs.pk}, follow=True)
        self.assertContains(r, "Choose one of this client")
        self.transcript.refresh_from_db()
        assert self.transcript.checkin is None
