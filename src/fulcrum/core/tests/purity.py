"""Read a module's syntax tree and say where it breaks the core's promise.

The promise: no Django and no other Fulcrum app, no clock, no global random state, and
no file, network or environment access — except where a catalogue loader reads its
packaged TOML files (``IO_ALLOWED``). Imports are resolved before they are judged:
``from .. import settings`` is ``fulcrum.settings``, ``from datetime import datetime as D``
makes ``D.now()`` a clock read, and ``import time as t`` makes ``t.time()`` one.

The same resolution serves the project's check that tests read the fixed clock rather
than the real one (``clock_reads``).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

# Wall-clock reads: the real date and time. The number is how many positional arguments
# the call may take and still read the clock (``time.localtime()`` does,
# ``time.localtime(secs)`` converts); ``None`` means any call, or a bare reference, does.
WALL_CLOCK: Mapping[str, int | None] = {
    "datetime.datetime.now": None,
    "datetime.datetime.utcnow": None,
    "datetime.datetime.today": None,
    "datetime.date.today": None,
    "time.time": None,
    "time.time_ns": None,
    "time.localtime": 0,
    "time.gmtime": 0,
    "time.ctime": 0,
    "time.asctime": 0,
    "time.strftime": 1,
    "django.utils.timezone.now": None,
    "django.utils.timezone.localdate": 0,
    "django.utils.timezone.localtime": 0,
}
# The core does not measure time either; the benchmarks do that.
CORE_CLOCK: Mapping[str, int | None] = {
    **WALL_CLOCK,
    "time.monotonic": None,
    "time.monotonic_ns": None,
    "time.perf_counter": None,
    "time.perf_counter_ns": None,
    "time.process_time": None,
    "time.thread_time": None,
}
# Where a clock read cannot be resolved (a star import, a name from elsewhere), the
# trailing words of the expression still give it away.
CLOCK_SUFFIXES = (
    "datetime.now",
    "datetime.utcnow",
    "datetime.today",
    "date.today",
    "time.time",
    "time.time_ns",
    "timezone.now",
)

# A seeded random.Random(...) passed in is fine; the module-level generator is not.
RANDOM_ALLOWED = frozenset({"Random", "SystemRandom"})
NUMPY_RANDOM_ALLOWED = frozenset(
    {"default_rng", "Generator", "SeedSequence", "BitGenerator", "PCG64", "PCG64DXSM"}
    | {"Philox", "SFC64", "MT19937"}
)

# Modules that exist to reach the network, other processes or the file system.
OUTSIDE_MODULES = {
    "socket": "the network",
    "ssl": "the network",
    "socketserver": "the network",
    "asyncio": "the network",
    "selectors": "the network",
    "urllib.request": "the network",
    "urllib.error": "the network",
    "http.client": "the network",
    "http.server": "the network",
    "http.cookiejar": "the network",
    "ftplib": "the network",
    "smtplib": "the network",
    "poplib": "the network",
    "imaplib": "the network",
    "xmlrpc": "the network",
    "webbrowser": "the network",
    "requests": "the network",
    "httpx": "the network",
    "urllib3": "the network",
    "aiohttp": "the network",
    "subprocess": "other processes",
    "multiprocessing": "other processes",
    "shutil": "the file system",
    "tempfile": "the file system",
    "glob": "the file system",
    "fileinput": "the file system",
    "sqlite3": "the file system",
    "shelve": "the file system",
    "dbm": "the file system",
}
ENVIRONMENT = frozenset(
    {"os.environ", "os.environb", "os.getenv", "os.getenvb", "os.putenv", "os.unsetenv"}
    | {"sys.argv"}
)
CONSOLE = frozenset({"sys.stdin", "sys.stdout", "sys.stderr", "builtins.input", "builtins.print"})
# The parts of ``os`` that are arithmetic on strings rather than calls to the system.
OS_PURE = frozenset(
    {"os.sep", "os.altsep", "os.extsep", "os.linesep", "os.curdir", "os.pardir", "os.fspath"}
    | {"os.PathLike", "os.path", "os.path.join", "os.path.basename", "os.path.dirname"}
    | {"os.path.split", "os.path.splitext", "os.path.normpath", "os.path.normcase"}
    | {"os.path.isabs", "os.path.commonpath", "os.path.sep"}
)
DYNAMIC = frozenset(
    {"builtins.__import__", "builtins.exec", "builtins.eval", "builtins.compile"}
    | {"importlib.import_module", "importlib.__import__"}
)
# Calls that open a file by name, unless what they are given is an in-memory buffer.
FILE_OPENERS = frozenset(
    {"builtins.open", "io.open", "io.FileIO", "codecs.open", "zipfile.ZipFile", "tarfile.open"}
    | {"gzip.open", "bz2.open", "lzma.open", "numpy.load", "numpy.save", "numpy.savez"}
    | {"numpy.savez_compressed", "numpy.loadtxt", "numpy.savetxt", "numpy.genfromtxt"}
    | {"numpy.fromfile", "numpy.memmap", "scipy.sparse.load_npz", "scipy.sparse.save_npz"}
)
MEMORY_BUFFERS = frozenset({"io.BytesIO", "io.StringIO"})
# Methods that only a path (or an open archive) has: reading, writing, listing, probing.
PATH_METHODS = frozenset(
    {"open", "read_text", "read_bytes", "write_text", "write_bytes", "touch", "mkdir"}
    | {"rmdir", "unlink", "iterdir", "glob", "rglob", "exists", "is_file", "is_dir", "stat"}
    | {"lstat", "chmod", "rename", "symlink_to", "hardlink_to", "readlink", "resolve"}
    | {"expanduser", "home", "cwd", "samefile", "owner"}
)
BUILTINS_OF_INTEREST = frozenset({"open", "input", "print", "__import__", "exec", "eval"}) | {
    "compile"
}

# The catalogue loaders read Fulcrum's own packaged TOML files, and nothing else does.
# Keys are (file relative to core, function); an entry excuses file access there only.
IO_ALLOWED: Mapping[tuple[str, str], str] = {
    ("catalogue.py", "_entries"): "reads one of the packaged catalogue's TOML files",
    ("reflection.py", "_load"): "reads the packaged prompt library",
    ("deid/lexicon.py", "_words"): "reads one of the de-identifier's packaged word lists",
    ("deid/lexicon.py", "_gzip_words"): "reads the de-identifier's packaged dictionary",
    ("deid/lexicon.py", "load_lexicon"): "reads the de-identifier's packaged cue table",
    ("deid/tagger.py", "load_tagger"): "reads the de-identifier's packaged tagger archive",
    ("policies/starters.py", "_read"): "reads the packaged starter texts for practice policies",
    ("course/content.py", "_read"): "reads one of the packaged course's module files",
    ("course/content.py", "_list_modules"): "lists the packaged course's module files",
}


@dataclass(frozen=True)
class Problem:
    """One impurity: where, what kind (import, clock, random, file, outside), and a sentence."""

    line: int
    kind: str
    function: str
    message: str


def module_name(relative_path: str, package: str = "fulcrum.core") -> str:
    """Return the dotted module name of a file given relative to ``package``'s folder."""
    parts = relative_path.removesuffix(".py").split("/")
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join([package, *parts]) if parts else package


