"""Refreshing a client's stored drift warnings from the detector."""

from __future__ import annotations

from fulcrum.checkins.models import DriftWarning
from fulcrum.checkins.services import drift_report, refresh_drift
from fulcrum.clients.models import Client
from fulcrum.testing import NOW, BaseTestCase, make_checkin


def friendly_history(client: Client, friendly: set[int], sessions: int) -> None:
    for i in range(sessions):
        make_checkin(
            client,
            days_ago=7 * (sessions - i),
            choices_offered="yes",
            client_signals_noticed=True,
            indicators=frozenset({"friendship_drift"} if i in friendly else ()),
        )


class RefreshDriftTestCase(BaseTestCase):
    def test_it_stores_the_latest_of_two_episodes_of_the_same_warning(self) -> None:
        # Quiet, a run of friendly sessions, quiet again, then the same run once more.
        friendly_history(self.alice_client, {*range(10, 14), *range(24, 31)}, 32)
        report = drift_report(self.alice_client, now=NOW)
        episodes = [w for w in report.warnings if w.rule == "pattern"]
        self.assertEqual(len(episodes), 2)

        refresh_drift(self.alice_client, now=NOW)

        (stored,) = DriftWarning.objects.filter(client=self.alice_client, rule="pattern")
        self.assertEqual(stored.indicator_ids, ["friendship_drift"])
        self.assertEqual(stored.detected_at, episodes[-1].detected_at)

    def test_it_keeps_an_acknowledgement_while_the_episode_goes_on(self) -> None:
        friendly_history(self.alice_client, set(range(10, 16)), 16)
        warning = DriftWarning.objects.get(client=self.alice_client, rule="pattern")
        warning.acknowledged_at = NOW
        warning.save()
        make_checkin(
            self.alice_client,
            days_ago=0,
            choices_offered="yes",
            indicators=frozenset({"friendship_drift"}),
        )
        again = DriftWarning.objects.get(client=self.alice_client, rule="pattern")
        self.assertEqual(again.pk, warning.pk)
        self.assertIsNotNone(again.acknowledged_at)

    def test_it_raises_a_new_episode_unacknowledged(self) -> None:
        friendly_history(self.alice_client, set(range(10, 15)), 15)
        first = DriftWarning.objects.get(client=self.alice_client, rule="pattern")
        first.acknowledged_at = NOW
        first.save()
        # A long quiet stretch, then the same sign comes back.
        for i in range(12):
            make_checkin(self.alice_client, days_ago=-(i + 1), choices_offered="yes")
        for i in range(6):
            make_checkin(
                self.alice_client,
                days_ago=-(i + 20),
                choices_offered="yes",
                indicators=frozenset({"friendship_drift"}),
            )
        now_open = DriftWarning.objects.get(client=self.alice_client, rule="pattern")
        self.assertNotEqual(now_open.key, first.key)
        self.assertIsNone(now_open.acknowledged_at)

    def test_it_reports_a_warning_as_opened_only_when_it_is_first_stored(self) -> None:
        friendly_history(self.alice_client, set(range(10, 16)), 16)
        DriftWarning.objects.all().delete()
        first = refresh_drift(self.alice_client, now=NOW)
        self.assertEqual([w.pk for w in first.opened], [w.pk for w in first.warnings])
        self.assertTrue(first.opened)
        again = refresh_drift(self.alice_client, now=NOW)
        self.assertEqual(again.opened, [])
        self.assertEqual({w.pk for w in again.warnings}, {w.pk for w in first.warnings})
