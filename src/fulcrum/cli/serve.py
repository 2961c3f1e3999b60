"""``fulcrum serve``: Fulcrum for a practice, on gunicorn (docs/deploying.md).

It never loads the demo and refuses a database that holds it (its password is
published); it migrates, collects static files with hashed, compressed names, then runs
gunicorn's threaded workers in front of the same WSGI application ``fulcrum run`` uses.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path
from typing import Annotated, Any

import typer

from fulcrum.cli import CommandError, app, err_console


def default_workers() -> int:
    """Two per core and one more, as gunicorn advises, capped for a small machine's memory."""
    return min(2 * (os.cpu_count() or 1) + 1, 9)


def check_port_free(host: str, port: int) -> None:
    """Refuse, in one sentence, a port another program is already listening on."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host.strip("[]"), port))
        except PermissionError:
            raise CommandError(
                f"Port {port} needs more rights than this user has; try --port 8000."
            ) from None
        except OSError:
            raise CommandError(
                f"Port {port} is already in use on {host} — try `--port {port + 1}`."
            ) from None


@app.command()
def serve(
    host: Annotated[
        str, typer.Option(help="Address to listen on (a reverse proxy's upstream).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    workers: Annotated[
        int | None,
        typer.Option(min=1, max=64, help="Worker processes (default: two per core, plus one)."),
    ] = None,
    threads: Annotated[int, typer.Option(min=1, max=32, help="Threads per worker.")] = 4,
) -> None:
    """Serve Fulcrum for a practice with gunicorn; never with the demo workspace."""
    os.environ.setdefault("FULCRUM_PRODUCTION", "true")
    check_port_free(host, port)
    from fulcrum.cli.workspace import demo_account_exists, prepare_database
    from fulcrum.kernel.setup import setup_django

    setup_django()
    from django.conf import settings
    from django.core.management import call_command

    if settings.DEBUG:
        raise CommandError(
            "FULCRUM_DEBUG is on: error pages would show clinical records. Turn it off to serve."
        )
    prepare_database(load_demo=False)
    if demo_account_exists():
        raise CommandError(
            "This database holds the demo workspace, whose password is published; "
            "remove it with `fulcrum demo --remove` before serving a practice."
        )
    call_command("collectstatic", interactive=False, verbosity=0)
    count = workers or default_workers()
    shown = f"[{host}]" if ":" in host else host
    err_console.print(
        f"Fulcrum is serving at http://{shown}:{port}/ with {count} workers "
        f"of {threads} threads each. Put it behind HTTPS (docs/deploying.md). "
        "Press Ctrl+C to stop."
    )
    _Gunicorn(
        {
            "bind": f"{shown}:{port}",
            "workers": count,
            "threads": threads,
            "worker_class": "gthread",
            "timeout": 60,
            "graceful_timeout": 20,
            # The request log goes through Django's handlers, which hide private URLs.
            "accesslog": None,
            "errorlog": "-",
            "forwarded_allow_ips": ",".join(settings.FULCRUM_TRUSTED_PROXIES) or "127.0.0.1",
            "proc_name": "fulcrum",
            # Load Fulcrum once in the parent (see _Gunicorn.load): every worker starts
            # with the views imported and the templates compiled, so the first people to
            # arrive after a restart do not wait for each worker to warm up.
            "preload_app": True,
        }
    ).run()


def _gunicorn_base() -> Any:
    from gunicorn.app.base import BaseApplication

    return BaseApplication


class _Gunicorn(_gunicorn_base()):  # type: ignore[misc]
    """gunicorn run from code, with Fulcrum's WSGI application and the options above."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from fulcrum.wsgi import application

        warm_up()
        return application


def warm_up() -> None:
    """Import every view and compile every page template, without touching the database.

    Runs in gunicorn's parent before the workers fork. The parent's database connections
    are closed first: a connection must never be shared across a fork.
    """
    from django.db import connections
    from django.template import engines
    from django.template.loader import get_template
    from django.template.utils import get_app_template_dirs
    from django.urls import get_resolver

    connections.close_all()
    get_resolver().url_patterns  # noqa: B018 - imports every view module
    folders = [Path(d) for e in engines.all() for d in e.engine.dirs]  # type: ignore[attr-defined]
    folders += [Path(d) for d in get_app_template_dirs("templates")]
    for folder in folders:
        for path in sorted(folder.rglob("*.html")):
            get_template(path.relative_to(folder).as_posix())
