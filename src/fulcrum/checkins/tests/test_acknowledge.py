from __future__ import annotations

from django.urls import reverse

from fulcrum.checkins.models import DriftWarning
from fulcrum.checkins.tests.helpers import drifting_history
from fulcrum.testing import BaseTestCase


class AcknowledgeTestCase(BaseTestCase):
    def setUp(self) -> None:
        drifting_history(self.alice_client)
        warning = DriftWarning.objects.filter(client=self.alice_client).first()
        assert warning is not None
        self.warning = warning
        self.url = reverse("warning_acknowledge", args=[self.alice_client.pk, warning.pk])

    def refreshed(self) -> DriftWarning:
        return DriftWarning.objects.get(pk=self.warning.pk)

    def test_it_requires_login(self) -> None:
        r = self.client.post(self.url)
        self.assertRedirects(
            r, f"{reverse('login')}?next={self.url}", fetch_redirect_response=False
        )
        self.assertIsNone(self.refreshed().acknowledged_at)

    def test_it_404s_for_someone_elses_warning(self) -> None:
        self.login(self.bob)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertEqual(self.client.post(self.url).status_code, 404)
        self.assertIsNone(self.refreshed().acknowledged_at)

    def test_it_404s_when_the_client_in_the_url_is_not_the_warnings(self) -> None:
        self.login(self.bob)
        url = reverse("warning_acknowledge", args=[self.bob_client.pk, self.warning.pk])
        self.assertEqual(self.client.post(url).status_code, 404)
        self.assertIsNone(self.refreshed().acknowledged_at)

    def test_it_only_acknowledges_on_post(self) -> None:
        self.login(self.alice)
        self.assertEqual(self.client.get(self.url).status_code, 405)
        self.assertIsNone(self.refreshed().acknowledged_at)

    def test_it_acknowledges_and_returns_to_the_page_it_came_from(self) -> None:
        self.login(self.alice)
        r = self.client.post(self.url, {"next": "drift"})
        self.assertRedirects(
            r, reverse("client_drift", args=[self.alice_client.pk]), fetch_redirect_response=False
        )
        self.assertIsNotNone(self.refreshed().acknowledged_at)
        r = self.client.get(reverse("client_detail", args=[self.alice_client.pk]))
        self.assertContains(r, "Taken to reflection")

    def test_it_ignores_an_unknown_next_page(self) -> None:
        self.login(self.alice)
        r = self.client.post(self.url, {"next": "https://example.com/"})
        self.assertRedirects(
            r, reverse("client_detail", args=[self.alice_client.pk]), fetch_redirect_response=False
        )

    def test_it_goes_back_to_the_caseload(self) -> None:
        self.login(self.alice)
        r = self.client.post(self.url, {"next": "caseload"})
        self.assertRedirects(r, reverse("caseload_drift"), fetch_redirect_response=False)

    def test_it_swaps_the_warning_for_htmx(self) -> None:
        self.login(self.alice)
        r = self.client.post(self.url, {"next": "client"}, headers={"HX-Request": "true"})
        self.assertEqual(r.status_code, 200)
        self.assertTemplateUsed(r, "checkins/_warning.html")
        self.assertTemplateNotUsed(r, "base.html")
        self.assertContains(r, f'id="warning-{self.warning.pk}"')
        self.assertContains(r, "Taken to reflection")
        self.assertNotContains(r, "<form")
        for checkin_id in self.warning.checkin_ids:
            self.assertContains(
                r, reverse("checkin_detail", args=[self.alice_client.pk, checkin_id])
            )
