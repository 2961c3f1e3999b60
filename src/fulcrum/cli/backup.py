"""``fulcrum backup`` and ``fulcrum restore``: a sealed copy of the whole database.

See fulcrum/kernel/backup.py for the file and docs/backup.md for what to keep where.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from fulcrum.cli import CommandError, app, err_console
from fulcrum.kernel.setup import setup_django

console = Console(highlight=False)
PASSPHRASE_ENV = "FULCRUM_BACKUP_PASSPHRASE"  # noqa: S105 (the variable's name)

PassphraseOption = Annotated[
    bool,
    typer.Option(
        "--passphrase",
        help=(
            f"Seal with a passphrase (from {PASSPHRASE_ENV}, or asked for) instead of the "
            "key store's data key, so the file restores without the key folder."
        ),
    ),
]


def ask_passphrase(*, confirm: bool) -> str:
    """The passphrase from FULCRUM_BACKUP_PASSPHRASE, or asked for without showing it."""
    value = os.environ.get(PASSPHRASE_ENV)
    if value is None:
        value = typer.prompt("Passphrase", hide_input=True, confirmation_prompt=confirm)
    return str(value)


def _passphrase(wanted: bool, *, confirm: bool) -> str | None:
    return ask_passphrase(confirm=confirm) if wanted else None


@app.command()
def backup(
    output: Annotated[Path, typer.Option("--output", "-o", help="The backup file to write.")],
    passphrase: PassphraseOption = False,
) -> None:
    """Write a consistent, sealed copy of the whole database while Fulcrum runs."""
    secret = _passphrase(passphrase, confirm=True)
    setup_django()
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from django.utils import timezone

    # A backup only reads: it never migrates the database it copies.
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise CommandError(
            "The database is not up to date; start Fulcrum once, or run "
            "`fulcrum manage migrate`, before backing it up."
        )

    from fulcrum.kernel.backup import BackupError, make_backup

    try:
        made = make_backup(output, now=timezone.now(), passphrase=secret)
    except BackupError as exc:
        raise CommandError(str(exc)) from None
    rows = sum(made.manifest["counts"].values())
    sealed = "a passphrase" if secret is not None else f"data key {made.manifest['seal']['key_id']}"
    err_console.print(
        f"Wrote {output}: {rows} rows from {made.manifest['database']}, sealed with {sealed}."
    )


@app.command()
def restore(
    file: Annotated[Path, typer.Argument(help="A file written by `fulcrum backup`.")],
    passphrase: PassphraseOption = False,
) -> None:
    """Load a backup into a new, empty database, after checking its manifest."""
    setup_django()
    from fulcrum.cli.workspace import prepare_database
    from fulcrum.kernel.backup import BackupError, read_manifest, restore_backup

    try:
        manifest, _ = read_manifest(file)  # a damaged file is refused before anything is made
    except BackupError as exc:
        raise CommandError(str(exc)) from None
    wants_passphrase = passphrase or manifest.get("seal", {}).get("kind") == "passphrase"
    secret = _passphrase(wants_passphrase, confirm=False)
    prepare_database(load_demo=False)
    try:
        restored = restore_backup(file, passphrase=secret)
    except BackupError as exc:
        raise CommandError(str(exc)) from None
    console.print(
        f"Restored {sum(restored.counts.values())} rows into {len(restored.counts)} tables "
        f"from a backup of {manifest['database']} made at {manifest['made_at']}."
    )
