"""Read AnnoMI-format CSV text into sessions with one gold label per utterance.

AnnoMI has one row per utterance *and annotator*. Fulcrum reduces several annotators to
one label with a single rule, used everywhere (training, evaluation, benchmarks):
the majority label wins; a tie goes to the tied label given by the annotator with the
lowest ``annotator_id`` (compared as integers when they are numbers). The subtype is
reduced the same way among the annotators who gave the winning main label. See
docs/decisions/0003-annomi-annotator-reduction.md.

The caller reads the file; this module only parses text, so it stays pure.
"""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from fulcrum.core.errors import ParseError
from fulcrum.core.transcripts.coding.base import Role, Turn
from fulcrum.core.transcripts.model import Transcript, Utterance

REQUIRED_COLUMNS = (
    "mi_quality",
    "transcript_id",
    "video_url",
    "utterance_id",
    "interlocutor",
    "utterance_text",
    "annotator_id",
    "main_therapist_behaviour",
    "client_talk_type",
)
_BEHAVIOUR = {
    "reflection": "reflection",
    "question": "question",
    "therapist_input": "input",
    "other": "other",
}
_SUBTYPE_COLUMN = {
    "reflection": "reflection_subtype",
    "question": "question_subtype",
    "input": "therapist_input_subtype",
}
PRACTITIONER_SPEAKER = "therapist"
CLIENT_SPEAKER = "client"


@dataclass(frozen=True, slots=True)
class GoldUtterance:
    """One utterance with its reduced gold label (behaviour or client talk)."""

    utterance_id: int
    role: Role
    text: str
    start: float | None
    label: str
    subtype: str | None
    annotators: int


@dataclass(frozen=True, slots=True)
class AnnoMISession:
    transcript_id: str
    video_url: str
    mi_quality: str
    topic: str
    utterances: tuple[GoldUtterance, ...]

    @property
    def turns(self) -> tuple[Turn, ...]:
        return tuple(Turn(u.text, u.role) for u in self.utterances)

    def to_transcript(self) -> Transcript:
        """Return the session as a :class:`Transcript` (therapist is the practitioner)."""
        utterances = tuple(
            Utterance(
                index=i,
                speaker=PRACTITIONER_SPEAKER if u.role == "practitioner" else CLIENT_SPEAKER,
                text=u.text,
                start=u.start,
            )
            for i, u in enumerate(self.utterances)
        )
        return Transcript(
            utterances=utterances,
            speakers=(PRACTITIONER_SPEAKER, CLIENT_SPEAKER),
            source_format="annomi-csv",
            practitioner=PRACTITIONER_SPEAKER,
            practitioner_confidence=1.0,
        )


def _annotator_key(annotator_id: str) -> tuple[int, int | str]:
    return (0, int(annotator_id)) if annotator_id.strip().isdigit() else (1, annotator_id)


def reduce_labels(votes: Sequence[tuple[str, str]]) -> str:
    """Reduce ``(annotator_id, label)`` votes to one label: majority, ties to lowest id."""
    if not votes:
        raise ValueError("no votes")
    counts = Counter(label for _, label in votes)
    best = max(counts.values())
    tied = {label for label, n in counts.items() if n == best}
    for _, label in sorted(votes, key=lambda v: _annotator_key(v[0])):
        if label in tied:
            return label
    raise AssertionError("unreachable")  # pragma: no cover


def _seconds(stamp: str) -> float | None:
    parts = stamp.strip().split(":")
    if not stamp.strip() or not all(p.replace(".", "", 1).isdigit() for p in parts):
        return None
    total = 0.0
    for p in parts:
        total = total * 60 + float(p)
    return total


def read_annomi(text: str) -> tuple[AnnoMISession, ...]:
    """Parse AnnoMI CSV text into sessions, in first-seen transcript order."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise ParseError(
            f"Not an AnnoMI-format CSV: missing column(s) {', '.join(missing)}.", line=1
        )
    rows_by_utt: dict[tuple[str, int], list[dict[str, str]]] = defaultdict(list)
    order: list[str] = []
    meta: dict[str, dict[str, str]] = {}
    for row in reader:
        line = reader.line_num
        tid = row["transcript_id"]
        try:
            uid = int(row["utterance_id"])
        except ValueError:
            raise ParseError(
                f"utterance_id {row['utterance_id']!r} is not a number.", line=line
            ) from None
        if row["interlocutor"] not in (PRACTITIONER_SPEAKER, CLIENT_SPEAKER):
            raise ParseError(f"Unknown interlocutor {row['interlocutor']!r}.", line=line)
        if tid not in meta:
            order.append(tid)
            meta[tid] = row
        rows_by_utt[(tid, uid)].append(row)
    by_session: dict[str, list[GoldUtterance]] = defaultdict(list)
    for (tid, uid), rows in rows_by_utt.items():
        by_session[tid].append(_reduce_utterance(uid, rows))
    sessions = []
    for tid in order:
        m = meta[tid]
        sessions.append(
            AnnoMISession(
                transcript_id=tid,
                video_url=m["video_url"],
                mi_quality=m["mi_quality"],
                topic=m.get("topic", ""),
                utterances=tuple(sorted(by_session[tid], key=lambda u: u.utterance_id)),
            )
        )
    return tuple(sessions)


def _reduce_utterance(uid: int, rows: Sequence[dict[str, str]]) -> GoldUtterance:
    first = rows[0]
    role: Role = "practitioner" if first["interlocutor"] == PRACTITIONER_SPEAKER else "client"
    subtype: str | None = None
    if role == "practitioner":
        votes = [
            (r["annotator_id"], _BEHAVIOUR.get(r["main_therapist_behaviour"], "other"))
            for r in rows
        ]
        label = reduce_labels(votes)
        column = _SUBTYPE_COLUMN.get(label)
        if column is not None:
            sub_votes = [
                (r["annotator_id"], r.get(column, "n/a"))
                for r, (_, v) in zip(rows, votes, strict=True)
                if v == label and r.get(column, "n/a") not in ("", "n/a")
            ]
            subtype = reduce_labels(sub_votes) if sub_votes else None
    else:
        votes = [(r["annotator_id"], r["client_talk_type"]) for r in rows]
        label = reduce_labels(votes)
        if label not in ("change", "neutral", "sustain"):
            label = "neutral"
    return GoldUtterance(
        utterance_id=uid,
        role=role,
        text=first["utterance_text"],
        start=_seconds(first.get("timestamp", "")),
        label=label,
        subtype=subtype,
        annotators=len(rows),
    )
