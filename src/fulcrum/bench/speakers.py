"""``fulcrum bench speakers``: the practitioner guess on real dialogue, and reading speed.

Two figures people rely on when they upload an export: how often Fulcrum names the
right practitioner when the file does not say (and how often it is wrong while sure),
and how fast each export format is read. The guess is scored on AnnoMI (counselling)
and ESConv (peer-support text chat) with neutral names that alternate between sessions,
so neither the name nor who speaks first gives the answer away. The speed is measured
on one long session written out in each format's conventions.
"""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from fulcrum.core.transcripts.parsing import parse_transcript

Dialogue = list[tuple[bool, str]]  # (is the practitioner, what was said)
SURE = 0.6
NAMES = ("Alex", "Blake")


def annomi_dialogues(path: Path) -> Iterator[Dialogue]:
    """AnnoMI sessions as (therapist?, text) turns, one row per utterance kept."""
    sessions: dict[str, Dialogue] = {}
    seen: set[tuple[str, str]] = set()
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            key = (row["transcript_id"], row["utterance_id"])
            if key not in seen:
                seen.add(key)
                sessions.setdefault(key[0], []).append(
                    (row["interlocutor"] == "therapist", row["utterance_text"])
                )
    yield from sessions.values()


def esconv_dialogues(path: Path) -> Iterator[Dialogue]:
    """ESConv conversations as (supporter?, text) turns."""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                turns = json.loads(line)["turns"]
                yield [(t["speaker"] == "supporter", t["text"]) for t in turns]


def score_guess(dialogues: Sequence[Dialogue]) -> dict[str, Any]:
    """How often the guess names the practitioner, and how often it is wrong but sure."""
    right = sure_wrong = sure = 0
    for number, dialogue in enumerate(dialogues):
        practitioner, client = NAMES if number % 2 == 0 else NAMES[::-1]
        text = "\n".join(f"{practitioner if p else client}: {said}" for p, said in dialogue)
        transcript = parse_transcript(text.encode(), "session.txt", max_bytes=50 * 1024 * 1024)
        is_right = transcript.practitioner == practitioner
        right += is_right
        if transcript.practitioner_confidence >= SURE:
            sure += 1
            sure_wrong += not is_right
    total = len(dialogues)
    return {
        "sessions": total,
        "right": right,
        "accuracy": round(right / total, 4) if total else None,
        "sure": sure,
        "sure_but_wrong": sure_wrong,
    }


def _long_session(turns: int) -> Dialogue:
    lines = (
        "What would you like to start with today?",
        "The week was long, and I kept thinking about what my manager said to me.",
        "It stayed with you. Would it help to look at that first, or at something else?",
        "That first, I think. I didn't know what to say back to her at the time.",
    )
    return [(n % 2 == 0, f"{lines[n % 4]} ({n})") for n in range(turns)]


def _clock(seconds: float, sep: str = ".") -> str:
    whole, millis = int(seconds), int(seconds % 1 * 1000)
    return f"{whole // 3600:02d}:{whole // 60 % 60:02d}:{whole % 60:02d}{sep}{millis:03d}"


