from __future__ import annotations

import re

from django.urls import reverse
from django.utils.html import escape

from fulcrum.core.catalogue import load_catalogue
from fulcrum.powermaps.models import PowerMap
from fulcrum.powermaps.tests.helpers import map_post, unchanged_post
from fulcrum.testing import BaseTestCase, make_power_map


class PowerMapCreateTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.url = reverse("powermap_create", args=[self.alice_client.pk])

    def test_it_requires_login(self) -> None:
        r = self.client.get(self.url)
        self.assertRedirects(
            r, f"{reverse('login')}?next={self.url}", fetch_redirect_response=False
        )
        self.client.post(self.url, map_post())
        assert not PowerMap.objects.exists()

    def test_it_404s_for_someone_elses_client(self) -> None:
        self.login(self.bob)
        assert self.client.get(self.url).status_code == 404
        assert self.client.post(self.url, map_post()).status_code == 404
        assert not PowerMap.objects.exists()

    def test_it_offers_every_kind_and_factor_from_the_catalogue(self) -> None:
        catalogue = load_catalogue()
        self.login(self.alice)
        r = self.client.get(self.url)
        for kind in catalogue.kinds:
            self.assertContains(r, f"{kind.label} power</legend>")
            self.assertContains(r, escape(kind.explanation))
            for holder in ("practitioner", "client", "third_party"):
                self.assertContains(
                    r, f'name="{holder}__{kind.id}"', count=6 if holder == "third_party" else 5
                )
        for factor in (*catalogue.amplifiers, *catalogue.counter_factors):
            self.assertContains(r, f'value="{factor.id}"')
            self.assertContains(r, escape(factor.explanation))

    def test_it_saves_a_map_and_shows_it(self) -> None:
        self.login(self.alice)
        r = self.client.post(
            self.url,
            map_post(
                client__coercive="4",
                amplifiers=["client_lying_down", "client_in_crisis"],
                counter_factors=["client_threats"],
                note="First session felt tense.",
            ),
        )
        pm = PowerMap.objects.get(client=self.alice_client)
        self.assertRedirects(
            r,
            reverse("powermap_detail", args=[self.alice_client.pk, pm.pk]),
            fetch_redirect_response=False,
        )
        assert pm.ratings["client"]["coercive"] == 4
        assert pm.ratings["practitioner"]["expert"] == 2
        assert "third_party" not in pm.ratings
        assert pm.amplifiers == ["client_in_crisis", "client_lying_down"]
        assert pm.counter_factors == ["client_threats"]
        assert pm.note == "First session felt tense."

    def test_it_keeps_third_party_ratings_when_given(self) -> None:
        self.login(self.alice)
        self.client.post(self.url, map_post(third_party__legitimate="4", third_party__coercive=""))
        pm = PowerMap.objects.get(client=self.alice_client)
        assert pm.ratings["third_party"] == {"legitimate": 4}

    def test_it_rejects_out_of_range_ratings_and_saves_nothing(self) -> None:
        self.login(self.alice)
        for bad in ("5", "-1", "2.5", "lots"):
            r = self.client.post(self.url, map_post(practitioner__expert=bad))
            assert r.status_code == 200
            assert "practitioner__expert" in r.context["form"].errors
        self.assertContains(r, "Ratings go from 0 to 4")
        assert not PowerMap.objects.exists()

    def test_it_rejects_unknown_factors_and_saves_nothing(self) -> None:
        self.login(self.alice)
        r = self.client.post(self.url, map_post(amplifiers=["client_threats"]))
        assert "amplifiers" in r.context["form"].errors
        r = self.client.post(self.url, map_post(counter_factors=["moon_phase"]))
        assert "counter_factors" in r.context["form"].errors
        assert not PowerMap.objects.exists()

    def test_it_requires_both_sides_to_be_rated(self) -> None:
        self.login(self.alice)
        data = map_post()
        del data["client__reward"]
        r = self.client.post(self.url, data)
        self.assertContains(r, "Rate the client")
        assert not PowerMap.objects.exists()

    def test_it_keeps_typed_values_on_error(self) -> None:
        self.login(self.alice)
        r = self.client.post(
            self.url,
            map_post(practitioner__expert="9", client__coercive="3",
                     amplifiers=["client_pays"], note="keep me"),
        )  # fmt: skip
        form = r.context["form"]
        assert form["client__coercive"].value() == "3"
        assert form["amplifiers"].value() == ["client_pays"]
        self.assertContains(r, "keep me")
        assert re.search(r'name="client__coercive" value="3"[^>]*checked', r.content.decode())
        assert re.search(r'value="client_pays"[^>]*checked', r.content.decode())

    def test_it_prefills_from_the_latest_map(self) -> None:
        make_power_map(self.alice_client, amplifiers=["client_unclothed"])
        self.login(self.alice)
        r = self.client.get(self.url)
        self.assertContains(r, "Pre-filled from your map")
        body = r.content.decode()
        assert re.search(r'name="practitioner__legitimate" value="3"[^>]*checked', body)
        assert re.search(r'name="client__reward" value="3"[^>]*checked', body)
        assert re.search(r'value="client_unclothed"[^>]*checked', body)

    def test_it_saves_a_reassessment_unchanged_when_the_earlier_map_left_kinds_out(self) -> None:
        # The API stores only the kinds it was given; a left-out kind counts as 0.
        make_power_map(
            self.alice_client,
            ratings={"practitioner": {"expert": 3}, "client": {"coercive": 2}},
        )
        self.login(self.alice)
        r = self.client.get(self.url)
        body = r.content.decode()
        assert re.search(r'name="client__legitimate" value="0"[^>]*checked', body)
        assert re.search(r'name="practitioner__reward" value="0"[^>]*checked', body)
        assert re.search(r'name="client__coercive" value="2"[^>]*checked', body)
        # A third party nobody rated stays "not rated", not 0.
        assert re.search(r'name="third_party__expert" value=""[^>]*checked', body)
        saved = self.client.post(self.url, unchanged_post(r.context["form"]))
        assert saved.status_code == 302, saved.context["form"].errors
        latest = PowerMap.objects.filter(client=self.alice_client).first()
        assert latest is not None
        assert latest.ratings["client"]["coercive"] == 2
        assert latest.ratings["client"]["legitimate"] == 0
        assert "third_party" not in latest.ratings
