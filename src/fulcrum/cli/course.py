"""``fulcrum course``: adapting the course (``new`` copies the bundled course to a folder,
``check`` shows its arithmetic and every refusal, ``publish`` records it as the version the
site serves), the course's audit export, recording that a certificate was revoked or has
expired (both kept as events with their reasons), and deleting a learner's course records
once the six years they are kept have passed."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from fulcrum.cli import CommandError, app, err_console

course_app = typer.Typer(
    help=(
        "The course: adapt, check and publish it; an audit export of its records; "
        "revoke or expire a certificate."
    ),
    no_args_is_help=True,
)
app.add_typer(course_app, name="course")


def _setup() -> None:
    from fulcrum.kernel.setup import setup_django

    setup_django()


def _certificate(code: str) -> Any:
    from fulcrum.course.services import find_certificate

    certificate = find_certificate(code)
    if certificate is None:
        raise CommandError(f"No certificate has the code {code!r}.")
    return certificate


@course_app.command("new")
def new(
    directory: Annotated[Path, typer.Argument(help="An empty or new folder to copy it into.")],
) -> None:
    """Copy the bundled course into DIRECTORY, for an educator to adapt."""
    from fulcrum.core.course.content import DEFAULT_DIRECTORY

    if directory.exists() and not directory.is_dir():
        raise CommandError(f"{str(directory)!r} is a file, not a folder.")
    if directory.is_dir() and any(directory.iterdir()):
        raise CommandError(f"The folder {str(directory)!r} is not empty; give a new one.")
    if not directory.parent.is_dir():
        raise CommandError(f"The folder {str(directory.parent)!r} does not exist.")
    try:
        shutil.copytree(DEFAULT_DIRECTORY, directory, dirs_exist_ok=True)
    except OSError as exc:
        raise CommandError(f"Cannot copy the course into {directory}: {exc.strerror}.") from None
    err_console.print(
        f"Copied the course into {directory}; edit it, then run: fulcrum course check {directory}",
        soft_wrap=True,
    )


def _inspected(directory: Path) -> tuple[Any, tuple[str, ...]]:
    """The course in ``directory`` and every sentence saying why it cannot be published."""
    from fulcrum.core.course.content import REFUSAL_PLACES, inspect_course
    from fulcrum.core.errors import FulcrumError

    if not directory.is_dir():
        raise CommandError(f"The folder {str(directory)!r} does not exist.")
    try:
        course, refusals = inspect_course(directory)
    except FulcrumError as exc:
        return None, (str(exc),)
    where = directory.resolve()
    return course, tuple(f"{where / REFUSAL_PLACES[r.code]}: {r.message}" for r in refusals)


def _print_arithmetic(course: Any) -> None:
    from fulcrum.core.course.hours import questions_needed

    hours = course.hours
    typer.echo(f"Course {course.id} version {course.version}: {course.title}")
    typer.echo(f"Modules: {len(course.modules)}")
    typer.echo(f"Words: {course.words:,}")
    typer.echo(f"Video minutes: {course.video_minutes:,}")
    typer.echo(f"Computed CE hours: {hours.hours} ({hours.arithmetic})")
    typer.echo(f"Declared CE hours: {course.declared_hours}")
    typer.echo(f"Questions: {course.questions} (at least {questions_needed(hours.hours)} needed)")


def _refuse(problems: tuple[str, ...]) -> None:
    for problem in problems:
        err_console.print(f"Refused: {problem}", markup=False, highlight=False, soft_wrap=True)
    count = len(problems)
    raise CommandError(
        f"The course cannot be published: {count} problem{'' if count == 1 else 's'}."
    )


@course_app.command("check")
def check(
    directory: Annotated[Path, typer.Argument(help="The course folder to check.")],
) -> None:
    """Load and validate the course in DIRECTORY; show its arithmetic and every refusal."""
    course, problems = _inspected(directory)
    if course is not None:
        _print_arithmetic(course)
    if problems:
        _refuse(problems)
    typer.echo("The course may be published.")


@course_app.command("publish")
def publish(
    directory: Annotated[Path, typer.Argument(help="The adapted course folder to publish.")],
    as_: Annotated[str, typer.Option("--as", help="The educator publishing it (a username).")],
) -> None:
    """Check the course in DIRECTORY, then record it as the version the site serves."""
    course, problems = _inspected(directory)
    if course is not None:
        _print_arithmetic(course)
    if problems:
        _refuse(problems)
    _setup()
    from django.utils import timezone

    from fulcrum.accounts.models import User
    from fulcrum.course.services import publish_course

    educator = User.objects.filter(username=as_).first()
    if educator is None:
        raise CommandError(f"There is no user called {as_!r}.")
    published = publish_course(course, educator, now=timezone.now())
    typer.echo(
        f"Published {published.course_id} version {published.number} "
        f"on {published.published_at:%Y-%m-%d} (digest {published.digest[:12]})."
    )


@course_app.command("audit")
def audit(
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="File to write; standard output if left out."),
    ] = None,
) -> None:
    """Write every roster, attempt, evaluation and certificate of the course as JSON."""
    if output is not None and not output.parent.is_dir():
        raise CommandError(f"The folder {str(output.parent)!r} does not exist.")
    _setup()
    from django.utils import timezone

    from fulcrum.course.audit import audit_export
    from fulcrum.course.services import current_course
    from fulcrum.kernel.files import write_private_text

    text = json.dumps(
        audit_export(current_course(), now=timezone.now()), indent=2, ensure_ascii=False
    )
    if output is None:
        typer.echo(text)
        return
    try:
        write_private_text(output, text + "\n")
    except OSError as exc:
        raise CommandError(f"Cannot write {output}: {exc.strerror}.") from None
    err_console.print(f"Wrote {output}.")


@course_app.command("forget")
def forget(
    user: Annotated[str, typer.Option("--user", help="Whose course records to delete.")],
) -> None:
    """Delete a learner's course records, once the newest is six years old."""
    _setup()
    from django.utils import timezone

    from fulcrum.accounts.models import User
    from fulcrum.course.services import forget_learner

    learner = User.objects.filter(username=user).first()
    if learner is None:
        raise CommandError(f"There is no user called {user!r}.")
    count = forget_learner(learner, now=timezone.now())
    err_console.print(f"Deleted {count} course record{'' if count == 1 else 's'} of {user}.")


