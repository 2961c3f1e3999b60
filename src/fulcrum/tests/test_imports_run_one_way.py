"""Imports run one way: from the edges (api, cli, bench) through the workspace and the
areas down to the kernel and the pure core, never back up and never sideways.

The layers are listed below, lowest first; a module may import its own package and
any package of a lower layer, nothing else. Test code (``tests/`` folders,
``testing.py``, ``conftest.py``, ``browser_tests``) may import anything. Every import
is read from the syntax tree, function-level and relative imports included, so a
lazy import cannot hide a cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent

LAYERS: tuple[frozenset[str], ...] = tuple(
    frozenset(layer.split())
    for layer in (
        "core",
        "kernel settings wsgi",
        "accounts",
        "ledger",
        "history",
        "clients",
        "powermaps checkins",
        "harbour transcripts clientvoice reflection",
        "supervision vignettes",
        "incidents course",
        "policies",
        "practice_demo",
        "workspace demo",
        "api bench",
        "cli",
        "urls",
    )
)
LAYER_OF = {name: n for n, layer in enumerate(LAYERS) for name in layer}
TEST_CODE = {"tests", "browser_tests", "testing", "conftest", "migrations"}


def _is_test_code(path: Path) -> bool:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return any(p in TEST_CODE or p.startswith("test_") for p in parts)


def _module_name(path: Path) -> list[str]:
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    return parts[:-1] if parts[-1] == "__init__" else parts


def imported_packages(path: Path) -> set[str]:
    """Fulcrum's top-level packages that ``path`` imports, relative imports resolved."""
    here = _module_name(path)
    package = here if path.name == "__init__.py" else here[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[list[str]] = []
        if isinstance(node, ast.Import):
            names = [a.name.split(".") for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
                target = [*base, *(node.module.split(".") if node.module else [])]
                names = (
                    [["fulcrum", *target]] if target else [["fulcrum", a.name] for a in node.names]
                )
            elif node.module:
                names = [node.module.split(".")]
                if node.module == "fulcrum":
                    names = [["fulcrum", a.name] for a in node.names]
        found.update(n[1] for n in names if len(n) > 1 and n[0] == "fulcrum")
    return found


def violations(paths: list[Path]) -> list[str]:
    wrong = []
    for path in paths:
        owner = _module_name(path)[0]
        if owner not in LAYER_OF:
            wrong.append(f"{path.relative_to(PACKAGE)}: {owner!r} is in no layer")
            continue
        for dep in sorted(imported_packages(path) - {owner}):
            if dep not in LAYER_OF:
                wrong.append(f"{path.relative_to(PACKAGE)} imports {dep!r}, which is in no layer")
            elif LAYER_OF[dep] >= LAYER_OF[owner]:
                how = "beside" if LAYER_OF[dep] == LAYER_OF[owner] else "above"
                wrong.append(f"{path.relative_to(PACKAGE)} imports {dep} ({how} {owner})")
    return wrong


def product_modules() -> list[Path]:
    top = PACKAGE / "__init__.py"
    return sorted(p for p in PACKAGE.rglob("*.py") if p != top and not _is_test_code(p))


def test_it_finds_no_import_against_the_layers() -> None:
    assert violations(product_modules()) == []


def test_it_places_every_package_in_a_layer() -> None:
    packages = {_module_name(p)[0] for p in product_modules()}
    assert packages - LAYER_OF.keys() == set()


@pytest.mark.parametrize(
    ("where", "source", "expected"),
    [
        ("clients/views.py", "from fulcrum.workspace import views\n", "above"),
        ("checkins/services.py", "from fulcrum.powermaps.models import PowerMap\n", "beside"),
        ("kernel/svg.py", "def f():\n    from fulcrum.accounts import models\n", "above"),
        ("core/x.py", "from ..clients import models\n", "above"),
        ("bench/x.py", "from fulcrum import cli\n", "above"),
        ("clients/sub/x.py", "from ...checkins.models import CheckIn\n", "above"),
    ],
)
def test_it_catches_an_import_that_runs_the_wrong_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str, source: str, expected: str
) -> None:
    monkeypatch.setattr(f"{__name__}.PACKAGE", tmp_path)
    path = tmp_path / where
    path.parent.mkdir(parents=True)
    path.write_text(source)
    [found] = violations([path])
    assert expected in found


def test_it_lets_a_package_import_itself_and_what_lies_below(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(f"{__name__}.PACKAGE", tmp_path)
    path = tmp_path / "workspace" / "x.py"
    path.parent.mkdir(parents=True)
    path.write_text(
        "from . import views\nfrom fulcrum.clients.access import a\nimport fulcrum.core\n"
    )
    assert violations([path]) == []


def test_it_keeps_benchmarks_off_the_product_path() -> None:
    """Only `fulcrum bench` reaches the benchmarks, and it loads them by name; nothing
    the product runs (the command line's other commands included) imports one."""
    reaching = [
        str(p.relative_to(PACKAGE))
        for p in product_modules()
        if _module_name(p)[0] != "bench" and "bench" in imported_packages(p)
    ]
    assert reaching == []
