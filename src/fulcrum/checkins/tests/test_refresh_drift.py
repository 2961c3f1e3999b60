from __future__ import annotations

from fulcrum.checkins.models import DriftWarning
from fulcrum.checkins.services import refresh_drift
from fulcrum.clients.models import Client
from fulcrum.testing import NOW, BaseTestCase, make_checkin


def steady(client: Client, days_ago: int) -> None:
    make_checkin(client, days_ago=days_ago, choices_offered="yes", choices_count=2)


def slipping(client: Client, days_ago: int) -> None:
    make_checkin(
        client,
        days_ago=days_ago,
        choices_offered="no",
        started_on_time=False,
        ended_on_time=False,
        disclosure=True,
        disclosure_served="practitioner",
        indicators=frozenset({"role_overidentification"}),
    )


class RefreshDriftTestCase(BaseTestCase):
    def test_it_stores_two_separate_episodes_in_the_same_direction(self) -> None:
        # Two spells of over-use with a long steady stretch between them: the detector may
        # report each; storing them must not collide.
        day = 90
        for _ in range(10):
            steady(self.alice_client, day)
            day -= 1
        for _ in range(6):
            slipping(self.alice_client, day)
            day -= 1
        for _ in range(20):
            steady(self.alice_client, day)
            day -= 1
        for _ in range(6):
            slipping(self.alice_client, day)
            day -= 1
        stored = refresh_drift(self.alice_client, now=NOW)
        keys = [w.key for w in stored]
        self.assertEqual(len(keys), len(set(keys)))
        self.assertEqual(DriftWarning.objects.filter(client=self.alice_client).count(), len(stored))
        self.assertTrue(any(w.direction == "over" for w in stored))

    def test_it_keeps_an_acknowledgement_while_the_episode_goes_on(self) -> None:
        for day in range(40, 30, -1):
            steady(self.alice_client, day)
        for day in range(30, 24, -1):
            slipping(self.alice_client, day)
        warning = DriftWarning.objects.filter(client=self.alice_client, rule="cusum").first()
        assert warning is not None
        warning.acknowledged_at = NOW
        warning.save()
        # One more session of the same episode, with a different mix of signs.
        make_checkin(
            self.alice_client,
            days_ago=24,
            choices_offered="no",
            started_on_time=False,
            indicators=frozenset({"careless_draping"}),
        )
        again = DriftWarning.objects.get(pk=warning.pk)
        self.assertIsNotNone(again.acknowledged_at)