class _Resolver:
    """What each imported name in a module stands for, as a dotted absolute name."""

    def __init__(self, tree: ast.Module, module: str, is_package: bool) -> None:
        self.module = module
        self.package = module if is_package else module.rpartition(".")[0]
        self.aliases: dict[str, str] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.asname:
                        self.aliases[alias.asname] = alias.name
                    else:
                        top = alias.name.split(".")[0]
                        self.aliases[top] = top
            elif isinstance(node, ast.ImportFrom):
                base = self.absolute(node)
                for alias in node.names:
                    if alias.name != "*" and base is not None:
                        self.aliases[alias.asname or alias.name] = f"{base}.{alias.name}"
        # A name bound to an imported thing is that thing too: ``D = datetime.datetime``.
        # Two passes follow a chain of two such names; scopes are not told apart, which
        # errs towards reporting.
        for _ in range(2):
            for node in ast.walk(tree):
                if isinstance(node, ast.Assign) and len(node.targets) == 1:
                    target, value = node.targets[0], node.value
                    if isinstance(target, ast.Name) and isinstance(value, ast.Name | ast.Attribute):
                        resolved = self.resolve(value)
                        if resolved and not resolved.startswith("builtins."):
                            self.aliases.setdefault(target.id, resolved)

    def absolute(self, node: ast.ImportFrom) -> str | None:
        """Return the module an import reads from; ``None`` when it climbs out of Fulcrum."""
        if node.level == 0:
            return node.module or ""
        parts = self.package.split(".")
        if node.level - 1 >= len(parts):
            return None
        base = ".".join(parts[: len(parts) - (node.level - 1)])
        return f"{base}.{node.module}" if node.module else base

    def resolve(self, node: ast.expr) -> str | None:
        if isinstance(node, ast.Name):
            if node.id in self.aliases:
                return self.aliases[node.id]
            return f"builtins.{node.id}" if node.id in BUILTINS_OF_INTEREST else None
        if isinstance(node, ast.Attribute):
            base = self.resolve(node.value)
            return f"{base}.{node.attr}" if base else None
        return None


