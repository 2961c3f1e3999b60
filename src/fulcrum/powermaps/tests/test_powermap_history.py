from __future__ import annotations

import pytest
from django.urls import reverse

from fulcrum.testing import BaseTestCase, make_power_map


class PowerMapHistoryTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.url = reverse("powermap_history", args=[self.alice_client.pk])

    def test_it_requires_login(self) -> None:
        r = self.client.get(self.url)
        self.assertRedirects(
            r, f"{reverse('login')}?next={self.url}", fetch_redirect_response=False
        )

    def test_it_404s_for_someone_elses_client(self) -> None:
        make_power_map(self.alice_client)
        self.login(self.bob)
        assert self.client.get(self.url).status_code == 404

    def test_it_invites_a_first_map(self) -> None:
        self.login(self.alice)
        r = self.client.get(self.url)
        self.assertContains(r, "No power maps yet")

    def test_it_compares_each_map_with_the_one_before(self) -> None:
        first = make_power_map(
            self.alice_client, ratings={"practitioner": {"expert": 4}, "client": {}}
        )
        second = make_power_map(
            self.alice_client, ratings={"practitioner": {"expert": 2}, "client": {"reward": 3}}
        )
        self.login(self.alice)
        r = self.client.get(self.url)
        rows = r.context["history"]
        assert [row.power_map for row in rows] == [second, first]
        assert [(c.label, c.before, c.after) for c in rows[0].changes] == [
            ("Expert", 4, 2),
            ("Reward", 0, -3),
        ]
        assert rows[0].differential_change == pytest.approx((-1 / 6) - (4 / 6))
        assert rows[1].differential_change is None
        self.assertContains(r, "Expert: 4 → 2")
        self.assertContains(r, "first map")
        self.assertContains(r, reverse("powermap_detail", args=[self.alice_client.pk, first.pk]))
