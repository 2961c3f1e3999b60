"""Offering a journal entry: the workspace's known names first, reviewed on the
practitioner's own Fulcrum, no network, and nothing linked to the account."""

from __future__ import annotations

import re
import socket
from unittest import mock

from django.test import Client as HttpClient
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

    def test_a_refused_send_reviews_the_entry_again_with_the_workspaces_names(self) -> None:
        browser = HttpClient(enforce_csrf_checks=True)
        browser.force_login(self.alice)
        url = reverse("contribute_offer", args=[self.entry.pk])
        page = browser.get(url)
        assert f'name="offered" value="{self.entry.pk}"' in page.content.decode()
        rows = [(row["surface"], row["finding"].stage) for row in page.context["findings"]]
        # Sent through the anonymous page without a disguise or licence chosen.
        data = {
            "step": "send",
            "original": self.entry.body,
            "offered": str(self.entry.pk),
            "text": page.context["form"].initial["text"],
        }
        r = browser.post(reverse("contribute"), data)
        assert r.status_code == 200
        assert not Vignette.objects.exists()
        assert r.context["offered"] == self.entry.pk
        assert [(row["surface"], row["finding"].stage) for row in r.context["findings"]] == rows
        html = r.content.decode()
        assert "Please choose how the people in it are disguised." in html
        # Applying the choices from there goes back to the offer, with a token it accepts.
        assert f'formaction="{url}"' in html
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        assert token is not None
        data = {**data, "step": "choose", "csrfmiddlewaretoken": token.group(1)}
        applied = browser.post(url, data)
        assert applied.status_code == 200
        assert "ASH" not in applied.context["form"].initial["text"]

    def test_a_refused_send_naming_an_entry_not_yours_is_a_404(self) -> None:
        self.login(self.bob)
        data = {"step": "send", "original": self.entry.body, "offered": str(self.entry.pk)}
        assert self.client.post(reverse("contribute"), data).status_code == 404

    def test_a_refused_send_naming_an_entry_without_an_account_reads_no_names(self) -> None:
        data = {"step": "send", "original": self.entry.body, "offered": str(self.entry.pk)}
        r = HttpClient().post(reverse("contribute"), data)
        assert r.status_code == 200
        assert not r.cookies
        assert r.context["offered"] is None
        assert {row["finding"].stage for row in r.context["findings"]} <= {
            "pattern",
            "name",
            "quasi",
        }
        assert b"csrfmiddlewaretoken" not in r.content

    def test_applying_choices_on_an_entry_not_yours_is_a_404(self) -> None:
        self.login(self.bob)
        url = reverse("contribute_offer", args=[self.entry.pk])
        r = self.client.post(url, {"step": "choose", "original": self.entry.body})
        assert r.status_code == 404
