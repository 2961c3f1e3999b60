"""Sessions written with and without under-use episodes, and how well the index separates them.

A folder of transcripts (any format Fulcrum reads) with a ``manifest.toml`` that lists
each file::

    [[session]]
    file = "massage_boundary_with.txt"
    setting = "bodywork"            # any words; figures are also given per setting
    practitioner = "Leo"            # the practitioner's speaker name in the file
    underuse = true                 # does the session hold an episode of under-use?
    episodes = ["behaviour_unaddressed"]   # optional: the cues expected

Fulcrum's own sessions are in ``fulcrum/core/transcripts/tests/underuse_sessions``;
``fulcrum bench annomi --underuse-sessions DIR`` reads another folder the same way.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fulcrum.core.errors import FulcrumError
from fulcrum.core.transcripts.analysis import analyze
from fulcrum.core.transcripts.coding.base import Coder
from fulcrum.core.transcripts.model import Transcript
from fulcrum.core.transcripts.parsing import parse_transcript

DEFAULT_DIR = Path(__file__).resolve().parents[1] / "core/transcripts/tests/underuse_sessions"


@dataclass(frozen=True, slots=True)
class WrittenSession:
    """One written session: its file, setting, whether it holds under-use, and the cues
    expected in it."""

    file: str
    setting: str
    underuse: bool
    episodes: tuple[str, ...]
    transcript: Transcript


def load_written_sessions(folder: Path) -> tuple[WrittenSession, ...]:
    """Read ``folder/manifest.toml`` and the transcripts it lists; problems become one
    sentence naming the file (and the line, where there is one)."""
    from fulcrum.bench import BenchError

    manifest = folder / "manifest.toml"
    if not manifest.is_file():
        raise BenchError(f"No manifest.toml in {folder}.")
    try:
        data = tomllib.loads(manifest.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise BenchError(f"{manifest}: {exc}.") from None
    entries = data.get("session")
    if not isinstance(entries, list) or not entries:
        raise BenchError(f"{manifest}: list the sessions as [[session]] tables.")
    out: list[WrittenSession] = []
    for n, entry in enumerate(entries, start=1):
        where = f"{manifest}, session {n}"
        if not isinstance(entry, Mapping):
            raise BenchError(f"{where}: expected a table.")
        name, practitioner, underuse = (
            entry.get("file"),
            entry.get("practitioner"),
            entry.get("underuse"),
        )
        if not isinstance(name, str) or not isinstance(underuse, bool):
            raise BenchError(f'{where}: give file = "..." and underuse = true or false.')
        path = folder / name
        if not path.is_file():
            raise BenchError(f"{where}: no such file {path}.")
        try:
            transcript = parse_transcript(
                path.read_bytes(),
                name,
                practitioner=practitioner if isinstance(practitioner, str) else None,
            )
        except FulcrumError as exc:
            raise BenchError(f"{path}: {exc}") from None
        if transcript.practitioner is None:
            raise BenchError(f'{where}: name the practitioner (practitioner = "...").')
        episodes = entry.get("episodes") or []
        out.append(
            WrittenSession(
                name,
                str(entry.get("setting") or "unspecified"),
                underuse,
                tuple(str(e) for e in episodes),
                transcript,
            )
        )
    return tuple(out)


def _auc(positive: Sequence[bool], scores: Sequence[float]) -> float | None:
    from sklearn.metrics import roc_auc_score

    if len(set(positive)) < 2:
        return None
    return round(float(roc_auc_score(list(positive), list(scores))), 4)


def written_session_figures(
    sessions: Sequence[WrittenSession], coders: Mapping[str, Coder]
) -> dict[str, Any]:
    """ROC AUC of the under-use index for sessions with over sessions without under-use,
    per coder (``underuse_sessions_auc`` for the first, ``<name>_underuse_sessions_auc``
    for the others) and per setting; the share of expected cues found; each session's
    index value."""
    out: dict[str, Any] = {"underuse_sessions": len(sessions)}
    for k, (name, coder) in enumerate(coders.items()):
        prefix = "" if k == 0 else f"{name}_"
        analyses = [analyze(s.transcript, coder) for s in sessions]
        values = [a.under_use.value for a in analyses]
        labels = [s.underuse for s in sessions]
        out[f"{prefix}underuse_sessions_auc"] = _auc(labels, values)
        if k:
            continue
        out["underuse_sessions_by_setting"] = {
            setting: _auc(
                [s.underuse for s in sessions if s.setting == setting],
                [v for s, v in zip(sessions, values, strict=True) if s.setting == setting],
            )
            for setting in sorted({s.setting for s in sessions})
        }
        expected = [(s, a) for s, a in zip(sessions, analyses, strict=True) if s.episodes]
        found = sum(
            len(set(s.episodes) & {e.cue for e in a.underuse_episodes}) for s, a in expected
        )
        wanted = sum(len(set(s.episodes)) for s, _ in expected)
        out["underuse_sessions_cues_found"] = round(found / wanted, 4) if wanted else None
        out["underuse_sessions_clean_flagged"] = sum(
            1 for s, v in zip(sessions, values, strict=True) if not s.underuse and v > 0
        )
        out["underuse_sessions_values"] = {s.file: v for s, v in zip(sessions, values, strict=True)}
    return out
