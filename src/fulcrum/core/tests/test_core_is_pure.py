"""Hold the core to its promise: no Django, no other Fulcrum app, no clock, no global RNG,
and no file, network or environment access outside the catalogue loaders.

The checker lives in ``purity.py``; the tests below show it catching each kind of
impurity, so a guard that stopped guarding would fail here first. Test modules inside
the core may read their own fixture files, so only the core's product modules are held
to the file, network and environment rule.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from fulcrum.core.tests.purity import (
    IO_ALLOWED,
    find_problems,
    iter_allowed_functions,
    module_name,
    problems_in,
)

CORE = Path(__file__).resolve().parents[1]


def core_files() -> list[Path]:
    return sorted(CORE.rglob("*.py"))


def _relative(path: Path) -> str:
    return path.relative_to(CORE).as_posix()


def _is_test_module(relative: str) -> bool:
    return "tests" in relative.split("/")[:-1]


def check_core_file(path: Path) -> list[str]:
    relative = _relative(path)
    return problems_in(
        path.read_text(encoding="utf-8"),
        relative,
        module=module_name(relative),
        is_package=path.name == "__init__.py",
        check_io=not _is_test_module(relative),
        io_allowed=IO_ALLOWED,
    )


def test_it_finds_the_core_modules() -> None:
    names = {p.name for p in core_files()}
    assert {"catalogue.py", "powermap.py", "checkin.py", "errors.py", "docx.py"} <= names


@pytest.mark.parametrize("path", core_files(), ids=_relative)
def test_core_module_is_pure(path: Path) -> None:
    assert check_core_file(path) == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # Django and the apps, however they are named.
        ("import django", "imports django"),
        ("from django.db import models", "imports django.db.models"),
        ("import fulcrum.checkins.models", "imports fulcrum.checkins.models"),
        ("from fulcrum.accounts import access", "imports fulcrum.accounts.access"),
        ("from fulcrum import settings", "imports fulcrum.settings"),
        ("import fulcrum", "imports fulcrum"),
        ("import django.db as db", "imports django.db"),
        # Relative imports that reach out of the core (the snippet sits in fulcrum.core).
        ("from .. import settings", "imports fulcrum.settings (from ..)"),
        ("from ..accounts import access", "imports fulcrum.accounts.access (from ..accounts)"),
        ("from ... import x", "climbs out of Fulcrum"),
        # The clock, directly and through aliases.
        ("from datetime import datetime\nx = datetime.now()", "datetime.datetime.now()"),
        ("import datetime\nx = datetime.datetime.utcnow()", "datetime.datetime.utcnow()"),
        ("from datetime import date\nx = date.today()", "datetime.date.today()"),
        ("from datetime import datetime as D\nx = D.now()", "datetime.datetime.now()"),
        ("from datetime import date as day\nx = day.today()", "datetime.date.today()"),
        ("import datetime as dt\nx = dt.date.today()", "datetime.date.today()"),
        ("from datetime import datetime\nnow = datetime.now\nx = now()", "datetime.now()"),
        ("import datetime\nD = datetime.datetime\nx = D.now()", "datetime.datetime.now()"),
        ("import datetime\nM = datetime\nD = M.date\nx = D.today()", "datetime.date.today()"),
        ("import os\nenv = os.environ\nx = env['HOME']", "the environment with os.environ"),
        ("import time\nx = time.time()", "time.time()"),
        ("import time as t\nx = t.time()", "time.time()"),
        ("from time import time\nx = time()", "time.time()"),
        ("from time import time_ns as ns", "time.time_ns()"),
        ("import time\nx = time.localtime()", "time.localtime()"),
        ("import time\nx = time.perf_counter()", "time.perf_counter()"),
        ("from datetime import *\nx = datetime.now()", "datetime.now()"),
        ("import numpy as np\nx = np.datetime64('now')", "numpy.datetime64('now')"),
        # Module-level random state.
        ("import random\nx = random.random()", "uses the global random.random"),
        ("from random import choice", "uses the global random.choice"),
        ("import random as r\nx = r.shuffle([1])", "uses the global random.shuffle"),
        ("import numpy as np\nx = np.random.rand(3)", "NumPy's global random state"),
        # Files.
        ("data = open('notes.txt').read()", "opens a file with open()"),
        ("import io\nf = io.open('notes.txt')", "opens a file with io.open()"),
        ("from pathlib import Path\nx = Path('a.txt').read_text()", ".read_text()"),
        ("from pathlib import Path\nPath('a.txt').write_bytes(b'')", ".write_bytes()"),
        ("def f(path):\n    with path.open('rb') as fh:\n        return fh.read()", ".open()"),
        ("from pathlib import Path\nhere = Path.cwd()", ".cwd()"),
        ("import zipfile\nz = zipfile.ZipFile('a.zip')", "opens a file with zipfile.ZipFile()"),
        ("import numpy as np\nx = np.load('model.npz')", "opens a file with numpy.load()"),
        ("import os.path\nx = os.path.exists('a')", "os.path.exists"),
        ("import shutil\nshutil.copy('a', 'b')", "reaches the file system"),
        # The network and other processes.
        ("import socket", "imports socket, which reaches the network"),
        ("import urllib.request", "imports urllib.request, which reaches the network"),
        ("from urllib.request import urlopen", "reaches the network"),
        ("import urllib\nx = urllib.request.urlopen('http://x')", "reaches the network"),
        ("from http import client", "imports http.client, which reaches the network"),
        ("import http.client as hc", "reaches the network"),
        ("import subprocess\nsubprocess.run(['ls'])", "reaches other processes"),
        ("import os\nos.system('ls')", "asks the operating system with os.system"),
        # The environment, the console and code loaded by name.
        ("import os\nx = os.environ['HOME']", "the environment with os.environ"),
        ("import os\nx = os.environ.get('HOME')", "the environment with os.environ.get"),
        ("import os\nx = os.getenv('HOME')", "the environment with os.getenv"),
        ("from os import environ", "the environment with os.environ"),
        ("from os import getenv as g\nx = g('HOME')", "the environment with os.getenv"),
        ("import sys\nx = sys.argv", "the environment with sys.argv"),
        ("print('hello')", "uses the console with print"),
        ("import importlib\nm = importlib.import_module('x')", "with importlib.import_module()"),
        ("m = __import__('django')", "by name with __import__()"),
    ],
)
def test_the_check_catches(source: str, expected: str) -> None:
    found = problems_in(source)
    assert any(expected in line for line in found), found


@pytest.mark.parametrize(
    "source",
    [
        "from fulcrum.core.errors import InvalidInput",
        "from .catalogue import load_catalogue",
        "from . import catalogue",
        "from fulcrum import core",
        "from datetime import datetime, timezone\nx = datetime(2024, 1, 1, tzinfo=timezone.utc)",
        "from datetime import datetime\ndef f(now: datetime) -> datetime:\n    return now",
        "import time\nx = time.localtime(0)",
        "import random\nrng = random.Random(7)",
        "import numpy as np\nrng = np.random.default_rng(1)",
        "import numpy as np\nx = np.datetime64('2026-01-01')",
        "from pathlib import Path\nDATA = Path(__file__).parent / 'data'",
        "import io, zipfile\nwith zipfile.ZipFile(io.BytesIO(b'')) as z:\n    z.open('a')",
        "import io\nimport numpy as np\nbuffer = io.BytesIO()\nnp.savez_compressed(buffer, a=1)",
        "import io\nimport numpy as np\nwith np.load(io.BytesIO(b''), allow_pickle=False) as a:"
        "\n    pass",
        "import os\nx = os.path.join('a', 'b')",
        "from urllib.parse import quote",
        "from http import HTTPStatus",
        "text = 'open the window'.replace('open', 'shut')",
    ],
)
def test_the_check_lets_pure_code_through(source: str) -> None:
    assert problems_in(source) == []


def test_it_resolves_relative_imports_from_where_the_module_sits() -> None:
    # Three levels up from core/transcripts/coding/ is still fulcrum.core; four is not.
    module = module_name("transcripts/coding/learned.py")
    assert module == "fulcrum.core.transcripts.coding.learned"
    assert problems_in("from ...errors import ParseError", module=module) == []
    assert problems_in("from ....accounts import access", module=module) == [
        "<string>:1: imports fulcrum.accounts.access (from ....accounts)"
    ]
    package = module_name("transcripts/__init__.py")
    assert package == "fulcrum.core.transcripts"
    assert problems_in("from .. import errors", module=package, is_package=True) == []
    assert problems_in("from ... import settings", module=package, is_package=True) != []


def test_it_excuses_file_access_only_in_the_allowed_loaders() -> None:
    source = "def _entries(path):\n    with path.open('rb') as fh:\n        return fh.read()\n"
    allowed = {("catalogue.py", "_entries"): "reads the catalogue"}
    assert problems_in(source, "catalogue.py", io_allowed=allowed) == []
    # The same code anywhere else, or under another name, is caught.
    assert problems_in(source, "powermap.py", io_allowed=allowed) != []
    renamed = source.replace("_entries", "_read_anything")
    assert problems_in(renamed, "catalogue.py", io_allowed=allowed) != []
    # The allowance covers files only: the environment stays out of reach there too.
    environ = "import os\ndef _entries(path):\n    return os.environ['CATALOGUE']\n"
    assert problems_in(environ, "catalogue.py", io_allowed=allowed) != []


@pytest.mark.parametrize(("where", "reason"), IO_ALLOWED.items(), ids=lambda x: str(x))
def test_every_allowance_names_a_loader_that_still_reads_a_file(
    where: tuple[str, str], reason: str
) -> None:
    filename, function = where
    source = (CORE / filename).read_text(encoding="utf-8")
    assert function in set(iter_allowed_functions(ast.parse(source))), reason
    # Without the allowance the loader's file access is reported, so the entry is needed.
    found = find_problems(source, filename, module=module_name(filename))
    assert any(p.kind == "file" and p.function == function for p in found), reason


def test_it_reads_test_modules_for_imports_and_the_clock_but_not_files() -> None:
    source = "from pathlib import Path\nGOLDEN = Path(__file__).parent.joinpath('a').read_text()\n"
    assert problems_in(source, check_io=False) == []
    assert problems_in(source + "import django\n", check_io=False) != []
    clock = "from datetime import datetime as D\nx = D.now()\n"
    assert problems_in(clock, check_io=False) != []
