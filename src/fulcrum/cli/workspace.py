"""Workspace commands: ``fulcrum run``, ``demo``, ``export`` and ``manage``.

Django is set up only inside these commands, so ``fulcrum --help`` and the pure
commands never pay for it.
"""

from __future__ import annotations

import importlib
import os
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from fulcrum.cli import CommandError, app, err_console
from fulcrum.kernel.links import is_loopback
from fulcrum.kernel.setup import setup_django

if TYPE_CHECKING:
    pass

console = Console(highlight=False)

EXPORT_FORMATS = ("json", "csv")  # as fulcrum.workspace.export offers


def _now() -> datetime:
    from django.utils import timezone

    return timezone.now()


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str


@dataclass(frozen=True)
class Prepared:
    """What ``prepare_database`` did: whether it loaded the demo, and its login if known."""

    demo_loaded: bool
    demo_login: DemoLogin | None
    demo_available: bool


def _demo_module() -> Any:
    # The demo loader is optional: without it Fulcrum still runs with an empty database.
    try:
        return importlib.import_module("fulcrum.demo")
    except ModuleNotFoundError as exc:
        if exc.name != "fulcrum.demo":
            raise
        return None


def prepare_database(*, load_demo: bool, now: datetime | None = None) -> Prepared:
    """Apply migrations quietly and, on a database with no users, load the demo workspace."""
    setup_django()
    from django.core.management import call_command

    from fulcrum.accounts.models import User
    from fulcrum.kernel.keys import KeyStoreError, ensure_data_key

    try:
        ring, made = ensure_data_key()
    except (KeyStoreError, OSError) as exc:
        raise CommandError(str(exc)) from None
    if made:
        err_console.print(
            f"Made the data key at {ring.path}; back it up apart from the database "
            "(docs/encryption.md)."
        )
    call_command("migrate", interactive=False, verbosity=0)
    demo = _demo_module()
    loaded = False
    if load_demo and demo is not None and not User.objects.exists():
        demo.load_demo(now=now or _now())
        loaded = True
    login = None
    if demo is not None and User.objects.filter(username=demo.DEMO_USERNAME).exists():
        login = DemoLogin(demo.DEMO_USERNAME, demo.DEMO_PASSWORD)
    return Prepared(demo_loaded=loaded, demo_login=login, demo_available=demo is not None)


def demo_account_exists() -> bool:
    """Whether the database holds a demo account (whose password is published)."""
    demo = _demo_module()
    if demo is None:
        return False
    from fulcrum.accounts.models import User

    names = getattr(demo, "DEMO_USERNAMES", (demo.DEMO_USERNAME,))
    return User.objects.filter(username__in=names).exists()


def _print_login(login: DemoLogin | None) -> None:
    if login is not None:
        console.print(
            f"Demo login: username [bold]{login.username}[/bold], "
            f"password [bold]{login.password}[/bold]"
        )
        supervisor = getattr(_demo_module(), "DEMO_SUPERVISOR_USERNAME", None)
        if supervisor:
            console.print(
                f"Their supervisor: username [bold]{supervisor}[/bold], the same password "
                "(Fulcrum asks a supervisor to turn on a second factor first)."
            )


@app.command()
def run(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    demo: Annotated[
        bool,
        typer.Option("--demo/--no-demo", help="Load the demo workspace into an empty database."),
    ] = True,
    allow_remote: Annotated[
        bool,
        typer.Option(
            "--allow-remote", help="Allow listening on an address other machines can reach."
        ),
    ] = False,
) -> None:
    """Prepare the database and serve Fulcrum on this machine."""
    if not is_loopback(host):
        if not allow_remote:
            raise CommandError(
                f"Refusing to listen on {host}: other machines could reach clinical records "
                "over plain HTTP from a development server; pass --allow-remote if you mean it."
            )
        if not os.environ.get("FULCRUM_ALLOWED_HOSTS"):
            err_console.print(
                "Note: set FULCRUM_ALLOWED_HOSTS to the name people will use to reach Fulcrum, "
                "or Django will refuse their requests."
            )
    from fulcrum.cli.serve import check_port_free

    check_port_free(host, port)
    prepared = prepare_database(load_demo=demo)
    shown = f"[{host}]" if ":" in host else host
    console.print(f"Fulcrum is running at [bold]http://{shown}:{port}/[/bold]")
    if prepared.demo_loaded:
        console.print("Loaded the demo workspace.")
    _print_login(prepared.demo_login)
    if prepared.demo_login is None:
        console.print(f"Sign up at http://{shown}:{port}/signup/ to start your own workspace.")
    console.print("Press Ctrl+C to stop.")

    from django.core.management import call_command

    if is_loopback(host):
        # On this machine alone, Django's threaded server is what Fulcrum is meant to run
        # on; its warning is for servers other people reach, so it stays for those.
        os.environ.setdefault("DJANGO_RUNSERVER_HIDE_WARNING", "true")
    call_command(
        "runserver",
        f"{shown}:{port}",
        use_ipv6=":" in host,
        use_reloader=False,
        insecure_serving=True,
    )


