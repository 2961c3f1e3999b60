"""With the codename a contributor reads the status and withdraws; guesses are limited."""

from __future__ import annotations

from django.test import Client as HttpClient
from django.urls import reverse

from fulcrum.testing import NOW, BaseTestCase
from fulcrum.vignettes.codenames import new_codename
from fulcrum.vignettes.models import Vignette
from fulcrum.vignettes.services import decline_vignette
from fulcrum.vignettes.tests.helpers import publish, send


class CodenameStatusTestCase(BaseTestCase):
    url = reverse("contribute_status")

    def test_it_shows_the_status_and_the_educators_reason(self) -> None:
        vignette, codename = send()
        visitor = HttpClient()
        r = visitor.get(self.url)
        assert r.status_code == 200
        assert not r.cookies
        r = visitor.post(self.url, {"codename": codename.upper()})
        assert r.status_code == 200
        assert "Waiting for an educator" in r.content.decode()
        decline_vignette(vignette, "It names the town too closely.", now=NOW)
        r = visitor.post(self.url, {"codename": codename})
        assert "It names the town too closely." in r.content.decode()
        assert not r.cookies

    def test_it_withdraws_a_published_vignette_and_deletes_its_text(self) -> None:
        vignette, codename = publish("A story only its teller may take back.")
        visitor = HttpClient()
        r = visitor.post(self.url, {"codename": codename, "action": "withdraw"})
        # Without ticking "I want to withdraw it" nothing changes.
        assert Vignette.objects.get(pk=vignette.pk).status == Vignette.Status.PUBLISHED
        r = visitor.post(self.url, {"codename": codename, "action": "withdraw", "sure": "yes"})
        assert r.status_code == 200
        vignette.refresh_from_db()
        assert vignette.status == Vignette.Status.WITHDRAWN
        assert vignette.text == ""
        assert vignette.published_text == ""
        assert "withdrawn" in r.content.decode()

    def test_it_shows_one_calm_page_for_a_wrong_codename(self) -> None:
        send()
        r = HttpClient().post(self.url, {"codename": new_codename()})
        assert r.status_code == 404
        assert "Nothing found for that codename" in r.content.decode()
        assert b"Waiting" not in r.content

    def test_it_asks_again_with_the_words_typed_after_a_wrong_codename(self) -> None:
        _, codename = send()
        words = codename.split()
        slipped = " ".join([*words[:-1], words[-1] + "x"])
        r = HttpClient().post(self.url, {"codename": slipped})
        assert r.status_code == 404
        assert not r.cookies
        html = r.content.decode()
        assert "Check that all seven words are there, in order" in html
        assert f'value="{slipped}"' in html
        assert "Try again</a>" not in html
        assert "Show its status" in html

    def test_it_refuses_the_eleventh_wrong_guess_in_fifteen_minutes(self) -> None:
        _, codename = send()
        visitor = HttpClient(REMOTE_ADDR="198.51.100.9")
        for _ in range(10):
            assert visitor.post(self.url, {"codename": new_codename()}).status_code == 404
        r = visitor.post(self.url, {"codename": codename})
        assert r.status_code == 429
        assert "too many tries" in r.content.decode()
        # Someone else, elsewhere, is not held back.
        other = HttpClient(REMOTE_ADDR="198.51.100.10")
        assert other.post(self.url, {"codename": codename}).status_code == 200
