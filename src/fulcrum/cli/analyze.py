"""``fulcrum analyze`` and ``fulcrum analyzer train|evaluate``: transcript power analysis.

The learned coder is trained from a corpus the user has and cached outside the
repository (see docs/decisions/0002-learned-coder-trained-locally.md); without one,
Fulcrum codes with its transparent rules and says so.
"""

from __future__ import annotations

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
from fulcrum.core.transcripts.model import Transcript
from fulcrum.core.transcripts.parsing import FORMAT_NAMES
from fulcrum.transcripts.coders import load_coder, model_dir, save_coder

analyzer_app = typer.Typer(
    help="Train and evaluate the learned utterance coder.", no_args_is_help=True
)
app.add_typer(analyzer_app, name="analyzer")


class OutputFormat(StrEnum):
    text = "text"
    json = "json"
    html = "html"


def _read_corpus(corpus: Path) -> Any:
    from fulcrum.transcripts.training import load_sessions

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
    from fulcrum.core.transcripts.coding.learned import coder_to_bytes
    from fulcrum.transcripts.training import load_external, train_on, train_on_corpora

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
    from fulcrum.transcripts.training import evaluate as score

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


def _speakers(transcript: Transcript) -> list[dict[str, Any]]:
    """Each speaker's turns, words and share of the words, in order of first appearance."""
    turns = dict.fromkeys(transcript.speakers, 0)
    words = dict.fromkeys(transcript.speakers, 0)
    for u in transcript.utterances:
        turns[u.speaker] += 1
        words[u.speaker] += len(u.text.split())
    total = sum(words.values()) or 1
    return [
        {
            "name": name,
            "role": "practitioner" if name == transcript.practitioner else "client",
            "turns": turns[name],
            "words": words[name],
            "word_share": round(words[name] / total, 4),
        }
        for name in transcript.speakers
    ]


def _as_json(path: Path, transcript: Transcript, a: SessionAnalysis) -> dict[str, Any]:
    return {
        "file": str(path),
        "format": {
            "id": transcript.source_format,
            "name": FORMAT_NAMES.get(transcript.source_format, transcript.source_format),
        },
        "speakers": _speakers(transcript),
        **analysis_as_dict(a),
        "practitioner_confidence": transcript.practitioner_confidence,
        "practitioner_basis": transcript.practitioner_basis,
    }


