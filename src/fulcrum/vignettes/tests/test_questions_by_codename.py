"""An educator asks the contributor a question from the queue; the contributor reads it
and replies with the codename, without an account or a cookie."""

from __future__ import annotations

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from fulcrum.core.errors import InvalidInput
from fulcrum.testing import NOW, BaseTestCase
from fulcrum.vignettes.models import Message
from fulcrum.vignettes.services import ask_contributor, reply_to_educator, withdraw_vignette
from fulcrum.vignettes.tests.helpers import make_educator, send

STATUS = reverse("contribute_status")


class QuestionsTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.erin = make_educator()
        self.vignette, self.codename = send("I kept the session going past the hour.")

    def test_it_carries_a_question_and_a_reply_by_codename(self) -> None:
        self.login(self.erin)
        url = reverse("teach_vignette", args=[self.vignette.pk])
        r = self.client.post(url, {"action": "ask", "question": "Was the hour agreed beforehand?"})
        assert r.status_code == 302
        visitor = HttpClient()
        r = visitor.post(STATUS, {"codename": self.codename})
        html = r.content.decode()
        assert "Was the hour agreed beforehand?" in html
        assert "the week of 26 Oct 2026" in html
        r = visitor.post(
            STATUS, {"codename": self.codename, "action": "reply", "reply": "We had agreed fifty."}
        )
        assert r.status_code == 200
        assert "Your reply has been sent." in r.content.decode()
        assert not r.cookies
        r = self.client.get(url)
        assert "We had agreed fifty." in r.content.decode()
        senders = list(self.vignette.messages.values_list("sender", flat=True))
        assert senders == [Message.Sender.EDUCATOR, Message.Sender.CONTRIBUTOR]
        queue = self.client.get(reverse("teach_queue")).content.decode()
        assert "the contributor has replied" in queue
        ask_contributor(self.vignette, "And the next week?", now=NOW)
        queue = self.client.get(reverse("teach_queue")).content.decode()
        assert "the contributor has replied" not in queue

    def test_it_keeps_what_the_contributor_typed_when_the_reply_is_refused(self) -> None:
        ask_contributor(self.vignette, "Which town?", now=NOW)
        long_reply = "Words. " * 700  # over the reply's limit
        r = HttpClient().post(
            STATUS, {"codename": self.codename, "action": "reply", "reply": long_reply}
        )
        assert r.status_code == 200
        assert r.context["done"] == ""
        assert r.context["reply"].errors
        assert long_reply.strip() in r.content.decode()
        assert self.vignette.messages.count() == 1

    def test_it_refuses_a_reply_before_any_question(self) -> None:
        with pytest.raises(InvalidInput, match="no question"):
            reply_to_educator(self.vignette, "Hello?", now=NOW)
        assert not self.vignette.messages.exists()

    def test_it_keeps_the_week_only_and_deletes_the_messages_on_withdrawal(self) -> None:
        asked = ask_contributor(self.vignette, "Which town?", now=NOW)
        assert asked.week.isoformat() == "2026-10-26"
        reply_to_educator(self.vignette, "A small one.", now=NOW)
        withdraw_vignette(self.vignette)
        assert not Message.objects.exists()

    def test_it_is_a_404_for_a_practitioner_asking(self) -> None:
        self.login(self.alice)
        url = reverse("teach_vignette", args=[self.vignette.pk])
        r = self.client.post(url, {"action": "ask", "question": "Who are you?"})
        assert r.status_code == 404
        assert not self.vignette.messages.exists()
