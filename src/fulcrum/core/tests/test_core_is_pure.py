"""Hold the core to its promise: no Django, no other Fulcrum app, no clock, no global RNG."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

CORE = Path(__file__).resolve().parents[1]
CLOCK_CALLS = {
    ("datetime", "now"),
    ("datetime", "utcnow"),
    ("date", "today"),
    ("datetime", "today"),
    ("time", "time"),
    ("time", "time_ns"),
}
# A seeded random.Random(...) passed in is fine; the module-level generator is not.
RANDOM_ALLOWED = {"Random", "SystemRandom"}


def _dotted(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return ""


def _forbidden_module(name: str) -> bool:
    top = name.split(".")
    if top[0] == "django":
        return True
    return top[0] == "fulcrum" and (len(top) == 1 or top[1] != "core")


def problems_in(source: str, filename: str = "<string>") -> list[str]:
    """Return one line per impurity found in ``source``."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source, filename)):
        where = f"{filename}:{getattr(node, 'lineno', '?')}"
        if isinstance(node, ast.Import):
            for alias in node.names:
                if _forbidden_module(alias.name):
                    found.append(f"{where}: imports {alias.name}")
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if _forbidden_module(node.module):
                found.append(f"{where}: imports from {node.module}")
            if node.module == "random":
                for alias in node.names:
                    if alias.name not in RANDOM_ALLOWED:
                        found.append(f"{where}: uses the global random.{alias.name}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            dotted = _dotted(node.func.value)
            owner = dotted.rsplit(".", 1)[-1]
            if (owner, node.func.attr) in CLOCK_CALLS:
                found.append(f"{where}: reads the clock with {owner}.{node.func.attr}()")
            if dotted == "random" and node.func.attr not in RANDOM_ALLOWED:
                found.append(f"{where}: uses the global random.{node.func.attr}()")
    return found


def core_files() -> list[Path]:
    return sorted(CORE.rglob("*.py"))


def test_it_finds_the_core_modules() -> None:
    names = {p.name for p in core_files()}
    assert {"catalogue.py", "powermap.py", "checkin.py", "errors.py"} <= names


@pytest.mark.parametrize("path", core_files(), ids=lambda p: str(p.relative_to(CORE)))
def test_core_module_is_pure(path: Path) -> None:
    assert problems_in(path.read_text(encoding="utf-8"), str(path.relative_to(CORE))) == []


@pytest.mark.parametrize(
    "source",
    [
        "import django",
        "from django.db import models",
        "import fulcrum.checkins.models",
        "from fulcrum.accounts import access",
        "from fulcrum import settings",
        "import fulcrum",
        "from datetime import datetime\nx = datetime.now()",
        "import datetime\nx = datetime.datetime.utcnow()",
        "from datetime import date\nx = date.today()",
        "import time\nx = time.time()",
        "import random\nx = random.random()",
        "from random import choice",
    ],
)
def test_the_check_catches(source: str) -> None:
    assert problems_in(source)


@pytest.mark.parametrize(
    "source",
    [
        "from fulcrum.core.errors import InvalidInput",
        "from .catalogue import load_catalogue",
        "from datetime import datetime, timezone\nx = datetime(2024, 1, 1, tzinfo=timezone.utc)",
        "import random\nrng = random.Random(7)",
        "import numpy as np\nrng = np.random.default_rng(1)",
    ],
)
def test_the_check_lets_pure_code_through(source: str) -> None:
    assert problems_in(source) == []