def _render_text(path: Path, transcript: Transcript, a: SessionAnalysis, console: Console) -> None:
    name = FORMAT_NAMES.get(transcript.source_format, transcript.source_format)
    console.rule(f"{path.name} — {name}")
    how = {
        "named": "named",
        "source": "given by the file",
        "label": "from a role the file gives",
    }.get(transcript.practitioner_basis, "guessed from how they speak")
    if transcript.practitioner_basis != "named":
        how += f", confidence {transcript.practitioner_confidence:.0%}"
    console.print(f"Practitioner: {a.practitioner} ({how})", highlight=False)
    shares = ", ".join(
        f"{s['name']} {s['word_share']:.0%} of the words" for s in _speakers(transcript)
    )
    console.print(f"Speakers: {shares}", highlight=False)
    for note in (*a.notes, *a.warnings):
        console.print(f"[yellow]{note}[/yellow]", highlight=False)
    if a.has_client:
        console.print(
            f"Over-use index {a.over_use.value:.1f}/10   "
            f"Under-use index {a.under_use.value:.1f}/10   "
            "(prompts for reflection, not verdicts)",
            highlight=False,
        )
    else:
        console.print(
            "No client speaks in this transcript, so the over-use and under-use indices "
            "are not computed.",
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


def _render_html(path: Path, transcript: Transcript, a: SessionAnalysis) -> str:
    """The web report for one file, as one self-contained HTML document."""
    from fulcrum.kernel.setup import setup_django

    setup_django()
    from fulcrum.transcripts.export import AnalysedFile, render_export

    source = AnalysedFile(
        filename=path.name,
        source_format=transcript.source_format,
        speakers=transcript.speakers,
        practitioner=a.practitioner,
        analysis=analysis_as_dict(a),
        confidence=transcript.practitioner_confidence,
        named=transcript.practitioner_basis == "named",
        basis=transcript.practitioner_basis,
        coder_kind=a.coder_kind,
        coder_name=a.coder,
        notes=a.notes,
        warnings=a.warnings,
    )
    return render_export(source, transcript.utterances)


def _utterance_limit() -> int:
    """The same utterance limit as the pages and the API (FULCRUM_TRANSCRIPT_MAX_UTTERANCES)."""
    from fulcrum.kernel.setup import setup_django

    setup_django()
    from fulcrum.transcripts.uploads import utterance_limit

    return utterance_limit()


def _read(path: Path, practitioner: str | None, transcript_id: str | None) -> Transcript:
    from fulcrum.core.transcripts.parsing import SeveralTranscripts, parse_transcript

    if path.is_dir():
        raise CommandError(f"{path} is a folder; name the transcripts in it, e.g. {path / '*.vtt'}")
    if not path.is_file():
        raise CommandError(f"No such file: {path}")
    try:
        return parse_transcript(
            path.read_bytes(),
            path.name,
            practitioner=practitioner,
            transcript_id=transcript_id,
            max_utterances=_utterance_limit(),
        )
    except SeveralTranscripts as exc:
        listed = ", ".join(exc.ids[:8]) + (" …" if len(exc.ids) > 8 else "")
        raise CommandError(
            f"{path} holds {len(exc.ids)} AnnoMI transcripts ({listed}); "
            "choose one with --transcript-id ID."
        ) from exc
    except OSError as exc:
        raise CommandError(f"{path} could not be read: {exc.strerror or exc}.") from exc
    except FulcrumError as exc:
        raise CommandError(f"{path}: {exc}") from exc


@app.command("analyze")
def analyze_files(
    files: Annotated[list[Path], typer.Argument(help="Transcript files to analyse.")],
    practitioner: Annotated[
        str | None, typer.Option(help="The practitioner's speaker name (else guessed).")
    ] = None,
    output: Annotated[OutputFormat, typer.Option("--format", help="text, json or html.")] = (
        OutputFormat.text
    ),
    transcript_id: Annotated[
        str | None,
        typer.Option(
            "--transcript-id", help="In a CSV holding several AnnoMI transcripts, the one to read."
        ),
    ] = None,
    out_dir: Annotated[
        Path | None,
        typer.Option(
            "--out-dir", help="With --format html: write one FILE.html per transcript here."
        ),
    ] = None,
) -> None:
    """Code each transcript and show its power indicators (JSON: one object per line).

    A file that cannot be read is named on stderr with the reason, the others are still
    analysed, and the exit code is 1.
    """
    if output is OutputFormat.html and len(files) > 1 and out_dir is None:
        raise CommandError(
            "An HTML report is one file per transcript; name a folder for them with --out-dir."
        )
    if out_dir is not None and output is not OutputFormat.html:
        raise CommandError("--out-dir is for --format html.")
    coder, notes = load_coder()
    err = Console(stderr=True)
    if notes:
        # The report carries the notes; where the coders are kept is said here only, to
        # whoever runs Fulcrum on this computer.
        if output is not OutputFormat.text:
            for note in notes:
                err.print(note, highlight=False)
        err.print(f"Fulcrum keeps trained coders in {model_dir()}.", highlight=False)
    console = Console()
    failed = 0
    written: set[str] = set()
    with Progress(console=err, transient=True, disable=len(files) < 2) as progress:
        task = progress.add_task("Analysing", total=len(files))
        for path in files:
            try:
                transcript = _read(path, practitioner, transcript_id)
                analysis = analyze(transcript, coder, notes=notes)
            except FulcrumError as exc:
                message = str(exc) if isinstance(exc, CommandError) else f"{path}: {exc}"
                if len(files) == 1:
                    raise CommandError(message) from exc
                # One bad file must not cost the others their output.
                failed += 1
                err.print(f"[red]Error:[/red] {message}", highlight=False)
                progress.advance(task)
                continue
            _emit(path, transcript, analysis, output, out_dir, console, written)
            progress.advance(task)
    if failed:
        raise CommandError(
            f"{failed} of {len(files)} files could not be analysed; each is named above."
        )


def _emit(
    path: Path,
    transcript: Transcript,
    analysis: SessionAnalysis,
    output: OutputFormat,
    out_dir: Path | None,
    console: Console,
    written: set[str],
) -> None:
    if output is OutputFormat.json:
        sys.stdout.write(json.dumps(_as_json(path, transcript, analysis)) + "\n")
        sys.stdout.flush()
    elif output is OutputFormat.html:
        document = _render_html(path, transcript, analysis)
        if out_dir is None:
            sys.stdout.write(document)
            return
        name = f"{path.name}.html"
        # Two inputs with one name (a/s.vtt, b/s.vtt) must not overwrite each other.
        count = 1
        while name in written:
            count += 1
            name = f"{path.name}-{count}.html"
        written.add(name)
        target = out_dir / name
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
            target.write_text(document, encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"Could not write {target}: {exc.strerror or exc}.") from exc
        Console(stderr=True).print(f"Wrote {target}", highlight=False)
    else:
        _render_text(path, transcript, analysis, console)
