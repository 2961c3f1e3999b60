"""System checks that warn about dangerous configurations before they bite."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Warning, register


@register(deploy=True)
def check_deployment(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    return deployment_warnings(
        debug=settings.DEBUG,
        database_engine=str(settings.DATABASES["default"]["ENGINE"]),
        allowed_hosts=list(settings.ALLOWED_HOSTS),
        secure_cookies=settings.SESSION_COOKIE_SECURE,
    )


LOOPBACK = {"127.0.0.1", "localhost", "[::1]"}


def deployment_warnings(
    *, debug: bool, database_engine: str, allowed_hosts: list[str], secure_cookies: bool
) -> list[Warning]:
    """Warn about settings that are fine on one laptop and dangerous on a shared server."""
    warnings: list[Warning] = []
    exposed = any(host not in LOOPBACK for host in allowed_hosts)
    if debug:
        warnings.append(
            Warning(
                "FULCRUM_DEBUG is on: error pages would show clinical data.",
                hint="Unset FULCRUM_DEBUG for any server other people can reach.",
                id="fulcrum.W001",
            )
        )
    if database_engine.endswith("sqlite3") and exposed:
        warnings.append(
            Warning(
                "Fulcrum is reachable beyond this machine but still stores data in SQLite.",
                hint="Set FULCRUM_DB=postgres for a multi-user deployment.",
                id="fulcrum.W002",
            )
        )
    if exposed and not secure_cookies:
        warnings.append(
            Warning(
                "Session cookies are sent without the Secure flag.",
                hint="Serve Fulcrum over HTTPS and set FULCRUM_SECURE_COOKIES=true.",
                id="fulcrum.W003",
            )
        )
    return warnings
