"""Refreshing a client's stored drift warnings from the detector."""

from __future__ import annotations

from fulcrum.checkins.models import DriftWarning
from fulcrum.checkins.services import drift_report, refresh_drift
from fulcrum.testing import NOW, BaseTestCase, make_checkin


class RefreshDriftTestCase(BaseTestCase):
    def test_it_stores_the_latest_of_two_episodes_of_the_same_warning(self) -> None:
        # Quiet, a run of friendly sessions, quiet again, then the same run once more.
        friendly = {*range(10, 14), *range(24, 31)}
        for i in range(32):
            make_checkin(
                self.alice_client,
                days_ago=7 * (32 - i),
                choices_offered="yes",
                client_signals_noticed=True,
                indicators=frozenset({"friendship_drift"} if i in friendly else ()),
            )
        report = drift_report(self.alice_client, now=NOW)
        episodes = [w for w in report.warnings if w.rule == "pattern"]
        self.assertEqual(len(episodes), 2)

        refresh_drift(self.alice_client, now=NOW)

        (stored,) = DriftWarning.objects.filter(client=self.alice_client, rule="pattern")
        self.assertEqual(stored.indicator_ids, ["friendship_drift"])
        self.assertEqual(stored.detected_at, episodes[-1].detected_at)
