from __future__ import annotations

from django.urls import reverse

from fulcrum.checkins.models import CheckIn, DriftWarning
from fulcrum.checkins.tests.helpers import drifting_history
from fulcrum.testing import BaseTestCase, make_checkin


class CheckInDetailTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.checkin = make_checkin(
            self.alice_client,
            choices_offered="no",
            indicators=frozenset({"friendship_drift", "clear_guidance"}),
            note="Talked about the weekend.",
        )
        self.url = reverse("checkin_detail", args=[self.alice_client.pk, self.checkin.pk])

    def test_it_requires_login(self) -> None:
        r = self.client.get(self.url)
        self.assertRedirects(
            r, f"{reverse('login')}?next={self.url}", fetch_redirect_response=False
        )

    def test_it_404s_for_someone_elses_checkin(self) -> None:
        self.login(self.bob)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertEqual(self.client.post(self.url).status_code, 404)

    def test_it_404s_for_a_checkin_under_another_client(self) -> None:
        other = make_checkin(self.bob_client)
        self.login(self.alice)
        url = reverse("checkin_detail", args=[self.alice_client.pk, other.pk])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_it_shows_scores_signs_and_questions(self) -> None:
        self.login(self.alice)
        r = self.client.get(self.url)
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "No choices offered")
        self.assertContains(r, "Drifting toward friendship")
        self.assertContains(r, "Gave clear guidance")
        self.assertContains(r, "What am I getting from the closeness")
        self.assertContains(r, "Talked about the weekend.")
        self.assertContains(r, f'value="{self.checkin.over_score}"')
        self.assertContains(
            r, reverse("checkin_delete", args=[self.alice_client.pk, self.checkin.pk])
        )

    def test_it_names_the_warnings_a_session_belongs_to(self) -> None:
        history = drifting_history(self.alice_client)
        warning = DriftWarning.objects.filter(client=self.alice_client).first()
        assert warning is not None
        latest = history[-1]
        self.login(self.alice)
        r = self.client.get(reverse("checkin_detail", args=[self.alice_client.pk, latest.pk]))
        self.assertIn(latest.pk, warning.checkin_ids)
        self.assertContains(r, "Drift warnings this session is part of")


class CheckInDeleteTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.checkin = make_checkin(self.alice_client)
        self.url = reverse("checkin_delete", args=[self.alice_client.pk, self.checkin.pk])

    def test_it_requires_login(self) -> None:
        r = self.client.post(self.url)
        self.assertRedirects(
            r, f"{reverse('login')}?next={self.url}", fetch_redirect_response=False
        )
        self.assertTrue(CheckIn.objects.filter(pk=self.checkin.pk).exists())

    def test_it_404s_for_someone_elses_checkin(self) -> None:
        self.login(self.bob)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertEqual(self.client.post(self.url).status_code, 404)
        self.assertTrue(CheckIn.objects.filter(pk=self.checkin.pk).exists())

    def test_it_asks_before_deleting(self) -> None:
        self.login(self.alice)
        r = self.client.get(self.url)
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "Delete check-in")
        self.assertTrue(CheckIn.objects.filter(pk=self.checkin.pk).exists())

    def test_it_deletes_and_recalculates_warnings(self) -> None:
        history = drifting_history(self.alice_client)
        self.assertTrue(DriftWarning.objects.filter(client=self.alice_client).exists())
        self.login(self.alice)
        for checkin in history[8:]:
            url = reverse("checkin_delete", args=[self.alice_client.pk, checkin.pk])
            r = self.client.post(url)
            self.assertRedirects(
                r, reverse("client_detail", args=[self.alice_client.pk]),
                fetch_redirect_response=False,
            )  # fmt: skip
        self.assertFalse(CheckIn.objects.filter(pk__in=[c.pk for c in history[8:]]).exists())
        self.assertFalse(DriftWarning.objects.filter(client=self.alice_client).exists())
