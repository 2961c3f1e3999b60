"""The settings file works straight after checkout and warns about risky deployments."""

from __future__ import annotations

from django.core.checks import run_checks
from django.test import SimpleTestCase, override_settings

from fulcrum.accounts.checks import deployment_warnings


class DeploymentChecksTest(SimpleTestCase):
    def test_it_warns_when_debug_is_on(self) -> None:
        with override_settings(DEBUG=True):
            ids = {w.id for w in run_checks(include_deployment_checks=True)}
        self.assertIn("fulcrum.W001", ids)

    def test_it_warns_when_sqlite_is_exposed_beyond_loopback(self) -> None:
        found = deployment_warnings(
            debug=False,
            database_engine="django.db.backends.sqlite3",
            allowed_hosts=["fulcrum.example.org"],
            secure_cookies=False,
        )
        self.assertEqual({w.id for w in found}, {"fulcrum.W002", "fulcrum.W003"})

    def test_it_accepts_postgresql_behind_https(self) -> None:
        found = deployment_warnings(
            debug=False,
            database_engine="django.db.backends.postgresql",
            allowed_hosts=["fulcrum.example.org"],
            secure_cookies=True,
        )
        self.assertEqual(found, [])

    def test_it_is_quiet_for_a_local_install(self) -> None:
        with override_settings(DEBUG=False, ALLOWED_HOSTS=["127.0.0.1", "localhost"]):
            ids = {w.id for w in run_checks(include_deployment_checks=True)}
        self.assertFalse({"fulcrum.W001", "fulcrum.W002", "fulcrum.W003"} & ids)
