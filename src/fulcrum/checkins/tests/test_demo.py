from __future__ import annotations

from datetime import UTC, datetime

from django.contrib.auth import authenticate
from django.test import TestCase
from django.urls import reverse

from fulcrum.accounts.models import User
from fulcrum.checkins.models import CheckIn, DriftWarning
from fulcrum.clients.models import Client
from fulcrum.demo import DEMO_PASSWORD, DEMO_USERNAME, load_demo, remove_demo
from fulcrum.powermaps.models import PowerMap

NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


class DemoTestCase(TestCase):
    user: User

    @classmethod
    def setUpTestData(cls) -> None:
        cls.user = load_demo(now=NOW)

    def test_it_logs_in_with_the_published_password(self) -> None:
        self.assertEqual(self.user.username, DEMO_USERNAME)
        self.assertEqual(authenticate(username=DEMO_USERNAME, password=DEMO_PASSWORD), self.user)

    def test_it_builds_a_varied_caseload(self) -> None:
        clients = Client.objects.filter(owner=self.user)
        self.assertGreaterEqual(clients.count(), 6)
        self.assertEqual(set(clients.values_list("modality", flat=True)), {"talk", "bodywork"})
        for client in clients:
            count = CheckIn.objects.filter(client=client).count()
            self.assertTrue(10 <= count <= 40, f"{client.code} has {count} check-ins")
            self.assertTrue(PowerMap.objects.filter(client=client).exists())
        maps = PowerMap.objects.filter(client__owner=self.user)
        self.assertTrue(maps.filter(overall_differential__lt=0).exists(), "client holds more")
        self.assertTrue(any("client_in_crisis" in m.amplifiers for m in maps))
        self.assertTrue(any(len(m.amplifiers) >= 5 for m in maps))

    def test_it_shows_drift_in_both_directions(self) -> None:
        warnings = DriftWarning.objects.filter(client__owner=self.user)
        self.assertTrue(warnings.filter(direction="over").exists())
        self.assertTrue(warnings.filter(direction="under").exists())

    def test_it_puts_every_session_in_the_past(self) -> None:
        checkins = CheckIn.objects.filter(client__owner=self.user)
        self.assertFalse(checkins.filter(session_at__gte=NOW).exists())
        self.assertFalse(checkins.filter(created_at__gt=NOW).exists())

    def test_it_does_not_duplicate_on_a_second_call(self) -> None:
        before = CheckIn.objects.count(), Client.objects.count(), DriftWarning.objects.count()
        again = load_demo(now=NOW, seed=99)
        self.assertEqual(again, self.user)
        after = CheckIn.objects.count(), Client.objects.count(), DriftWarning.objects.count()
        self.assertEqual(before, after)

    def test_it_is_the_same_every_time(self) -> None:
        scores = list(
            CheckIn.objects.filter(client__owner=self.user)
            .order_by("client__code", "session_at")
            .values_list("client__code", "session_at", "over_score")
        )
        assert remove_demo()
        load_demo(now=NOW)
        again = list(
            CheckIn.objects.order_by("client__code", "session_at").values_list(
                "client__code", "session_at", "over_score"
            )
        )
        self.assertEqual(scores, again)

    def test_its_pages_render(self) -> None:
        self.client.force_login(self.user)
        self.assertEqual(self.client.get(reverse("caseload_drift")).status_code, 200)
        for client in Client.objects.filter(owner=self.user):
            for name in ("client_detail", "client_drift", "checkin_create"):
                r = self.client.get(reverse(name, args=[client.pk]))
                self.assertEqual(r.status_code, 200, f"{name} for {client.code}")
