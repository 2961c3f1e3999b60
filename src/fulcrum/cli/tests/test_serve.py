"""``fulcrum serve``: gunicorn in front of Fulcrum for a practice, never with the demo;
a taken port is one sentence; production settings pass Django's deployment check."""

from __future__ import annotations

import importlib
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from unittest import mock

import pytest

from fulcrum.cli import main

ROOT = Path(__file__).resolve().parents[4]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_it_names_a_taken_port_and_the_way_out(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(SystemExit) as exit_info:
            main(["run", "--port", str(port), "--no-demo"])
    assert exit_info.value.code == 1
    err = " ".join(capsys.readouterr().err.split())
    assert f"Port {port} is already in use" in err
    assert f"--port {port + 1}" in err
    assert "Traceback" not in err


def test_it_removes_the_demo_workspace(db: None, capsys: pytest.CaptureFixture[str]) -> None:
    demo = importlib.import_module("fulcrum.demo")
    from fulcrum.accounts.models import User

    User.objects.create_user(username=demo.DEMO_USERNAME, password=demo.DEMO_PASSWORD)
    main(["demo", "--remove"])
    assert not User.objects.filter(username=demo.DEMO_USERNAME).exists()
    assert "Removed the demo workspace." in capsys.readouterr().out


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    # A practice's environment: none of the test run's own settings or switches.
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("FULCRUM_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env.update(
        FULCRUM_DATA_DIR=str(tmp_path),
        FULCRUM_ALLOWED_HOSTS="127.0.0.1,fulcrum.example.org",
        FULCRUM_PRODUCTION="true",
        **extra,
    )
    return env


def test_it_passes_the_deployment_check_with_production_settings(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        # A practice's settings: PostgreSQL, a fixed secret key, the public name.
        env=_env(tmp_path, FULCRUM_DB="postgres", FULCRUM_SECRET_KEY=secrets.token_urlsafe(50)),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "no issues" in run.stdout


def _get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - loopback only
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=10) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def test_it_serves_with_gunicorn_hashed_static_files_and_https_only(tmp_path: Path) -> None:
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "fulcrum.cli", "serve", "--port", str(port), "--workers", "1"],
        cwd=ROOT,
        env=_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, headers, _ = _get(f"{base}/login/")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    out = server.stdout.read() if server.stdout else ""
                    pytest.fail(f"fulcrum serve did not start: {out}")
                time.sleep(0.3)
        assert status == 301
        assert headers["Location"].startswith("https://")
        status, headers, body = _get(f"{base}/login/", **{"X-Forwarded-Proto": "https"})
        assert status == 200
        assert "max-age=31536000" in headers["Strict-Transport-Security"]
        css = next(
            part.split('"')[0]
            for part in body.decode().split('href="/')[1:]
            if part.startswith("static/") and ".css" in part.split('"')[0]
        )
        assert css.count(".") >= 2, css  # fulcrum.<hash>.css
        status, headers, _ = _get(
            f"{base}/{css}", **{"X-Forwarded-Proto": "https", "Accept-Encoding": "gzip"}
        )
        assert status == 200
        assert headers.get("Content-Encoding") == "gzip"
        assert "immutable" in headers.get("Cache-Control", "")
    finally:
        server.terminate()
        server.wait(timeout=30)
        if server.stdout:
            server.stdout.close()


def test_it_refuses_a_database_that_holds_the_demo(
    db: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    demo = importlib.import_module("fulcrum.demo")
    from fulcrum.accounts.models import User

    User.objects.create_user(username=demo.DEMO_USERNAME, password=demo.DEMO_PASSWORD)
    monkeypatch.setenv("FULCRUM_PRODUCTION", "true")
    with (
        mock.patch("fulcrum.cli.workspace.prepare_database"),
        mock.patch("fulcrum.cli.serve._Gunicorn") as gunicorn,
        pytest.raises(SystemExit) as exit_info,
    ):
        main(["serve", "--port", str(_free_port())])
    assert exit_info.value.code == 1
    assert "fulcrum demo --remove" in " ".join(capsys.readouterr().err.split())
    gunicorn.assert_not_called()