@app.command("demo")
def demo_command(
    reset: Annotated[
        bool, typer.Option("--reset", help="Delete the demo user and load afresh.")
    ] = False,
    remove: Annotated[
        bool,
        typer.Option("--remove", help="Delete the demo user and its workspace, and load nothing."),
    ] = False,
) -> None:
    """Load the demo workspace (an invented caseload to explore Fulcrum with)."""
    prepare_database(load_demo=False)
    demo = _demo_module()
    if demo is None:
        raise CommandError("This copy of Fulcrum has no demo workspace (fulcrum.demo is missing).")
    from fulcrum.accounts.models import User

    existing = User.objects.filter(username=demo.DEMO_USERNAME)
    if remove:
        found = demo.remove_demo()
        console.print("Removed the demo workspace." if found else "There was no demo workspace.")
        return
    if existing.exists():
        if not reset:
            console.print("The demo workspace is already loaded; use --reset to rebuild it.")
            _print_login(DemoLogin(demo.DEMO_USERNAME, demo.DEMO_PASSWORD))
            return
        # The demo accounts go with their whole workspaces and their invented record.
        demo.remove_demo()
    demo.load_demo(now=_now())
    console.print("Loaded the demo workspace.")
    _print_login(DemoLogin(demo.DEMO_USERNAME, demo.DEMO_PASSWORD))


