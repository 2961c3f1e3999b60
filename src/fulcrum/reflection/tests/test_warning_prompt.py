from __future__ import annotations

from django.urls import reverse
from django.utils.html import escape

from fulcrum.core.reflection import load_prompts
from fulcrum.reflection.tests.helpers import make_warning
from fulcrum.testing import BaseTestCase


class WarningPromptTestCase(BaseTestCase):
    def test_it_offers_a_fitting_prompt_on_every_warning_box(self) -> None:
        warning = make_warning(self.alice_client)
        prompt = load_prompts().prompt("time_this_week")
        write = f"{reverse('journal_write')}?warning={warning.pk}"
        self.login(self.alice)
        for url in (
            reverse("client_detail", args=[self.alice_client.pk]),
            reverse("client_drift", args=[self.alice_client.pk]),
            reverse("caseload_drift"),
        ):
            r = self.client.get(url)
            self.assertContains(r, escape(prompt.text), msg_prefix=url)
            self.assertContains(r, write, msg_prefix=url)
            self.assertContains(r, "Write about this", msg_prefix=url)
