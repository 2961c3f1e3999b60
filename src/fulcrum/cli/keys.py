"""``fulcrum keys``: see and rotate the data keys that encrypt stored text.

Rotation runs while Fulcrum serves: a new key becomes current, every stored value is
resealed under it in short batches, and the old keys stay in the key file (they open
older backups) until ``fulcrum keys forget`` removes one nothing uses any more.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from fulcrum.cli import CommandError, app
from fulcrum.kernel.setup import setup_django

console = Console(highlight=False)
keys_app = typer.Typer(
    help="See and rotate the keys that encrypt stored text.", no_args_is_help=True
)
app.add_typer(keys_app, name="keys")


def _ready() -> None:
    setup_django()
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    # Values can only be counted and moved in tables that are up to date.
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise CommandError(
            "The database is not up to date; start Fulcrum once, or run "
            "`fulcrum manage migrate`, first."
        )


def _totals(*, movable_only: bool = False) -> dict[str | None, int]:
    from fulcrum.kernel.encryption import count_by_key

    totals: dict[str | None, int] = {}
    for field in count_by_key(movable_only=movable_only):
        for key_id, n in field.by_key.items():
            totals[key_id] = totals.get(key_id, 0) + n
    return totals


@keys_app.command()
def status() -> None:
    """Where the data keys are, which is current, and how many stored values each seals."""
    _ready()
    from fulcrum.kernel import keys

    ring = keys.key_ring()
    totals = _totals()
    secrets_by_key = keys.secrets_by_key()
    if ring.source == "environment":
        console.print("Data keys: from FULCRUM_DATA_KEY (the first is current).")
    else:
        protected = ", protected by a passphrase" if ring.wrapped else ""
        console.print(f"Data keys: the key file {ring.path}{protected}.")
    table = Table("key", "state", "values sealed", "secrets sealed")
    for key in ring.keys:
        state = "current" if key.id == ring.current.id else "retired"
        table.add_row(key.id, state, str(totals.get(key.id, 0)), str(secrets_by_key.get(key.id, 0)))
    for key_id in sorted(k for k in totals if k is not None and ring.get(k) is None):
        table.add_row(key_id, "MISSING", str(totals[key_id]), "0")
    console.print(table)
    plain = totals.get(None, 0)
    if plain:
        console.print(f"{plain} stored values are not encrypted yet; run `fulcrum keys rotate`.")
    missing = [k for k in totals if k is not None and ring.get(k) is None]
    if missing:
        raise CommandError(
            f"Stored values are sealed with {', '.join(sorted(missing))}, which the key store "
            "does not hold; restore the key file from your backup."
        )


@keys_app.command()
def rotate(
    finish: Annotated[
        bool,
        typer.Option(
            "--finish",
            help=(
                "Do not add a key: move what is left to the current key (after an "
                "interrupted rotation, or after putting a new key first in FULCRUM_DATA_KEY)."
            ),
        ),
    ] = False,
) -> None:
    """Make a new data key current and reseal every stored value under it, online."""
    _ready()
    from fulcrum.kernel import keys
    from fulcrum.kernel.encryption import reseal_everything

    ring = keys.key_ring(create=True)
    if not finish:
        if ring.source == "environment":
            raise CommandError(
                "The data keys come from FULCRUM_DATA_KEY: put a new key first in it, restart "
                "Fulcrum, then run `fulcrum keys rotate --finish`."
            )
        ring = keys.add_current_key()
        console.print(f"Key {ring.current.id} is now current.")
    done = reseal_everything()
    moved_secrets = keys.reseal_secrets()
    # Frozen rows (published versions, consent and certificate events) keep the key that
    # sealed them by design; only values rotation could have moved are "left behind".
    left = {k: n for k, n in _totals(movable_only=True).items() if k != ring.current.id and n}
    held = {k: n for k, n in _totals().items() if k != ring.current.id and n}
    frozen = sum(held.values()) - sum(left.values())
    console.print(
        f"Resealed {done.resealed} of {done.examined} stored values and {moved_secrets} "
        f"secrets under {ring.current.id}."
    )
    if frozen:
        console.print(
            f"{frozen} frozen values (published versions and recorded events) stay under "
            "the key that sealed them; that key is kept while they need it."
        )
    if left:
        raise CommandError(
            f"{sum(left.values())} values were saved under an older key meanwhile; "
            "run `fulcrum keys rotate --finish` to move them."
        )
    retired = [k.id for k in ring.keys if k.id != ring.current.id and k.id not in held]
    if retired:
        console.print(
            f"Nothing uses {', '.join(retired)} any more; keep them while older backups "
            "need them, then `fulcrum keys forget KEY`."
        )


@keys_app.command()
def forget(key_id: Annotated[str, typer.Argument(help="The id of a retired key.")]) -> None:
    """Remove a retired key from the key file, once no stored value or secret uses it."""
    _ready()
    from fulcrum.kernel import keys

    secrets = keys.secrets_by_key().get(key_id, 0)
    in_use = _totals().get(key_id, 0) + secrets
    if in_use and not secrets and not _totals(movable_only=True).get(key_id, 0):
        raise CommandError(
            f"{in_use} frozen values (published versions and recorded events) still use "
            f"{key_id}, which must be kept for them."
        )
    if in_use:
        raise CommandError(
            f"{in_use} stored values still use {key_id}; run `fulcrum keys rotate --finish` first."
        )
    keys.remove_key(key_id)
    console.print(f"Removed key {key_id} from the key file.")


@keys_app.command()
def protect() -> None:
    """Wrap the key file under the passphrase in FULCRUM_KEY_PASSPHRASE."""
    setup_django()
    from fulcrum.kernel import keys

    ring = keys.protect_key_file()
    console.print(
        f"The key file {ring.path} is now protected by the passphrase; every Fulcrum process "
        "needs FULCRUM_KEY_PASSPHRASE to start."
    )
