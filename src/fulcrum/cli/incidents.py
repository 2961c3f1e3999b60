"""``fulcrum incidents``: verify a workspace's tamper-evident record, hold a checkpoint
of it elsewhere, and export a board-ready bundle.

Verification works offline: on this machine's database (with the signing keys kept
beside it) or on a bundle file alone. A problem ends the command with one sentence
naming the first broken entry and exit code 1.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from fulcrum.cli import CommandError, app, err_console

if TYPE_CHECKING:
    from fulcrum.core.integrity import Checkpoint

incidents_app = typer.Typer(
    help="The tamper-evident record: verify it, hold a checkpoint, export a bundle.",
    no_args_is_help=True,
)
app.add_typer(incidents_app, name="incidents")
console = Console(highlight=False)


def _read_json(path: Path, what: str) -> object:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CommandError(f"Cannot read the {what} {path}: {exc.strerror}.") from None
    try:
        return json.loads(text)
    except ValueError as exc:
        raise CommandError(f"The {what} {path} is not JSON (line {exc.lineno}).") from None  # type: ignore[attr-defined]


def _held(paths: list[Path]) -> list[Checkpoint]:
    from fulcrum.core.errors import IntegrityProblem
    from fulcrum.core.integrity import checkpoint_from_json

    held = []
    for path in paths:
        try:
            held.append(checkpoint_from_json(_read_json(path, "checkpoint")))
        except IntegrityProblem as exc:
            raise CommandError(f"The checkpoint {path} cannot be read: {exc}") from None
    return held


def _owner(username: str) -> Any:
    from fulcrum.accounts.models import User

    try:
        return User.objects.get(username=username)
    except User.DoesNotExist:
        raise CommandError(f"There is no user called {username!r}.") from None


def _now() -> Any:
    from django.utils import timezone

    return timezone.now()


@incidents_app.command("verify")
def verify(
    user: Annotated[
        str | None,
        typer.Option("--user", help="Verify this user's record; every workspace if left out."),
    ] = None,
    bundle: Annotated[
        Path | None,
        typer.Option("--bundle", help="Verify an exported bundle file instead of the database."),
    ] = None,
    checkpoint: Annotated[
        list[Path] | None,
        typer.Option("--checkpoint", help="A checkpoint held elsewhere (repeatable)."),
    ] = None,
) -> None:
    """Verify the record (or a bundle) and name the first broken entry."""
    if bundle is not None:
        if user is not None or checkpoint:
            raise CommandError("A bundle carries its own checkpoint; give --bundle alone.")
        _verify_bundle(bundle)
        return
    held = _held(checkpoint or [])
    from fulcrum.kernel.setup import setup_django

    setup_django()
    from django.db import DatabaseError

    try:
        _verify_database(user, held)
    except DatabaseError as exc:
        raise CommandError(
            f"The database cannot be read ({str(exc).strip()}); is it migrated and whole?"
        ) from None


def _verify_database(user: str | None, held: list[Checkpoint]) -> None:
    from fulcrum.ledger.models import Stream
    from fulcrum.ledger.services import verify_stream

    if held and user is None:
        raise CommandError("Say whose record a checkpoint belongs to with --user.")
    streams = Stream.objects.select_related("owner").order_by("owner__username")
    if user is not None:
        streams = streams.filter(owner=_owner(user))
        if not streams.exists():
            raise CommandError(f"{user!r} has recorded nothing in the ledger yet.")
    if not streams.exists():
        console.print("No workspace has recorded anything in the ledger yet.")
        return
    for stream in streams:
        report = verify_stream(stream, held=held)
        name = stream.owner.username
        if report.broken is not None:
            raise CommandError(f"{name}'s record: {report.broken.sentence()}")
        console.print(f"{name}: {report.size} entries verified.")


def _verify_bundle(path: Path) -> None:
    from fulcrum.core.integrity import verify_bundle

    report = verify_bundle(_read_json(path, "bundle"))
    if report.broken is not None:
        raise CommandError(f"The bundle {path.name}: {report.broken.sentence()}")
    numbers = ", ".join(str(n) for n in report.checked)
    console.print(
        f"The bundle {path.name} proves entries {numbers} under its signed checkpoint. "
        "Confirm its public key with the practitioner by another path."
    )


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text + "\n")
        sys.stdout.flush()
        return
    try:
        output.write_text(text + "\n", encoding="utf-8")
    except OSError as exc:
        raise CommandError(f"Cannot write {output}: {exc.strerror}.") from None
    err_console.print(f"Wrote {output}.")


@incidents_app.command("checkpoint")
def checkpoint_command(
    user: Annotated[str, typer.Option("--user", help="Whose record to checkpoint.")],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="File to write; standard output if left out."),
    ] = None,
) -> None:
    """Sign a checkpoint of the record now, to keep somewhere the database is not."""
    from fulcrum.kernel.setup import setup_django

    setup_django()
    from fulcrum.ledger.services import as_core_checkpoint, make_checkpoint

    made = make_checkpoint(_owner(user), now=_now())
    _write(json.dumps(as_core_checkpoint(made).to_json(), indent=2), output)


@incidents_app.command("bundle")
def bundle_command(
    user: Annotated[str, typer.Option("--user", help="Whose record the entries are from.")],
    entries: Annotated[str, typer.Option("--entries", help="Entry numbers, e.g. 3,7,12.")],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="File to write; standard output if left out."),
    ] = None,
) -> None:
    """Export chosen entries with their proofs, a signed checkpoint and the public key."""
    try:
        sequences = [int(part) for part in entries.split(",") if part.strip()]
    except ValueError:
        raise CommandError(f"{entries!r} is not a list of entry numbers like 3,7,12.") from None
    from fulcrum.kernel.setup import setup_django

    setup_django()
    from fulcrum.ledger.services import build_bundle

    made = build_bundle(_owner(user), sequences=sequences, now=_now())
    _write(json.dumps(made, indent=2, ensure_ascii=False), output)
