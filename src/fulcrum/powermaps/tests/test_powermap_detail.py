from __future__ import annotations

from django.urls import reverse

from fulcrum.testing import BaseTestCase, make_client, make_power_map


class PowerMapDetailTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.pm = make_power_map(
            self.alice_client,
            ratings={
                "practitioner": {"legitimate": 3, "expert": 3},
                "client": {"coercive": 4, "expert": 1},
                "third_party": {"legitimate": 4},
            },
            amplifiers=["client_in_crisis"],
            counter_factors=["client_complaint_history"],
            note="Watch the <b>tone</b>.",
        )
        self.url = reverse("powermap_detail", args=[self.alice_client.pk, self.pm.pk])

    def test_it_requires_login(self) -> None:
        r = self.client.get(self.url)
        self.assertRedirects(
            r, f"{reverse('login')}?next={self.url}", fetch_redirect_response=False
        )

    def test_it_404s_for_someone_elses_map(self) -> None:
        self.login(self.bob)
        assert self.client.get(self.url).status_code == 404
        other = reverse("powermap_detail", args=[self.bob_client.pk, self.pm.pk])
        assert self.client.get(other).status_code == 404

    def test_it_404s_under_the_wrong_client(self) -> None:
        second = make_client(self.alice, "A-002")
        self.login(self.alice)
        r = self.client.get(reverse("powermap_detail", args=[second.pk, self.pm.pk]))
        assert r.status_code == 404

    def test_it_shows_the_radar_and_balances(self) -> None:
        self.login(self.alice)
        r = self.client.get(self.url)
        body = r.content.decode()
        # The third party is rated on one kind only: a dot, not a third shape.
        assert body.count('<polygon class="series') == 2
        assert 'class="series series-third_party partial"' in body
        self.assertContains(r, "you hold more")
        self.assertContains(r, "client holds more")
        self.assertContains(r, "Third party</th>")
        self.assertContains(r, "<strong>-4</strong>")  # coercive: 0 - 4

    def test_it_shows_the_readings(self) -> None:
        self.login(self.alice)
        r = self.client.get(self.url)
        self.assertContains(r, "Where the client holds more")
        self.assertContains(r, "<li>Coercive power</li>", html=True)
        self.assertContains(r, "Where you are exposed")
        self.assertContains(r, "a complaint, a lawsuit or a threat")
        self.assertContains(r, "A question to take to supervision")
        self.assertContains(r, "Client in crisis")
        self.assertContains(r, "History of complaints or litigation")

    def test_it_escapes_the_note(self) -> None:
        self.login(self.alice)
        r = self.client.get(self.url)
        self.assertContains(r, "Watch the &lt;b&gt;tone&lt;/b&gt;.")
        self.assertNotContains(r, "<b>tone</b>")

    def test_it_compares_with_the_previous_map(self) -> None:
        newer = make_power_map(
            self.alice_client,
            ratings={"practitioner": {"legitimate": 3, "expert": 3}, "client": {"coercive": 1}},
        )
        self.login(self.alice)
        r = self.client.get(reverse("powermap_detail", args=[self.alice_client.pk, newer.pk]))
        self.assertContains(r, "Coercive: -4 → -1")
        self.assertContains(r, "toward you")
        self.assertContains(r, 'aria-current="true"')
