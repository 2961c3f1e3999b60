"""Offering a journal entry: the workspace's known names first, reviewed on the
practitioner's own Fulcrum, no network, and nothing linked to the account."""

from __future__ import annotations

import socket
from unittest import mock

from django.urls import reverse

from fulcrum.reflection.services import EntryData, write_entry
from fulcrum.testing import NOW, BaseTestCase
from fulcrum.vignettes.models import Vignette
from fulcrum.vignettes.tests.helpers import only_vignettes_own_relations


def _no_network(*args: object, **kwargs: object) -> None:
    raise AssertionError("the offer page opened a network connection")


class OfferTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.entry = write_entry(
            self.alice,
            EntryData(
                body="ASH's brother rang; A-001 asked me to meet ash-tree style.", client=None
            ),
            now=NOW,
        )

    def test_it_links_from_the_entry_page(self) -> None:
        self.login(self.alice)
        r = self.client.get(reverse("journal_detail", args=[self.entry.pk]))
        assert reverse("contribute_offer", args=[self.entry.pk]) in r.content.decode()

    def test_it_removes_the_workspaces_own_names_first_without_the_network(self) -> None:
        self.login(self.alice)
        url = reverse("contribute_offer", args=[self.entry.pk])
        with (
            mock.patch.object(socket.socket, "connect", _no_network),
            mock.patch.object(socket, "create_connection", _no_network),
        ):
            r = self.client.get(url)
        assert r.status_code == 200
        proposed = r.context["form"].initial["text"]
        assert "ASH" not in proposed
        assert "A-001" not in proposed
        stages = {row["finding"].stage for row in r.context["findings"]}
        assert "known" in stages
        assert not Vignette.objects.exists()
        # The review sends through the same anonymous page as anyone else's.
        assert f'action="{reverse("contribute")}"' in r.content.decode()

    def test_it_stores_nothing_that_names_the_account(self) -> None:
        self.login(self.alice)
        data = {
            "step": "send",
            "text": "Client A asked.",
            "disguise": "process",
            "licence": "cc-by",
        }
        self.client.post(reverse("contribute"), data)
        vignette = Vignette.objects.get()
        assert only_vignettes_own_relations()
        assert "alice" not in repr(list(Vignette.objects.values()))
        assert vignette.text == "Client A asked."

    def test_it_is_a_404_for_another_practitioner(self) -> None:
        self.login(self.bob)
        r = self.client.get(reverse("contribute_offer", args=[self.entry.pk]))
        assert r.status_code == 404

    def test_applying_choices_finds_the_workspaces_names_again(self) -> None:
        self.login(self.alice)
        url = reverse("contribute_offer", args=[self.entry.pk])
        page = self.client.get(url)
        html = page.content.decode()
        # The apply button comes back to the offer (which knows the names); Send does not.
        assert f'formaction="{url}"' in html
        findings = page.context["findings"]
        known = [row["n"] for row in findings if row["finding"].stage == "known"]
        applied = self.client.post(
            url,
            {
                "step": "choose",
                "original": self.entry.body,
                "text": page.context["form"].initial["text"],
                "keep": [],
            },
        )
        assert applied.status_code == 200
        again = applied.context["findings"]
        assert [row["n"] for row in again if row["finding"].stage == "known"] == known
        text = applied.context["form"].initial["text"]
        assert "ASH" not in text
        assert "A-001" not in text
        assert applied.context["offered"] == self.entry.pk

    def test_applying_choices_on_an_entry_not_yours_is_a_404(self) -> None:
        self.login(self.bob)
        url = reverse("contribute_offer", args=[self.entry.pk])
        r = self.client.post(url, {"step": "choose", "original": self.entry.body})
        assert r.status_code == 404