def _writers() -> dict[str, tuple[str, Callable[[Dialogue], bytes]]]:
    def who(p: bool) -> str:
        return "Dana Reyes" if p else "Sam Okafor"

    def vtt(d: Dialogue) -> bytes:
        cues = [
            f"{n + 1}\n{_clock(n * 4)} --> {_clock(n * 4 + 3.5)}\n<v {who(p)}>{s}</v>\n"
            for n, (p, s) in enumerate(d)
        ]
        return ("WEBVTT\n\n" + "\n".join(cues)).encode()

    def srt(d: Dialogue) -> bytes:
        cues = [
            f"{n + 1}\n{_clock(n * 4, ',')} --> {_clock(n * 4 + 3.5, ',')}\n{who(p)}: {s}\n"
            for n, (p, s) in enumerate(d)
        ]
        return "\n".join(cues).encode()

    def otter(d: Dialogue) -> bytes:
        body = "\n\n".join(
            f"{who(p)}  {n * 4 // 60}:{n * 4 % 60:02d}\n{s}" for n, (p, s) in enumerate(d)
        )
        return (body + "\n\nTranscribed by https://otter.ai\n").encode()

    def markdown(d: Dialogue) -> bytes:
        return "\n\n".join(f"**{who(p)}:** {s}" for p, s in d).encode()

    def diarised(d: Dialogue) -> bytes:
        return "\n".join(
            f"[{_clock(n * 4)} - {_clock(n * 4 + 3.5)}] SPEAKER_0{int(not p)} - {s}"
            for n, (p, s) in enumerate(d)
        ).encode()

    def table(d: Dialogue) -> bytes:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["start", "speaker", "text"])
        writer.writerows([n * 4, who(p), s] for n, (p, s) in enumerate(d))
        return out.getvalue().encode()

    def chat(d: Dialogue) -> bytes:
        head = "@UTF8\n@Begin\n@Participants:\tTHE Dana Therapist, CLI Sam Client\n"
        tiers = "".join(
            f"*{'THE' if p else 'CLI'}:\t{s} \x15{n * 4000}_{n * 4000 + 3500}\x15\n%com:\tnote\n"
            for n, (p, s) in enumerate(d)
        )
        return (head + tiers + "@End\n").encode()

    def deepgram(d: Dialogue) -> bytes:
        utterances = [
            {"start": n * 4.0, "end": n * 4 + 3.5, "speaker": int(not p), "transcript": s}
            for n, (p, s) in enumerate(d)
        ]
        return json.dumps({"results": {"channels": [], "utterances": utterances}}).encode()

    def xlsx(d: Dialogue) -> bytes:
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.append(["Start", "Speaker", "Utterance"])
        for n, (p, s) in enumerate(d):
            sheet.append([n * 4, who(p), s])
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()

    return {
        "vtt": ("session.vtt", vtt),
        "srt": ("session.srt", srt),
        "otter": ("session.txt", otter),
        "markdown": ("session.md", markdown),
        "diarised-text": ("session.txt", diarised),
        "csv": ("session.csv", table),
        "chat": ("session.cha", chat),
        "deepgram-json": ("session.json", deepgram),
        "xlsx": ("session.xlsx", xlsx),
    }


def reading_speed(turns: int = 600, repeats: int = 5) -> dict[str, dict[str, float]]:
    """Utterances read per second for one long session in each format (best of runs)."""
    session = _long_session(turns)
    speeds: dict[str, dict[str, float]] = {}
    for source_format, (name, write) in _writers().items():
        data = write(session)
        best = float("inf")
        for _ in range(repeats):
            began = time.perf_counter()
            transcript = parse_transcript(data, name)
            best = min(best, time.perf_counter() - began)
        assert transcript.source_format == source_format, (source_format, transcript.source_format)
        speeds[source_format] = {
            "utterances_per_s": round(len(transcript.utterances) / best),
            "session_ms": round(best * 1000, 2),
        }
    return speeds


def register(bench_app: typer.Typer) -> None:
    @bench_app.command("speakers")
    def speakers(
        annomi: Annotated[
            Path | None, typer.Option(help="AnnoMI-format CSV (e.g. AnnoMI-full.dev.csv).")
        ] = None,
        esconv: Annotated[
            Path | None, typer.Option(help="ESConv JSON lines (e.g. esconv-dev.jsonl).")
        ] = None,
        turns: Annotated[int, typer.Option(min=10, help="Turns in the speed session.")] = 600,
    ) -> None:
        """The practitioner guess on real dialogue and each format's reading speed."""
        from fulcrum.bench import BenchError

        console = Console(width=110)
        result: dict[str, Any] = {}
        for label, path, read in (
            ("annomi", annomi, annomi_dialogues),
            ("esconv", esconv, esconv_dialogues),
        ):
            if path is None:
                continue
            if not path.is_file():
                raise BenchError(f"No such file: {path}")
            result[f"guess_{label}"] = score_guess(list(read(path)))
        result["reading"] = reading_speed(turns)

        table = Table(title="Practitioner guess with neutral, alternating names")
        for column in ("corpus", "sessions", "right", "accuracy", "sure (≥0.6)", "sure but wrong"):
            table.add_column(column, justify="right")
        for key, value in result.items():
            if key.startswith("guess_"):
                table.add_row(
                    key.removeprefix("guess_"),
                    *(str(value[k]) for k in ("sessions", "right", "accuracy", "sure")),
                    str(value["sure_but_wrong"]),
                )
        console.print(table)
        speed = Table(title=f"Reading one {turns}-turn session")
        for column in ("format", "utterances/s", "ms"):
            speed.add_column(column, justify="right")
        for source_format, figures in result["reading"].items():
            speed.add_row(
                source_format, str(figures["utterances_per_s"]), str(figures["session_ms"])
            )
        console.print(speed)
        typer.echo(json.dumps(result, sort_keys=True))
