"""``fulcrum analyze`` and ``fulcrum analyzer train|evaluate``: transcript power analysis.

The learned coder is trained from a corpus the user has and cached outside the
repository (see docs/decisions/0002-learned-coder-trained-locally.md); without one,
Fulcrum codes with its transparent rules and says so.
"""

from __future__ import annotations

import html
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from fulcrum.cli import CommandError, app
from fulcrum.core.errors import FulcrumError
from fulcrum.core.transcripts.analysis import SessionAnalysis, analysis_as_dict, analyze
from fulcrum.transcripts.coders import load_coder, save_coder

analyzer_app = typer.Typer(
    help="Train and evaluate the learned utterance coder.", no_args_is_help=True
)
app.add_typer(analyzer_app, name="analyzer")


class OutputFormat(StrEnum):
    text = "text"
    json = "json"
    html = "html"


def _read_corpus(corpus: Path) -> Any:
    from fulcrum.bench.annomi import load_sessions

    return load_sessions(corpus)


@analyzer_app.command("train")
def train(
    corpus: Annotated[Path, typer.Option(help="AnnoMI-format CSV to learn from.")],
    external: Annotated[
        list[Path] | None,
        typer.Option(
            help="ESConv-format JSON lines to learn from as well (repeatable); the helpers' "
            "strategies are mapped to Fulcrum's codes."
        ),
    ] = None,
) -> None:
    """Train the learned coder on CORPUS and any --external files; cache it outside the repo."""
    from fulcrum.bench.annomi import load_external, train_on, train_on_corpora
    from fulcrum.core.transcripts.coding.learned import coder_to_bytes

    console = Console(stderr=True)
    sessions = _read_corpus(corpus)
    conversations = [c for path in external or [] for c in load_external(path)]
    name = " + ".join([corpus.name, *(p.name for p in external or [])])
    with console.status("Training the coder..."):
        if conversations:
            coder = train_on_corpora(sessions, conversations, name)
        else:
            coder = train_on(sessions, corpus.name)
    saved = save_coder(coder_to_bytes(coder))
    also = f" and {len(conversations)} conversations" if conversations else ""
    typer.echo(
        f"Trained on {len(sessions)} sessions{also} ({coder.metadata['n_train']} utterances); "
        f"saved to {saved}"
    )


@analyzer_app.command("evaluate")
def evaluate(
    corpus: Annotated[Path, typer.Option(help="AnnoMI-format CSV with gold labels.")],
) -> None:
    """Score the cached coder (or the rules, if none) against CORPUS's gold labels."""
    from fulcrum.bench.annomi import evaluate as score

    sessions = _read_corpus(corpus)
    coder, notes = load_coder()
    trained_on = getattr(coder, "metadata", {}).get("corpus")
    if trained_on == corpus.name:
        notes = [
            *notes,
            f"The coder was trained on {trained_on}: figures on the file it learned from are "
            "optimistic. `fulcrum bench annomi` gives figures on unseen videos.",
        ]
    for note in notes:
        Console(stderr=True).print(note, highlight=False)
    result = score(sessions, [coder.code(s.turns) for s in sessions])
    result["coder"] = coder.name
    console = Console()
    table = Table(title=f"{coder.name} on {corpus.name}")
    table.add_column("figure")
    table.add_column("value", justify="right")
    for key in ("behaviour_macro_f1", "client_macro_f1", "overuse_auc"):
        table.add_row(key, str(result[key]))
    console.print(table)
    sys.stdout.write(json.dumps(result, sort_keys=True) + "\n")


def _render_text(path: Path, a: SessionAnalysis, console: Console) -> None:
    console.rule(f"{path.name} — practitioner: {a.practitioner}")
    for note in (*a.notes, *a.warnings):
        console.print(f"[yellow]{note}[/yellow]", highlight=False)
    console.print(
        f"Over-use index {a.over_use.value:.1f}/10   Under-use index {a.under_use.value:.1f}/10   "
        "(prompts for reflection, not verdicts)",
        highlight=False,
    )
    table = Table(show_header=True)
    table.add_column("indicator")
    table.add_column("value", justify="right")
    table.add_column("utterances")
    for ind in a.indicators:
        shown = "—" if ind.value is None else f"{ind.value:.3g}"
        at = ", ".join(str(i) for i in ind.utterances[:8]) + (
            " …" if len(ind.utterances) > 8 else ""
        )
        table.add_row(ind.label, shown, at)
    console.print(table)


def _render_html(results: list[tuple[Path, SessionAnalysis]]) -> str:
    e = html.escape
    parts = [
        '<!doctype html><html lang="en"><meta charset="utf-8"><title>Fulcrum analysis</title><body>'
    ]
    for path, a in results:
        parts.append(f"<section><h1>{e(path.name)}</h1><p>Practitioner: {e(a.practitioner)}</p>")
        parts.extend(f"<p><em>{e(n)}</em></p>" for n in (*a.notes, *a.warnings))
        parts.append(
            f"<p>Over-use index {a.over_use.value:.1f}/10; under-use index "
            f"{a.under_use.value:.1f}/10. These are prompts for reflection, not verdicts.</p>"
        )
        parts.append("<table><tr><th>Indicator</th><th>Value</th><th>What it means</th></tr>")
        for ind in a.indicators:
            v = "—" if ind.value is None else f"{ind.value:.3g}"
            parts.append(
                f"<tr><td>{e(ind.label)}</td><td>{v}</td><td>{e(ind.explanation)}</td></tr>"
            )
        parts.append("</table></section>")
    parts.append("</body></html>")
    return "\n".join(parts)


@app.command("analyze")
def analyze_files(
    files: Annotated[list[Path], typer.Argument(help="Transcript files to analyse.")],
    practitioner: Annotated[
        str | None, typer.Option(help="The practitioner's speaker name (else guessed).")
    ] = None,
    output: Annotated[OutputFormat, typer.Option("--format", help="text, json or html.")] = (
        OutputFormat.text
    ),
) -> None:
    """Code each transcript and show its power indicators (JSON: one object per line)."""
    from fulcrum.core.transcripts.parsing import parse_transcript

    coder, notes = load_coder()
    err = Console(stderr=True)
    for note in notes:
        err.print(note, highlight=False)
    results: list[tuple[Path, SessionAnalysis]] = []
    with Progress(console=err, transient=True, disable=len(files) < 2) as progress:
        task = progress.add_task("Analysing", total=len(files))
        for path in files:
            if path.is_dir():
                raise CommandError(
                    f"{path} is a folder; name the transcripts in it, e.g. {path / '*.vtt'}"
                )
            if not path.is_file():
                raise CommandError(f"No such file: {path}")
            try:
                transcript = parse_transcript(
                    path.read_bytes(), path.name, practitioner=practitioner
                )
                results.append((path, analyze(transcript, coder, notes=notes)))
            except FulcrumError as exc:
                raise CommandError(f"{path}: {exc}") from exc
            progress.advance(task)
    if output is OutputFormat.json:
        for path, a in results:
            sys.stdout.write(json.dumps({"file": str(path), **analysis_as_dict(a)}) + "\n")
    elif output is OutputFormat.html:
        sys.stdout.write(_render_html(results) + "\n")
    else:
        console = Console()
        for path, a in results:
            _render_text(path, a, console)
