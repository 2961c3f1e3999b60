"""What the load and crash benchmarks share: a throwaway database, `fulcrum serve` on it,
and a small HTTP client that behaves like a browser behind the practice's TLS proxy.

The server is the real one (gunicorn, production settings), run as a subprocess in a
session of its own so that it can be stopped, or killed with ``kill -9``, whole.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.client import HTTPConnection
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fulcrum.bench import BenchError

DATABASES = ("sqlite", "postgresql")


def free_port() -> int:
    """A port nothing listens on now (the kernel's choice)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _pg_params() -> dict[str, str]:
    return {
        "host": os.environ.get("FULCRUM_DB_HOST", "127.0.0.1"),
        "port": os.environ.get("FULCRUM_DB_PORT", "5432"),
        "user": os.environ.get("FULCRUM_DB_USER", "postgres"),
        "password": os.environ.get("FULCRUM_DB_PASSWORD", ""),
    }


def postgres_unavailable() -> str | None:
    """Why PostgreSQL cannot be used, or None when it can."""
    from fulcrum.bench.web import _postgres_unavailable

    return _postgres_unavailable()


def chosen_databases(text: str) -> list[str]:
    """The databases a bench's ``--databases`` names, in order; an unknown or empty list
    is refused in one sentence."""
    wanted = [d.strip().lower() for d in text.split(",") if d.strip()]
    unknown = sorted(set(wanted) - set(DATABASES))
    if unknown or not wanted:
        raise BenchError(
            f"Unknown database(s) {', '.join(unknown) or '(none)'}; "
            f"choose from {', '.join(DATABASES)}."
        )
    return wanted


def unavailable(database: str) -> str | None:
    """Why ``database`` cannot be benchmarked on this machine, or None when it can."""
    return postgres_unavailable() if database == "postgresql" else None


def _pg_admin(sql: str) -> None:
    from fulcrum.bench.web import _pg_admin as admin

    admin(sql)


@contextlib.contextmanager
def throwaway_database(database: str, name: str) -> Iterator[dict[str, str]]:
    """The environment of a Fulcrum on a fresh, empty database, removed afterwards."""
    if database not in DATABASES:
        raise BenchError(f"Unknown database {database!r}; choose from {', '.join(DATABASES)}.")
    with tempfile.TemporaryDirectory(prefix=f"fulcrum-{name}-") as tmp:
        root = Path(tmp)
        (root / "data").mkdir(mode=0o700)
        env = {
            k: v
            for k, v in os.environ.items()
            if not (k.startswith("FULCRUM_") or k == "DJANGO_SETTINGS_MODULE")
        }
        env.update(
            DJANGO_SETTINGS_MODULE="fulcrum.settings",
            FULCRUM_DATA_DIR=str(root / "data"),
            FULCRUM_KEY_DIR=str(root / "keys"),
            FULCRUM_SECRET_KEY=secrets.token_urlsafe(40),
            FULCRUM_DEBUG="0",
            FULCRUM_LOG_LEVEL="ERROR",
        )
        if database == "sqlite":
            env.update(FULCRUM_DB="sqlite", FULCRUM_SQLITE_PATH=str(root / "data" / "f.sqlite3"))
            yield env
            return
        reason = postgres_unavailable()
        if reason:
            raise BenchError(f"PostgreSQL cannot be used: {reason}")
        params = _pg_params()
        dbname = f"fulcrum_bench_{name}"
        _pg_admin(f"DROP DATABASE IF EXISTS {dbname} WITH (FORCE)")
        _pg_admin(f"CREATE DATABASE {dbname}")
        env.update(
            FULCRUM_DB="postgres",
            FULCRUM_DB_NAME=dbname,
            FULCRUM_DB_HOST=params["host"],
            FULCRUM_DB_PORT=params["port"],
            FULCRUM_DB_USER=params["user"],
            FULCRUM_DB_PASSWORD=params["password"],
        )
        try:
            yield env
        finally:
            _pg_admin(f"DROP DATABASE IF EXISTS {dbname} WITH (FORCE)")


def run_helper(module: str, args: list[str], env: dict[str, str]) -> dict[str, Any]:
    """Run ``python -m module args`` with ``env``; return the JSON of its last line."""
    proc = subprocess.run(
        [sys.executable, "-m", module, *args],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
        check=False,
    )
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    if proc.returncode != 0 or not lines:
        raise BenchError(f"The helper {module} {args[0]} failed (exit {proc.returncode}).")
    result: dict[str, Any] = json.loads(lines[-1])
    return result


@dataclass
class Server:
    """A running ``fulcrum serve``; ``kill()`` is ``kill -9`` of all its processes."""

    process: subprocess.Popen[bytes]
    port: int

    def stop(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)


def start_server(env: dict[str, str], *, workers: int | None = None, wait: float = 120) -> Server:
    """Start ``fulcrum serve`` on a free port and wait until it answers its sign-in page."""
    port = free_port()
    cmd = [sys.executable, "-m", "fulcrum.cli", "serve", "--port", str(port)]
    if workers:
        cmd += ["--workers", str(workers)]
    process = subprocess.Popen(
        cmd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    server = Server(process, port)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"`fulcrum serve` stopped at start (exit {process.returncode}).")
        try:
            status, _, _ = Browser(port).request("GET", "/login/", timeout=5)
            if status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.3)
    server.kill()
    raise BenchError(f"`fulcrum serve` did not answer within {wait:.0f} s.")


_CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Browser:
    """Cookies and headers of one browser reaching Fulcrum through a TLS proxy.

    The proxy's ``X-Forwarded-Proto: https`` is what a practice's reverse proxy sends, so
    the production settings (HTTPS redirect, secure cookies, CSRF origin checks) hold.
    """

    port: int
    cookies: dict[str, str] = field(default_factory=dict)

    def request(
        self, method: str, path: str, body: bytes | None = None, *, timeout: float = 60
    ) -> tuple[int, dict[str, str], bytes]:
        origin = f"https://127.0.0.1:{self.port}"
        headers = {
            "Host": f"127.0.0.1:{self.port}",
            "X-Forwarded-Proto": "https",
            "User-Agent": "fulcrum-bench",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = origin
            headers["Referer"] = origin + path
        conn = HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    cookie_name, _, rest = value.partition("=")
                    self.cookies[cookie_name.strip()] = rest.split(";", 1)[0]
            return response.status, dict(response.getheaders()), data
        finally:
            conn.close()

    def csrf_of(self, page: bytes) -> str:
        found = _CSRF.search(page)
        if not found:
            raise RuntimeError("The page has no CSRF token.")
        return found.group(1).decode()

    def open_sign_in(self) -> str:
        """Open the sign-in page; return its form's CSRF token."""
        status, _, page = self.request("GET", "/login/")
        if status != 200:
            raise RuntimeError(f"The sign-in page answered {status}.")
        return self.csrf_of(page)

    def sign_in(self, token: str, username: str, password: str) -> int:
        """Post the sign-in form; return the status (302 when signed in)."""
        body = urlencode(
            {"csrfmiddlewaretoken": token, "username": username, "password": password}
        ).encode()
        status, _, _ = self.request("POST", "/login/", body)
        return status
