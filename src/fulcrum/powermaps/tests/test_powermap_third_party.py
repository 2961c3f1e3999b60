from __future__ import annotations

import json

from django.urls import reverse

from fulcrum.core.errors import InvalidInput
from fulcrum.powermaps.models import PowerMap
from fulcrum.powermaps.services import record_power_map
from fulcrum.powermaps.tests.helpers import map_post
from fulcrum.testing import NOW, BaseTestCase, make_power_map
from fulcrum.workspace.export import export_workspace


class PowerMapThirdPartyTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.create_url = reverse("powermap_create", args=[self.alice_client.pk])

    def test_it_saves_who_the_third_party_is(self) -> None:
        self.login(self.alice)
        self.client.post(
            self.create_url,
            map_post(
                third_party__legitimate="4",
                third_party_kind="court",
                third_party_label="  Family court, custody hearing ",
            ),
        )
        pm = PowerMap.objects.get(client=self.alice_client)
        assert (pm.third_party_kind, pm.third_party_label) == (
            "court",
            "Family court, custody hearing",
        )
        assert pm.third_party_name == "Family court, custody hearing (a court)"

    def test_it_refuses_an_unknown_kind_of_third_party_and_keeps_the_label(self) -> None:
        self.login(self.alice)
        r = self.client.post(
            self.create_url, map_post(third_party_kind="landlord", third_party_label="The landlord")
        )
        assert r.status_code == 200
        assert not PowerMap.objects.exists()
        self.assertContains(r, 'value="The landlord"')
        with self.assertRaises(InvalidInput):
            record_power_map(
                self.alice_client,
                ratings={"practitioner": {}, "client": {}},
                assessed_at=NOW,
                third_party_kind="landlord",
            )

    def test_it_shows_a_kind_left_unrated_as_not_rated_not_zero(self) -> None:
        pm = make_power_map(
            self.alice_client,
            ratings={
                "practitioner": {"expert": 3},
                "client": {"expert": 1},
                "third_party": {"coercive": 4, "expert": 0},
            },
            third_party_kind="insurer",
        )
        self.login(self.alice)
        r = self.client.get(reverse("powermap_detail", args=[self.alice_client.pk, pm.pk]))
        body = r.content.decode()
        self.assertContains(r, "An insurer or funder</th>")
        # Four kinds unrated; expert rated 0 shows as 0.
        assert body.count('<span class="muted not-rated">not rated</span>') == 4
        assert "Kinds left “not rated” are not drawn." in body
        assert body.count('<polygon class="series') == 2

    def test_it_names_a_third_party_that_is_not_rated_yet(self) -> None:
        pm = make_power_map(self.alice_client, third_party_label="Their employer")
        self.login(self.alice)
        r = self.client.get(reverse("powermap_detail", args=[self.alice_client.pk, pm.pk]))
        self.assertContains(r, "Their employer</th>")
        assert r.content.decode().count('<span class="muted not-rated">not rated</span>') == 6

    def test_it_prefills_the_third_party_on_re_assessment(self) -> None:
        make_power_map(self.alice_client, third_party_kind="family", third_party_label="Mother")
        self.login(self.alice)
        r = self.client.get(self.create_url)
        self.assertContains(r, '<option value="family" selected>')
        self.assertContains(r, 'value="Mother"')


class PowerMapThirdPartyExportTestCase(BaseTestCase):
    def test_it_exports_who_the_third_party_is_with_aliases_replaced(self) -> None:
        make_power_map(
            self.alice_client, third_party_kind="family", third_party_label="Ash's mother"
        )
        doc = json.loads(export_workspace(self.alice, fmt="json", include_alias=False))
        (client,) = doc["clients"]
        (pm,) = client["power_maps"]
        assert pm["third_party_kind"] == "family"
        assert pm["third_party_label"] == "[A-001]'s mother"