@course_app.command("revoke")
def revoke(
    code: Annotated[str, typer.Argument(help="The certificate's verification code.")],
    reason: Annotated[str, typer.Option("--reason", help="Why it is revoked (kept, sealed).")],
) -> None:
    """Revoke a certificate from now; the public page then says when."""
    _setup()
    from django.utils import timezone

    from fulcrum.course.services import revoke_certificate

    event = revoke_certificate(_certificate(code), reason, now=timezone.now())
    err_console.print(f"Revoked on {event.effective_at:%Y-%m-%d}.")


@course_app.command("expire")
def expire(
    code: Annotated[str, typer.Argument(help="The certificate's verification code.")],
    on: Annotated[str, typer.Option("--on", help="The day its credit lapses, YYYY-MM-DD.")],
    reason: Annotated[str, typer.Option("--reason", help="Why it expires (kept, sealed).")],
) -> None:
    """Record the day a certificate's credit lapses; it stays valid until then."""
    try:
        day = date.fromisoformat(on)
    except ValueError:
        raise CommandError(f"--on is {on!r}; give a day as YYYY-MM-DD.") from None
    _setup()
    from django.utils import timezone

    from fulcrum.course.services import expire_certificate

    expire_certificate(_certificate(code), reason, on=day, now=timezone.now())
    err_console.print(f"Expires on {day.isoformat()}.")
