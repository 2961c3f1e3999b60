"""``fulcrum deid FILE...``: de-identify text files on this machine, one result per file.

Nothing is sent anywhere. ``--known`` names what the writer already knows identifies
someone (a client's alias, a code, their own name), matched first and in every form.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from fulcrum.cli import CommandError, app, err_console
from fulcrum.core.deid import Deidentified, KnownEntity, deidentify


class DeidFormat(StrEnum):
    text = "text"
    json = "json"


def _known(
    known: list[str], places: list[str], organisations: list[str], me: str | None
) -> list[KnownEntity]:
    entities = [
        KnownEntity(k, "CODE" if any(ch.isdigit() for ch in k) else "PERSON")
        for k in known
        if k.strip()
    ]
    entities += [KnownEntity(p, "PLACE") for p in places if p.strip()]
    entities += [KnownEntity(o, "ORGANIZATION") for o in organisations if o.strip()]
    if me and me.strip():
        entities.append(KnownEntity(me, "PERSON", "practitioner"))
    return entities


def _read(path: Path) -> str:
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise ValueError(f"{path} is a folder, not a text file.") from None
    except OSError as exc:
        raise ValueError(f"Cannot read {path}: {exc.strerror}.") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ValueError(f"{path}: line {line} is not UTF-8 text.") from None


def _as_json(path: Path, result: Deidentified) -> str:
    return json.dumps(
        {
            "file": str(path),
            "text": result.redacted,
            "findings": [f.as_dict() for f in result.findings],
        },
        ensure_ascii=False,
    )


def _as_text(path: Path, result: Deidentified) -> str:
    lines = [f"== {path} ({len(result.findings)} found)", result.redacted.rstrip("\n"), ""]
    for f in result.findings:
        original = result.text[f.start : f.end].replace("\n", " ")
        lines.append(
            f"  {f.start}-{f.end} {f.type} [{f.stage}] {original!r} -> {f.replacement} ({f.why})"
        )
    return "\n".join(lines)


@app.command("deid")
def deid(
    files: Annotated[list[Path], typer.Argument(help="UTF-8 text files to de-identify.")],
    known: Annotated[
        list[str] | None,
        typer.Option("--known", help="A client's alias or code; repeat for each."),
    ] = None,
    place: Annotated[
        list[str] | None, typer.Option("--place", help="A place you know identifies someone.")
    ] = None,
    organisation: Annotated[
        list[str] | None,
        typer.Option("--organisation", help="An organisation you know identifies someone."),
    ] = None,
    me: Annotated[
        str | None, typer.Option("--me", help="Your own name, replaced by [practitioner].")
    ] = None,
    fmt: Annotated[DeidFormat, typer.Option("--format", help="text or json")] = DeidFormat.text,
) -> None:
    """De-identify FILES on this machine; prints the proposal for each, one per file."""
    entities = _known(known or [], place or [], organisation or [], me)
    failed = 0
    for path in files:
        try:
            text = _read(path)
        except ValueError as exc:
            err_console.print(f"[red]Error:[/red] {exc}", highlight=False)
            failed += 1
            continue
        result = deidentify(text, entities)
        typer.echo(_as_json(path, result) if fmt is DeidFormat.json else _as_text(path, result))
    if failed:
        raise CommandError(f"{failed} of {len(files)} files could not be read.")
