from __future__ import annotations

from django.urls import reverse
from django.utils.html import escape

from fulcrum.checkins.models import DriftWarning
from fulcrum.checkins.tests.helpers import drifting_history
from fulcrum.clients.services import archive_client
from fulcrum.testing import NOW, BaseTestCase, make_checkin, make_client


class ClientDriftTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.url = reverse("client_drift", args=[self.alice_client.pk])

    def test_it_requires_login(self) -> None:
        r = self.client.get(self.url)
        self.assertRedirects(
            r, f"{reverse('login')}?next={self.url}", fetch_redirect_response=False
        )

    def test_it_404s_for_someone_elses_client(self) -> None:
        self.login(self.bob)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertEqual(self.client.post(self.url).status_code, 404)

    def test_it_shows_an_empty_page_without_checkins(self) -> None:
        self.login(self.alice)
        r = self.client.get(self.url)
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "No drift warnings for A-001")
        self.assertContains(r, "No check-ins yet")

    def test_it_shows_charts_warnings_and_their_sessions(self) -> None:
        history = drifting_history(self.alice_client)
        self.login(self.alice)
        r = self.client.get(self.url)
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, 'class="trend"')
        self.assertContains(r, 'class="control over"')
        self.assertContains(r, 'class="control under"')
        self.assertContains(r, 'class="signal"')
        warnings = DriftWarning.objects.filter(client=self.alice_client)
        self.assertTrue(warnings)
        for warning in warnings:
            self.assertContains(r, escape(warning.title))
            self.assertContains(r, escape(warning.question))
            for checkin_id in warning.checkin_ids:
                self.assertContains(
                    r, reverse("checkin_detail", args=[self.alice_client.pk, checkin_id])
                )
        self.assertEqual(len(r.context["rows"]), len(history))

    def test_it_lists_acknowledged_warnings_after_open_ones(self) -> None:
        drifting_history(self.alice_client)
        first = DriftWarning.objects.filter(client=self.alice_client).first()
        assert first is not None
        DriftWarning.objects.filter(pk=first.pk).update(acknowledged_at=NOW)
        self.login(self.alice)
        r = self.client.get(self.url)
        self.assertIsNotNone(r.context["warnings"][-1].acknowledged_at)
        self.assertContains(r, "Taken to reflection")


class CaseloadDriftTestCase(BaseTestCase):
    url = "/clients/drift/"

    def test_it_has_its_name(self) -> None:
        self.assertEqual(reverse("caseload_drift"), self.url)

    def test_it_requires_login(self) -> None:
        r = self.client.get(self.url)
        self.assertRedirects(
            r, f"{reverse('login')}?next={self.url}", fetch_redirect_response=False
        )

    def test_it_shows_only_the_users_active_clients_and_open_warnings(self) -> None:
        drifting_history(self.alice_client)
        steady = make_client(self.alice, "A-002")
        make_checkin(steady)
        archived = make_client(self.alice, "A-OLD")
        drifting_history(archived)
        archive_client(archived, now=NOW)
        drifting_history(self.bob_client)
        self.login(self.alice)
        r = self.client.get(self.url)
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "A-001")
        self.assertContains(r, "A-002")
        self.assertNotContains(r, "A-OLD")
        self.assertNotContains(r, "B-001")
        self.assertEqual([row.client.code for row in r.context["flagged"]], ["A-001"])
        self.assertEqual([row.client.code for row in r.context["steady"]], ["A-002"])
        for warning in DriftWarning.objects.filter(client=self.alice_client):
            self.assertContains(r, f'id="warning-{warning.pk}"')
        for warning in DriftWarning.objects.filter(client=self.bob_client):
            self.assertNotContains(r, f'id="warning-{warning.pk}"')
        self.assertContains(r, 'class="spark"', count=2)

    def test_it_welcomes_an_empty_caseload(self) -> None:
        self.login(self.charlie)
        r = self.client.get(self.url)
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "No active clients yet")


class ClientPageFragmentsTestCase(BaseTestCase):
    def test_it_shows_checkins_and_open_warnings_on_the_client_page(self) -> None:
        drifting_history(self.alice_client)
        self.login(self.alice)
        r = self.client.get(reverse("client_detail", args=[self.alice_client.pk]))
        self.assertContains(r, 'id="client-checkins"')
        self.assertContains(r, 'id="client-drift"')
        self.assertContains(r, "No choices offered")
        for warning in DriftWarning.objects.filter(client=self.alice_client):
            self.assertContains(r, f'id="warning-{warning.pk}"')
            self.assertContains(
                r, reverse("warning_acknowledge", args=[self.alice_client.pk, warning.pk])
            )