@app.command()
def export(
    user: Annotated[str, typer.Option("--user", help="Whose workspace to export (username).")],
    fmt: Annotated[
        str, typer.Option("--format", help="json (everything) or csv (check-ins).")
    ] = "json",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="File to write; standard output if left out."),
    ] = None,
    include_alias: Annotated[
        bool,
        typer.Option(
            "--include-alias",
            help=(
                "Include clients' aliases, as written in notes too, and transcripts' file and "
                "speaker names: all may identify a client."
            ),
        ),
    ] = False,
    transcripts: Annotated[
        bool,
        typer.Option(
            "--transcripts/--no-transcripts",
            help="Include what was said in each transcript (leave it out for a smaller file).",
        ),
    ] = True,
    passphrase: Annotated[
        bool,
        typer.Option(
            "--passphrase",
            help=(
                "Seal the file with a passphrase (from FULCRUM_BACKUP_PASSPHRASE, or asked "
                "for); `fulcrum import` opens it. Needs --output."
            ),
        ),
    ] = False,
) -> None:
    """Export one user's workspace as JSON, or its check-ins as CSV."""
    fmt = fmt.lower()
    if fmt not in EXPORT_FORMATS:
        raise CommandError(f"Unknown format {fmt!r}; use json or csv.")
    if passphrase and output is None:
        raise CommandError("A sealed export goes to a file: give --output with --passphrase.")
    if output is not None and not output.parent.is_dir():
        raise CommandError(f"The folder {str(output.parent)!r} does not exist.")
    setup_django()
    from fulcrum.accounts.models import Role, User
    from fulcrum.accounts.roles import holds

    try:
        owner = User.objects.get(username=user)
    except User.DoesNotExist:
        raise CommandError(f"There is no user called {user!r}.") from None
    if not holds(owner, Role.PRACTITIONER):
        raise CommandError(f"{user!r} does not hold the practitioner role, so has no workspace.")

    from fulcrum.workspace.export import export_workspace

    progress = Progress(
        TextColumn("Exporting"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("clients"),
        console=err_console,
        transient=True,
    )
    with progress:
        text = export_workspace(
            owner,
            fmt=fmt,
            include_alias=include_alias,
            include_transcripts=transcripts,
            track=progress.track,
        )
    if passphrase and output is not None:
        from fulcrum.cli.backup import ask_passphrase
        from fulcrum.kernel.backup import EXPORT_FORMAT, BackupError, write_sealed

        manifest = {
            "format": EXPORT_FORMAT,
            "version": 1,
            "content": fmt,
            "made_at": _now().isoformat(),
        }
        try:
            write_sealed(
                output,
                text.encode("utf-8"),
                manifest,
                passphrase=ask_passphrase(confirm=True),
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        err_console.print(f"Wrote {output}, sealed with a passphrase.")
        return
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        from fulcrum.kernel.files import write_private_text

        try:
            write_private_text(output, text)
        except OSError as exc:
            raise CommandError(f"Cannot write {output}: {exc.strerror}.") from None
        err_console.print(f"Wrote {output}.")


@app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="A JSON file written by `fulcrum export`.")],
    user: Annotated[
        str, typer.Option("--user", help="The account to load it into (new or empty).")
    ],
) -> None:
    """Load a `fulcrum export` JSON (sealed or not) into an empty workspace."""
    prepare_database(load_demo=False)
    from fulcrum.accounts.models import User
    from fulcrum.kernel.backup import (
        EXPORT_FORMAT,
        BackupError,
        is_sealed_file,
        open_sealed,
        read_manifest,
    )
    from fulcrum.workspace.importing import import_workspace, read_export

    try:
        owner = User.objects.get(username=user)
    except User.DoesNotExist:
        raise CommandError(
            f"There is no user called {user!r}; sign up (or `fulcrum manage createsuperuser`) "
            "first, then import into the new, empty account."
        ) from None
    try:
        if is_sealed_file(file):
            from fulcrum.cli.backup import ask_passphrase

            manifest, sealed = read_manifest(file, fmt=EXPORT_FORMAT)
            secret = (
                ask_passphrase(confirm=False) if manifest["seal"]["kind"] == "passphrase" else None
            )
            data = open_sealed(manifest, sealed, passphrase=secret)
        else:
            data = file.read_bytes()
        text = data.decode("utf-8")
    except BackupError as exc:
        raise CommandError(str(exc)) from None
    except FileNotFoundError:
        raise CommandError(f"There is no file {str(file)!r}.") from None
    except UnicodeDecodeError:
        raise CommandError(f"{file} is not UTF-8 text, so it is not a Fulcrum export.") from None
    document = read_export(text)
    from fulcrum.accounts.models import Role
    from fulcrum.accounts.roles import grant, holds

    if not holds(owner, Role.PRACTITIONER):
        # A workspace is a practitioner's: an account made with createsuperuser, or for
        # another role, takes the role with the workspace it is given.
        grant(owner, [Role.PRACTITIONER])
        console.print(f"{user} now holds the practitioner role, to open the workspace.")
    done = import_workspace(owner, document, now=_now())
    console.print(
        f"Imported {done.clients} clients, {done.checkins} check-ins, {done.power_maps} power "
        f"maps, {done.transcripts} transcripts, {done.plan_versions} plan versions and "
        f"{done.journal_entries} journal entries, {done.policy_versions} policy versions "
        f"and {done.bodywork_sessions} sessions' bodywork consent into {user}'s workspace."
    )
    if done.consent_events_skipped:
        console.print(
            f"{done.consent_events_skipped} consent events were not imported: each stays "
            "provable in the workspace it was recorded in (docs/backup.md)."
        )
    if done.enforcement_records_skipped:
        console.print(
            f"{done.enforcement_records_skipped} enforcement records were not imported: each "
            "was read against consent that stays in the workspace it was recorded in "
            "(docs/consent.md)."
        )


@app.command(
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
    add_help_option=False,
)
def manage(ctx: typer.Context) -> None:
    """Run one of Django's management commands, e.g. ``fulcrum manage createsuperuser``."""
    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["fulcrum manage", *ctx.args])
