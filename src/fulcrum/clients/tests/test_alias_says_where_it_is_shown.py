"""The alias field says where an alias is shown, and what it says is what Fulcrum does."""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import escape

from fulcrum.clients.forms import ALIAS_HELP
from fulcrum.testing import BaseTestCase


class AliasHelpTestCase(BaseTestCase):
    def test_it_says_where_the_alias_is_shown_and_left_out(self) -> None:
        self.login(self.alice)
        r = self.client.get(reverse("client_create"))
        self.assertContains(r, escape(ALIAS_HELP))
        assert "never exported" not in r.content.decode()
        for place in ("caseload", "client", "drift", "supervision reports", "API"):
            assert place in ALIAS_HELP

    def test_it_shows_the_alias_on_the_pages_it_names(self) -> None:
        self.login(self.alice)
        for url in (
            reverse("dashboard"),
            reverse("client_list"),
            reverse("client_detail", args=[self.alice_client.pk]),
        ):
            self.assertContains(self.client.get(url), "Ash", msg_prefix=url)

    def test_it_is_left_out_of_the_api_as_the_help_says(self) -> None:
        self.login(self.alice)
        assert "Ash" not in self.client.get("/api/clients").content.decode()
        assert "Ash" in self.client.get("/api/clients?include_alias=true").content.decode()
