"""Workspace commands: ``fulcrum run``, ``demo``, ``export`` and ``manage``.

Django is set up only inside these commands, so ``fulcrum --help`` and the pure
commands never pay for it.
"""

from __future__ import annotations

import csv
import importlib
import io
import ipaddress
import json
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

if TYPE_CHECKING:
    from fulcrum.accounts.models import User
    from fulcrum.clients.models import Client

console = Console(highlight=False)

LOOPBACK_NAMES = {"localhost", "localhost.localdomain"}
EXPORT_FORMATS = ("json", "csv")
CSV_COLUMNS = (
    "client_code",
    "session_at",
    "over_score",
    "under_score",
    "skilful_score",
    "choices_offered",
    "choices_count",
    "disclosure",
    "disclosure_served",
    "started_on_time",
    "ended_on_time",
    "client_signals_noticed",
    "practitioner_state",
    "indicators",
    "observed",
    "disclosure_followed",
    "practised_actions",
    "client_choice",
    "client_voice",
    "client_safety",
    "client_respect",
)
VOICE_ITEMS = ("choice", "voice", "safety", "respect")


def setup_django() -> None:
    """Load Fulcrum's settings and apps once, for the commands that need the database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fulcrum.settings")
    import django
    from django.apps import apps
    from django.core.exceptions import ImproperlyConfigured

    if not apps.ready:
        try:
            django.setup()
        except ImproperlyConfigured as exc:  # a setting from the environment is wrong
            raise CommandError(str(exc)) from None


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


def is_loopback(host: str) -> bool:
    """Whether ``host`` only accepts connections from this machine."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _print_login(login: DemoLogin | None) -> None:
    if login is not None:
        console.print(
            f"Demo login: username [bold]{login.username}[/bold], "
            f"password [bold]{login.password}[/bold]"
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
) -> None:
    """Load the demo workspace (an invented caseload to explore Fulcrum with)."""
    prepare_database(load_demo=False)
    demo = _demo_module()
    if demo is None:
        raise CommandError("This copy of Fulcrum has no demo workspace (fulcrum.demo is missing).")
    from fulcrum.accounts.models import User

    existing = User.objects.filter(username=demo.DEMO_USERNAME)
    if existing.exists():
        if not reset:
            console.print("The demo workspace is already loaded; use --reset to rebuild it.")
            _print_login(DemoLogin(demo.DEMO_USERNAME, demo.DEMO_PASSWORD))
            return
        # Deleting the user removes the whole demo workspace with it (cascade).
        existing.delete()
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
) -> None:
    """Export one user's workspace as JSON, or its check-ins as CSV."""
    fmt = fmt.lower()
    if fmt not in EXPORT_FORMATS:
        raise CommandError(f"Unknown format {fmt!r}; use json or csv.")
    if output is not None and not output.parent.is_dir():
        raise CommandError(f"The folder {str(output.parent)!r} does not exist.")
    setup_django()
    from fulcrum.accounts.models import User

    try:
        owner = User.objects.get(username=user)
    except User.DoesNotExist:
        raise CommandError(f"There is no user called {user!r}.") from None

    text = export_workspace(owner, fmt=fmt, include_alias=include_alias)
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


