"""Loading Django for the command line and the benchmarks, once, with a sentence for a
setting from the environment that is wrong."""

from __future__ import annotations

import os

from fulcrum.core.errors import FulcrumError


class SettingsProblem(FulcrumError):
    """A FULCRUM_* setting from the environment cannot be used; the message says which."""


def setup_django() -> None:
    """Load Fulcrum's settings and apps once, for the commands that need the database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fulcrum.settings")
    import django
    from django.apps import apps
    from django.core.exceptions import ImproperlyConfigured

    if not apps.ready:
        try:
            django.setup()
        except ImproperlyConfigured as exc:
            raise SettingsProblem(str(exc)) from None
