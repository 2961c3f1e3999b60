from __future__ import annotations

from django.urls import reverse

from fulcrum.checkins.models import CheckIn, DriftWarning
from fulcrum.clients.models import Client
from fulcrum.powermaps.models import PowerMap
from fulcrum.testing import NOW, BaseTestCase, make_checkin, make_power_map


class ClientDeleteTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.url = reverse("client_delete", args=[self.alice_client.pk])
        make_power_map(self.alice_client)
        make_checkin(self.alice_client, days_ago=2)
        make_checkin(self.alice_client, days_ago=1)
        DriftWarning.objects.create(
            client=self.alice_client, key="k", direction="over", rule="pattern", title="t",
            explanation="e", question="q", first_at=NOW, detected_at=NOW,
        )  # fmt: skip

    def test_it_names_what_will_be_removed(self) -> None:
        self.login(self.alice)
        r = self.client.get(self.url)
        counts = r.context["counts"]
        assert (counts["maps"], counts["checkins"], counts["warnings"]) == (1, 2, 1)
        assert counts["transcripts"] == 0
        self.assertContains(r, "<strong>2</strong> session check-ins", html=False)
        self.assertContains(r, 'name="confirm_code"')

    def test_it_needs_the_code_typed(self) -> None:
        self.login(self.alice)
        r = self.client.post(self.url, {"confirm_code": "A-00"})
        assert r.status_code == 200
        self.assertContains(r, "does not match")
        self.assertContains(r, 'value="A-00"')
        assert Client.objects.filter(pk=self.alice_client.pk).exists()

    def test_it_deletes_the_client_and_everything_recorded(self) -> None:
        self.login(self.alice)
        r = self.client.post(self.url, {"confirm_code": "A-001"})
        self.assertRedirects(r, reverse("client_list"), fetch_redirect_response=False)
        assert not Client.objects.filter(pk=self.alice_client.pk).exists()
        assert not PowerMap.objects.filter(client_id=self.alice_client.pk).exists()
        assert not CheckIn.objects.filter(client_id=self.alice_client.pk).exists()
        assert not DriftWarning.objects.filter(client_id=self.alice_client.pk).exists()
        assert Client.objects.filter(pk=self.bob_client.pk).exists()

    def test_it_404s_for_someone_elses_client(self) -> None:
        self.login(self.bob)
        assert self.client.get(self.url).status_code == 404
        assert self.client.post(self.url, {"confirm_code": "A-001"}).status_code == 404
        assert Client.objects.filter(pk=self.alice_client.pk).exists()

    def test_it_requires_login(self) -> None:
        r = self.client.post(self.url, {"confirm_code": "A-001"})
        assert r.status_code == 302
        assert Client.objects.filter(pk=self.alice_client.pk).exists()
