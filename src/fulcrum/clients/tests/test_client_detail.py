from __future__ import annotations

from django.urls import reverse

from fulcrum.checkins.models import DriftWarning
from fulcrum.testing import NOW, BaseTestCase, make_checkin, make_power_map


class ClientDetailTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.url = reverse("client_detail", args=[self.alice_client.pk])

    def test_it_requires_login(self) -> None:
        r = self.client.get(self.url)
        self.assertRedirects(
            r, f"{reverse('login')}?next={self.url}", fetch_redirect_response=False
        )

    def test_it_404s_for_someone_elses_client(self) -> None:
        self.login(self.bob)
        assert self.client.get(self.url).status_code == 404

    def test_it_shows_the_header_and_actions(self) -> None:
        self.login(self.alice)
        r = self.client.get(self.url)
        self.assertContains(r, "A-001")
        self.assertContains(r, "Ash")
        self.assertContains(r, "Talk therapy")
        self.assertContains(r, reverse("checkin_create", args=[self.alice_client.pk]))
        self.assertContains(r, reverse("powermap_create", args=[self.alice_client.pk]))
        self.assertContains(r, "No power map yet")

    def test_it_summarises_the_latest_power_map(self) -> None:
        make_power_map(self.alice_client)
        latest = make_power_map(
            self.alice_client, ratings={"practitioner": {"expert": 4}, "client": {"coercive": 4}}
        )
        self.login(self.alice)
        r = self.client.get(self.url)
        assert r.context["latest_map"] == latest
        self.assertContains(r, "<svg", count=1)
        self.assertContains(r, "The client holds more coercive power")
        self.assertContains(r, reverse("powermap_history", args=[self.alice_client.pk]))

    def test_it_passes_the_latest_checkins_and_warnings(self) -> None:
        for day in range(22):
            make_checkin(self.alice_client, days_ago=day)
        make_checkin(self.bob_client)
        DriftWarning.objects.create(
            client=self.alice_client, key="k", direction="under", rule="pattern", title="t",
            explanation="e", question="q", first_at=NOW, detected_at=NOW,
        )  # fmt: skip
        self.login(self.alice)
        r = self.client.get(self.url)
        checkins = r.context["checkins"]
        assert len(checkins) == 20
        assert checkins[0].session_at == NOW
        assert [c.session_at for c in checkins] == sorted(
            (c.session_at for c in checkins), reverse=True
        )
        assert [w.title for w in r.context["warnings"]] == ["t"]
        self.assertTemplateUsed(r, "checkins/_client_checkins.html")
        self.assertTemplateUsed(r, "checkins/_client_drift.html")