def export_workspace(owner: User, *, fmt: str, include_alias: bool) -> str:
    """Render ``owner``'s workspace in ``fmt``; nothing of any other user is read.

    Without ``include_alias`` every alias is left out, and one written into free text
    (notes, journal, the client's comments) is replaced by the client's code.
    """
    from fulcrum.accounts import access

    clients = list(access.clients_for_user(owner, include_archived=True).order_by("code"))
    aliases = {} if include_alias else {c.alias: c.code for c in clients if c.alias.strip()}
    scrub = _Scrubber(aliases)
    documents: list[dict[str, Any]] = []
    rows: list[dict[str, Any]] = []
    progress = Progress(
        TextColumn("Exporting"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("clients"),
        console=err_console,
        transient=True,
    )
    with progress:
        for client in progress.track(clients):
            if fmt == "json":
                documents.append(
                    _client_document(owner, client, scrub, include_alias=include_alias)
                )
            else:
                rows.extend(_checkin_rows(owner, client, include_alias=include_alias))
    if fmt == "json":
        document = {
            "format": "fulcrum-workspace",
            "version": 1,
            "clients": documents,
            "journal": _journal(owner, scrub),
            "safe_harbour_plan": _plan_versions(owner, scrub),
        }
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    return _csv(rows, include_alias=include_alias)


@dataclass(frozen=True)
class _Scrubber:
    """Replaces aliases written into free text with the client's code."""

    aliases: dict[str, str]

    def __call__(self, text: str) -> str:
        from fulcrum.core.report import redact

        return redact(text, self.aliases) if self.aliases else text


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _practised_keys(owner: User, client: Client) -> dict[int, list[str]]:
    """The safe-harbour actions practised in each of ``client``'s sessions, by action key."""
    from fulcrum.accounts import access

    keys: dict[int, list[str]] = {}
    for checkin_id, key in (
        access.practised_actions_for_user(owner)
        .filter(checkin__client=client)
        .order_by("checkin_id", "action__pillar", "action__position")
        .values_list("checkin_id", "action__key")
    ):
        keys.setdefault(checkin_id, []).append(key)
    return keys


def _client_document(
    owner: User, client: Client, scrub: _Scrubber, *, include_alias: bool
) -> dict[str, Any]:
    from fulcrum.accounts import access

    practised = _practised_keys(owner, client)
    doc: dict[str, Any] = {"code": client.code}
    if include_alias:
        doc["alias"] = client.alias
    doc |= {
        "modality": client.modality,
        "started_on": _iso(client.started_on),
        "status": client.status,
        "archived_at": _iso(client.archived_at),
        "power_maps": [
            {
                "assessed_at": _iso(m.assessed_at),
                "ratings": m.ratings,
                "amplifiers": m.amplifiers,
                "counter_factors": m.counter_factors,
                "note": scrub(m.note),
                "overall_differential": m.overall_differential,
                "amplification": m.amplification,
                "counterweight": m.counterweight,
            }
            for m in access.power_maps_for_user(owner)
            .filter(client=client)
            .order_by("assessed_at", "pk")
        ],
        "checkins": [
            {
                "id": c.pk,
                "session_at": _iso(c.session_at),
                "indicators": c.indicators,
                "choices_offered": c.choices_offered,
                "choices_count": c.choices_count,
                "disclosure": c.disclosure,
                "disclosure_served": c.disclosure_served,
                "disclosure_followed": c.disclosure_followed,
                "disclosure_note": scrub(c.disclosure_note),
                "started_on_time": c.started_on_time,
                "ended_on_time": c.ended_on_time,
                "client_signals_noticed": c.client_signals_noticed,
                "client_signals": scrub(c.client_signals),
                "practitioner_state": c.practitioner_state,
                "note": scrub(c.note),
                "scores": {
                    "over": c.over_score,
                    "under": c.under_score,
                    "skilful": c.skilful_score,
                },
                "observed": c.observed,
                "practised_actions": practised.get(c.pk, []),
            }
            for c in access.checkins_for_user(owner)
            .filter(client=client)
            .order_by("session_at", "pk")
        ],
        "warnings": [
            {
                "direction": w.direction,
                "rule": w.rule,
                "title": w.title,
                "explanation": w.explanation,
                "question": w.question,
                "indicator_ids": w.indicator_ids,
                "checkin_ids": w.checkin_ids,
                "first_at": _iso(w.first_at),
                "detected_at": _iso(w.detected_at),
                "acknowledged_at": _iso(w.acknowledged_at),
            }
            for w in access.warnings_for_user(owner)
            .filter(client=client)
            .order_by("detected_at", "pk")
        ],
        "transcripts": [
            _transcript(t, include_names=include_alias)
            for t in access.transcripts_for_user(owner)
            .filter(client=client)
            .order_by("session_at", "created_at", "pk")
        ],
        "voice_links": [
            {
                "checkin_id": link.checkin_id,
                "created_at": _iso(link.created_at),
                "expires_at": _iso(link.expires_at),
                "answered": link.used_at is not None,
            }
            for link in access.voice_links_for_user(owner)
            .filter(client=client)
            .order_by("created_at", "pk")
        ],
        "voice_answers": [
            {
                "checkin_id": a.checkin_id,
                "answered_at": _iso(a.answered_at),
                **{item: getattr(a, item) for item in VOICE_ITEMS},
                "comment": scrub(a.comment),
            }
            for a in access.voice_answers_for_user(owner)
            .filter(checkin__client=client)
            .order_by("answered_at", "pk")
        ],
    }
    return doc


def _transcript(t: Any, *, include_names: bool) -> dict[str, Any]:
    """A transcript's metadata and indices; never what was said.

    File and speaker names often carry people's real names, so they go with aliases.
    """
    doc: dict[str, Any] = {
        "checkin_id": t.checkin_id,
        "session_at": _iso(t.session_at),
        "source_format": t.source_format,
        "speaker_count": len(t.speakers),
        "practitioner_source": t.practitioner_source,
        "utterance_count": t.utterance_count,
        "coder": t.coder,
        "coder_kind": t.coder_kind,
        "over_use": t.over_use,
        "under_use": t.under_use,
        "created_at": _iso(t.created_at),
        "analysed_at": _iso(t.analysed_at),
    }
    if include_names:
        doc |= {"filename": t.filename, "speakers": t.speakers, "practitioner": t.practitioner}
    return doc


def _journal(owner: User, scrub: _Scrubber) -> list[dict[str, Any]]:
    from fulcrum.accounts import access

    return [
        {
            "written_at": _iso(e.written_at),
            "updated_at": _iso(e.updated_at),
            "prompt_id": e.prompt_id,
            "body": scrub(e.body),
            "client_code": e.client.code if e.client is not None else None,
            "checkin_id": e.checkin_id,
            "warning_title": e.warning.title if e.warning is not None else None,
            "include_in_supervision": e.include_in_supervision,
        }
        for e in access.journal_entries_for_user(owner)
        .select_related("client", "warning")
        .order_by("written_at", "pk")
    ]


def _plan_versions(owner: User, scrub: _Scrubber) -> list[dict[str, Any]]:
    from fulcrum.accounts import access

    return [
        {
            "version": plan.version,
            "created_at": _iso(plan.created_at),
            "note": scrub(plan.note),
            "actions": [
                {"key": a.key, "pillar": a.pillar, "position": a.position, "text": scrub(a.text)}
                for a in sorted(
                    plan.actions.all(), key=lambda a: (_pillar_order(a.pillar), a.position)
                )
            ],
        }
        for plan in access.harbour_plans_for_user(owner)
        .prefetch_related("actions")
        .order_by("version")
    ]


def _pillar_order(pillar: str) -> int:
    from fulcrum.core.harbour import PILLAR_IDS

    return PILLAR_IDS.index(pillar) if pillar in PILLAR_IDS else len(PILLAR_IDS)


def _checkin_rows(owner: User, client: Client, *, include_alias: bool) -> list[dict[str, Any]]:
    from fulcrum.accounts import access

    practised = _practised_keys(owner, client)
    # The latest answer the client gave about each session, if any.
    answers = {
        a.checkin_id: a
        for a in access.voice_answers_for_user(owner)
        .filter(checkin__client=client)
        .order_by("answered_at", "pk")
    }
    rows = []
    checkins = access.checkins_for_user(owner).filter(client=client).order_by("session_at", "pk")
    for c in checkins:
        answer = answers.get(c.pk)
        row: dict[str, Any] = {
            "client_code": _spreadsheet_safe(client.code),
            "session_at": _iso(c.session_at),
            "over_score": c.over_score,
            "under_score": c.under_score,
            "skilful_score": c.skilful_score,
            "choices_offered": c.choices_offered,
            "choices_count": "" if c.choices_count is None else c.choices_count,
            "disclosure": c.disclosure,
            "disclosure_served": c.disclosure_served,
            "started_on_time": c.started_on_time,
            "ended_on_time": c.ended_on_time,
            "client_signals_noticed": c.client_signals_noticed,
            "practitioner_state": ";".join(c.practitioner_state),
            "indicators": ";".join(c.indicators),
            "observed": ";".join(c.observed),
            "disclosure_followed": c.disclosure_followed,
            "practised_actions": len(practised.get(c.pk, [])),
            **{
                f"client_{item}": "" if answer is None else getattr(answer, item)
                for item in VOICE_ITEMS
            },
        }
        if include_alias:
            row["client_alias"] = _spreadsheet_safe(client.alias)
        rows.append(row)
    return rows


def _spreadsheet_safe(text: str) -> str:
    # A cell starting like a formula would be run by a spreadsheet that opens the file.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv(rows: list[dict[str, Any]], *, include_alias: bool) -> str:
    columns = list(CSV_COLUMNS)
    if include_alias:
        columns.insert(1, "client_alias")
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


@app.command(
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
    add_help_option=False,
)
def manage(ctx: typer.Context) -> None:
    """Run one of Django's management commands, e.g. ``fulcrum manage createsuperuser``."""
    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["fulcrum manage", *ctx.args])
