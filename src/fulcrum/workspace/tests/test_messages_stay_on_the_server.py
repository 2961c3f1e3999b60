"""Notices after an action are kept in the session on the server, not in a cookie.

Some carry free text (a transcript's file name often holds a client's real name, a
token's name is the practitioner's own words); a cookie would keep it readable in the
browser's profile long after the no-store page has gone.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from fulcrum.testing import BaseTestCase
from fulcrum.transcripts.tests.helpers import vtt_upload


class MessagesStorageTestCase(BaseTestCase):
    def test_it_keeps_the_transcripts_name_out_of_cookies(self) -> None:
        self.login(self.alice)
        r = self.client.post(
            reverse("transcript_upload", args=[self.alice_client.pk]),
            {"file": vtt_upload("Rowan Quill 2026-03-02.vtt"), "practitioner": "Dana Reyes"},
        )
        assert r.status_code == 302
        # The session cookie is an opaque key; the notice itself stays in the database.
        assert set(r.cookies) <= {settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME}
        page = self.client.get(r["Location"])
        self.assertContains(page, "Rowan Quill 2026-03-02.vtt read")
