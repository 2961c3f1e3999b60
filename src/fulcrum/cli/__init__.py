"""The ``fulcrum`` command: thin wrappers over the core and the services.

Every error a person can act on surfaces as one readable sentence and a non-zero
exit code; tracebacks are for bugs only.
"""

from __future__ import annotations

import sys

import typer
from rich.console import Console

from fulcrum.core.errors import FulcrumError

app = typer.Typer(
    name="fulcrum",
    help="Fulcrum: see and handle power in the work with your clients.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err_console = Console(stderr=True)


class CommandError(FulcrumError):
    """A command-line problem: the message is printed as is and the exit code is 1."""


def _register() -> None:
    # Sub-command modules register themselves on ``app``; importing them here keeps
    # ``fulcrum --help`` complete without loading Django for pure commands.
    from fulcrum.cli import (  # noqa: F401
        analyze,
        backup,
        bench,
        course,
        deid,
        drift,
        incidents,
        keys,
        serve,
        workspace,
    )


def main(argv: list[str] | None = None) -> None:
    """Run the command line, turning expected failures into one sentence and exit 1."""
    _register()
    try:
        app(args=argv, standalone_mode=False)
    except FulcrumError as exc:
        err_console.print(f"[red]Error:[/red] {exc}", highlight=False)
        sys.exit(1)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        err_console.print("Aborted.")
        sys.exit(1)
    except KeyboardInterrupt:
        err_console.print("Interrupted.")
        sys.exit(130)
    except typer.TyperException as exc:  # usage errors arrive here in non-standalone mode
        err_console.print(f"[red]Error:[/red] {exc.format_message()}", highlight=False)
        sys.exit(exc.exit_code)
