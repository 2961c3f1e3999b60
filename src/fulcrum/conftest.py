"""Fixtures shared by every test package.

Every test starts at ``fulcrum.testing.NOW`` on a clock that then runs on (time-machine,
decision 0007), so the dates a page computes are the same on every run and at any hour.

The AnnoMI development corpus lives in the shared data folder beside the repository
(``../shared/data``, or ``$FULCRUM_SHARED_DATA``) and is never copied into it. Tests
that read it skip with the reason where the folder is absent, except under CI, where
a missing corpus is a failure.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
import time_machine
from hypothesis import settings

# Property tests explore freshly on a developer's machine; under CI they replay the same
# examples every run, so a red build always means a change, never a lucky draw. No
# deadline either way: a loaded machine is not a failing property.
settings.register_profile("dev", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

REPOSITORY = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing(django_test_environment: None) -> Iterator[None]:
    """Hash the test cast's passwords cheaply: a deliberately slow hash is the point in
    production and only costs minutes in a suite that creates thousands of users."""
    from django.test.utils import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


def _the_fixed_moment() -> datetime:
    from fulcrum.testing import NOW

    return NOW


@pytest.fixture(scope="session", autouse=True)
def _fixed_clock_for_the_session() -> Iterator[None]:
    """Run what happens outside a test (class set-up, the live server) from NOW, too."""
    with time_machine.travel(_the_fixed_moment(), tick=True):
        yield


@pytest.fixture(autouse=True)
def _fixed_clock() -> Iterator[None]:
    """Start each test at NOW. The clock ticks on from there, so records made one after
    another keep their order; a test that needs it to stand still travels itself."""
    with time_machine.travel(_the_fixed_moment(), tick=True):
        yield


@pytest.fixture(scope="session", autouse=True)
def _private_data_dir(
    django_test_environment: None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    """Keep what tests write beside the data folder (the key store's secrets) out of the
    checkout: the data folder of a test run is a temporary one."""
    from django.test.utils import override_settings

    with override_settings(DATA_DIR=tmp_path_factory.mktemp("fulcrum-data") / "data"):
        yield


def shared_data_dir() -> Path:
    configured = os.environ.get("FULCRUM_SHARED_DATA")
    return Path(configured) if configured else (REPOSITORY.parent / "shared" / "data").resolve()


@pytest.fixture(scope="session")
def annomi_dev() -> Path:
    """The path of ``AnnoMI-full.dev.csv``."""
    path = shared_data_dir() / "annomi" / "AnnoMI-full.dev.csv"
    if not path.is_file():
        reason = f"The AnnoMI development corpus is not at {path}."
        if os.environ.get("CI"):
            pytest.fail(reason + " CI is set, so this is a failure, not a skip.")
        pytest.skip(reason)
    return path


@pytest.fixture(scope="session", autouse=True)
def _test_data_key(django_test_environment: None) -> Iterator[None]:
    """Give the suite its own data key, made afresh for each run, so no test depends on a
    key a developer has to make or reads the one beside their data folder."""
    from django.test.utils import override_settings

    from fulcrum.kernel.keys import encode_key, forget_cached_keys

    with override_settings(FULCRUM_DATA_KEY=encode_key(os.urandom(32))):
        forget_cached_keys()
        yield
    forget_cached_keys()
