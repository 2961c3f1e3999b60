"""After a check-in is saved, keyboard focus goes to the notice that says so."""

from __future__ import annotations

import re

from django.urls import reverse

from fulcrum.checkins.tests.helpers import form_data
from fulcrum.testing import BaseTestCase


class SavedNoticeFocusTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.url = reverse("checkin_create", args=[self.alice_client.pk])
        self.login(self.alice)

    def test_it_autofocuses_the_htmx_notice(self) -> None:
        r = self.client.post(self.url, form_data(), headers={"HX-Request": "true"})
        opening = re.search(r'<div class="card notice saved"[^>]*>', r.content.decode())
        assert opening is not None
        self.assertIn('tabindex="-1"', opening.group(0))
        self.assertIn("autofocus", opening.group(0))

    def test_it_autofocuses_the_message_on_the_client_page_without_javascript(self) -> None:
        r = self.client.post(self.url, form_data(), follow=True)
        html = r.content.decode()
        saved = re.search(r'<li class="message[^"]*"[^>]*>Check-in saved', html)
        assert saved is not None
        self.assertIn("autofocus", saved.group(0))
        self.assertEqual(html.count("autofocus"), 1)