def _dotted(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return ""


def _under(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def _foreign(name: str) -> bool:
    """Is ``name`` Django or a Fulcrum package other than the core?"""
    if _under(name, "django"):
        return True
    return _under(name, "fulcrum") and not _under(name, "fulcrum.core")


def _clock_read(name: str, call: ast.Call | None, clock: Mapping[str, int | None]) -> bool:
    if name not in clock:
        return False
    most = clock[name]
    if most is None:
        return True
    return call is not None and len(call.args) <= most and not call.keywords


class _Walker(ast.NodeVisitor):
    def __init__(
        self, resolver: _Resolver, clock: Mapping[str, int | None], check_io: bool
    ) -> None:
        self.names = resolver
        self.clock = clock
        self.check_io = check_io
        self.found: list[Problem] = []
        self.functions: list[str] = []
        self.memory: set[str] = set()
        self.calls: dict[int, ast.Call] = {}

    # --- bookkeeping ---------------------------------------------------------------

    def add(self, node: ast.AST, kind: str, message: str) -> None:
        function = ".".join(self.functions)
        self.found.append(Problem(getattr(node, "lineno", 0), kind, function, message))

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self._scoped(node)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        self._scoped(node)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self._scoped(node)

    def _scoped(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> None:
        self.functions.append(node.name)
        self.generic_visit(node)
        self.functions.pop()

    def in_memory(self, node: ast.expr) -> bool:
        """Is ``node`` an in-memory buffer, or something opened over one?"""
        if isinstance(node, ast.Name):
            return node.id in self.memory
        if isinstance(node, ast.Call):
            name = self.names.resolve(node.func)
            if name in MEMORY_BUFFERS:
                return True
            return name in FILE_OPENERS and bool(node.args) and self.in_memory(node.args[0])
        return False

    def _bind(self, target: ast.expr | None, value: ast.expr) -> None:
        if isinstance(target, ast.Name) and self.in_memory(value):
            self.memory.add(target.id)

    def visit_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            self._bind(target, node.value)
        self.generic_visit(node)

    def visit_With(self, node: ast.With) -> None:
        for item in node.items:
            self._bind(item.optional_vars, item.context_expr)
        self.generic_visit(node)

    # --- imports -------------------------------------------------------------------

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if _foreign(alias.name):
                self.add(node, "import", f"imports {alias.name}")
            self._imported(node, alias.name)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        base = self.names.absolute(node)
        shown = "." * node.level + (node.module or "")
        if base is None:
            self.add(node, "import", f"imports from {shown}, which climbs out of Fulcrum")
            return
        for alias in node.names:
            full = base if alias.name == "*" else f"{base}.{alias.name}"
            if _foreign(full):
                self.add(node, "import", f"imports {full} (from {shown})")
            self._imported(node, full)

    def _imported(self, node: ast.AST, name: str) -> None:
        """Judge what an import brings in as if it were used: ``from time import time``."""
        for module, what in OUTSIDE_MODULES.items():
            if self.check_io and _under(name, module):
                self.add(node, "outside", f"imports {name}, which reaches {what}")
                return
        self._judge(node, name, call=None)

    # --- uses ----------------------------------------------------------------------

    def visit_Call(self, node: ast.Call) -> None:
        self.calls[id(node.func)] = node
        if isinstance(node.func, ast.Attribute) and self.check_io:
            name = self.names.resolve(node.func)
            if (
                node.func.attr in PATH_METHODS
                and (name is None or _under(name, "pathlib"))
                and not self.in_memory(node.func.value)
            ):
                self.add(node, "file", f"touches the file system with .{node.func.attr}()")
        name = self.names.resolve(node.func)
        opens_by_name = not (node.args and self.in_memory(node.args[0]))
        if name in FILE_OPENERS and self.check_io and opens_by_name:
            shown = (name or "").removeprefix("builtins.")
            self.add(node, "file", f"opens a file with {shown}()")
        if name == "numpy.datetime64" and any(
            isinstance(a, ast.Constant) and a.value in ("now", "today") for a in node.args
        ):
            self.add(node, "clock", "reads the clock with numpy.datetime64('now')")
        self.generic_visit(node)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        self._reference(node)

    def visit_Name(self, node: ast.Name) -> None:
        self._reference(node)

    def _reference(self, node: ast.Attribute | ast.Name) -> None:
        name = self.names.resolve(node)
        call = self.calls.get(id(node))
        if name is None:
            dotted = _dotted(node)
            if isinstance(node, ast.Attribute) and any(
                dotted == s or dotted.endswith("." + s) for s in CLOCK_SUFFIXES
            ):
                self.add(node, "clock", f"reads the clock with {dotted}()")
            self.generic_visit(node)
            return
        if self._judge(node, name, call):
            return  # the outermost name that breaks a rule is enough; skip its parts
        self.generic_visit(node)

    def _judge(self, node: ast.AST, name: str, call: ast.Call | None) -> bool:
        shown = name.removeprefix("builtins.")
        if _clock_read(name, call, self.clock):
            self.add(node, "clock", f"reads the clock with {shown}()")
            return True
        random_name = name.removeprefix("random.")
        if _under(name, "random") and name != "random" and random_name not in RANDOM_ALLOWED:
            self.add(node, "random", f"uses the global {name}")
            return True
        numpy_random = _under(name, "numpy.random") and name != "numpy.random"
        if numpy_random and name.split(".")[2] not in NUMPY_RANDOM_ALLOWED:
            self.add(node, "random", f"uses NumPy's global random state ({name})")
            return True
        if name in DYNAMIC:
            self.add(node, "outside", f"runs or imports code by name with {shown}()")
            return True
        if not self.check_io:
            return False
        if any(_under(name, e) for e in ENVIRONMENT):
            self.add(node, "outside", f"reads or writes the environment with {shown}")
            return True
        if any(_under(name, c) for c in CONSOLE):
            self.add(node, "outside", f"uses the console with {shown}")
            return True
        if _under(name, "os") and name != "os" and name not in OS_PURE:
            self.add(node, "outside", f"asks the operating system with {name}")
            return True
        for module, what in OUTSIDE_MODULES.items():
            if _under(name, module):
                self.add(node, "outside", f"reaches {what} with {name}")
                return True
        return False


def find_problems(
    source: str,
    filename: str = "<string>",
    *,
    module: str = "fulcrum.core.snippet",
    is_package: bool = False,
    clock: Mapping[str, int | None] = CORE_CLOCK,
    check_io: bool = True,
    io_allowed: Mapping[tuple[str, str], str] | None = None,
) -> list[Problem]:
    """Return every impurity in ``source``, file access in an allowed function excepted."""
    tree = ast.parse(source, filename)
    walker = _Walker(_Resolver(tree, module, is_package), clock, check_io)
    walker.visit(tree)
    allowed = io_allowed or {}
    return [p for p in walker.found if not (p.kind == "file" and (filename, p.function) in allowed)]


def problems_in(
    source: str,
    filename: str = "<string>",
    *,
    module: str = "fulcrum.core.snippet",
    is_package: bool = False,
    check_io: bool = True,
    io_allowed: Mapping[tuple[str, str], str] | None = None,
) -> list[str]:
    """Return one line per impurity found in ``source`` (see ``find_problems``)."""
    problems = find_problems(
        source,
        filename,
        module=module,
        is_package=is_package,
        check_io=check_io,
        io_allowed=io_allowed,
    )
    return [f"{filename}:{p.line}: {p.message}" for p in problems]


def clock_reads(source: str, filename: str = "<string>") -> list[str]:
    """Return one line per read of the real date or time in ``source`` (a test module)."""
    found = find_problems(
        source, filename, module="fulcrum.tests.snippet", clock=WALL_CLOCK, check_io=False
    )
    return [f"{filename}:{p.line}: {p.message}" for p in found if p.kind == "clock"]


def iter_allowed_functions(tree: ast.Module) -> Iterator[str]:
    """Yield the qualified names of the functions and classes defined in ``tree``."""
    stack: list[tuple[ast.AST, str]] = [(tree, "")]
    while stack:
        node, prefix = stack.pop()
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                name = f"{prefix}.{child.name}" if prefix else child.name
                yield name
                stack.append((child, name))
            else:
                stack.append((child, prefix))
