"""Every test runs on the fixed clock: none reads the real date or time.

``conftest.py`` starts each test at ``fulcrum.testing.NOW`` with time-machine (decision
0007), so what the product reads through ``timezone.now()`` is the same in every run.
Tests name the moments they mean as ``NOW`` and offsets from it; this walk finds any
test code that reads the clock instead, however the clock was imported.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from fulcrum.core.tests.purity import clock_reads
from fulcrum.testing import NOW

PACKAGE = Path(__file__).resolve().parents[1]


def _is_test_code(path: Path) -> bool:
    relative = path.relative_to(PACKAGE)
    folders = relative.parts[:-1]
    return (
        any(part in {"tests", "browser_tests"} for part in folders)
        or relative.name in {"conftest.py", "testing.py"}
    ) and path != Path(__file__).resolve()


def _test_code() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if _is_test_code(p))


def test_it_walks_the_test_code() -> None:
    names = {p.relative_to(PACKAGE).as_posix() for p in _test_code()}
    assert {"testing.py", "conftest.py", "browser_tests/conftest.py"} <= names
    assert "accounts/tests/test_sign_in_lifetime.py" in names
    assert "accounts/views.py" not in names


@pytest.mark.parametrize("path", _test_code(), ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_no_test_reads_the_real_clock(path: Path) -> None:
    relative = path.relative_to(PACKAGE).as_posix()
    assert clock_reads(path.read_text(encoding="utf-8"), relative) == []


@pytest.mark.parametrize(
    "source",
    [
        "from django.utils import timezone\nx = timezone.now()",
        "from django.utils import timezone as tz\nx = tz.now()",
        "from django.utils.timezone import now\nx = now()",
        "from django.utils import timezone\nx = timezone.localdate()",
        "from django.utils import timezone\nx = timezone.localtime()",
        "from datetime import datetime, UTC\nx = datetime.now(UTC)",
        "from datetime import date as D\nx = D.today()",
        "import time\nx = int(time.time())",
        "import time as t\nx = t.time()",
    ],
)
def test_the_walk_catches(source: str) -> None:
    assert clock_reads(source) != []


@pytest.mark.parametrize(
    "source",
    [
        "from fulcrum.testing import NOW\nx = NOW",
        "from django.utils import timezone\nx = timezone.localdate(NOW)",
        "from django.utils import timezone\nx = timezone.localtime(NOW)",
        "import time\nstarted = time.monotonic()",
        "import time\ntime.sleep(0.1)",
        "import time_machine\nwith time_machine.travel(NOW, tick=False):\n    pass",
    ],
)
def test_the_walk_lets_the_fixed_clock_through(source: str) -> None:
    assert clock_reads(source) == []


def test_it_starts_every_test_at_the_fixed_clock() -> None:
    # The one place a test reads the clock on purpose: to show it is the fixed one.
    assert NOW <= timezone.now() < NOW + timedelta(seconds=10)
