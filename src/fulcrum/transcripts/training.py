"""Reading training corpora, training the learned coder and scoring it against gold labels.

``fulcrum analyzer train`` and ``fulcrum analyzer evaluate`` use these, and so does
``fulcrum bench annomi``; they belong to the product, not to the benchmark.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from fulcrum.core.errors import FulcrumError
from fulcrum.core.transcripts.analysis import analyze
from fulcrum.core.transcripts.annomi import AnnoMISession, read_annomi
from fulcrum.core.transcripts.coding.base import (
    BEHAVIOUR_LABELS,
    CLIENT_LABELS,
    Code,
    Turn,
)
from fulcrum.core.transcripts.coding.learned import LabelledTurn, LearnedCoder, train_coder
from fulcrum.core.transcripts.esconv import StrategyConversation, helper_turns, read_esconv


class TrainingError(FulcrumError):
    """A corpus cannot be read or trained on; the message names the file."""


class FixedCoder:
    """Replays codes already computed, so indices can be read from stored predictions."""

    def __init__(
        self, codes: Sequence[Code], kind: Literal["rules", "learned"] = "learned"
    ) -> None:
        self._codes = tuple(codes)
        self._kind: Literal["rules", "learned"] = kind

    @property
    def name(self) -> str:
        return "fixed"

    @property
    def kind(self) -> Literal["rules", "learned"]:
        return self._kind

    def code(self, turns: Sequence[Turn]) -> tuple[Code, ...]:
        return self._codes


def load_sessions(path: Path) -> tuple[AnnoMISession, ...]:
    """Read an AnnoMI-format CSV file; problems become one sentence naming the file."""

    if not path.is_file():
        raise TrainingError(f"No such file: {path}")
    try:
        sessions = read_annomi(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise TrainingError(f"{path}: not UTF-8 text; save the CSV as UTF-8.") from None
    except FulcrumError as exc:
        raise TrainingError(f"{path}: {exc}") from None
    if not sessions:
        raise TrainingError(f"{path}: no utterances in the file.")
    return sessions


def labelled(sessions: Sequence[AnnoMISession]) -> list[list[LabelledTurn]]:
    return [
        [LabelledTurn(Turn(u.text, u.role), u.label, u.subtype) for u in s.utterances]
        for s in sessions
    ]


def video_groups(sessions: Sequence[AnnoMISession]) -> list[str]:
    """Each session's source video (its transcript id when the video is not given)."""
    return [s.video_url or f"transcript {s.transcript_id}" for s in sessions]


def train_on(sessions: Sequence[AnnoMISession], corpus: str) -> LearnedCoder:
    """Train the learned coder on AnnoMI sessions, grouping its inner folds by video."""
    return train_coder(labelled(sessions), corpus=corpus, groups=video_groups(sessions))


def per_class(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> dict[str, Any]:
    """Precision, recall, F1 and support per class, and their macro-F1."""
    from sklearn.metrics import precision_recall_fscore_support

    p, r, f, s = precision_recall_fscore_support(
        list(gold), list(pred), labels=list(labels), zero_division=0
    )
    present = [k for k, n in enumerate(s) if n > 0]
    macro = float(sum(f[k] for k in present) / len(present)) if present else 0.0
    return {
        "macro_f1": round(macro, 4),
        "classes": {
            lab: {
                "precision": round(float(p[k]), 4),
                "recall": round(float(r[k]), 4),
                "f1": round(float(f[k]), 4),
                "support": int(s[k]),
            }
            for k, lab in enumerate(labels)
        },
    }


def _auc(positive: Sequence[bool], scores: Sequence[float]) -> float | None:
    from sklearn.metrics import roc_auc_score

    if len(set(positive)) < 2:
        return None
    return round(float(roc_auc_score(list(positive), list(scores))), 4)


def over_use_scores(
    sessions: Sequence[AnnoMISession], predicted: Sequence[Sequence[Code]]
) -> list[float]:
    """Each session's over-use index score, computed from the given codes."""
    return [
        analyze(s.to_transcript(), FixedCoder(codes)).over_use.score
        for s, codes in zip(sessions, predicted, strict=True)
    ]


def under_use_scores(
    sessions: Sequence[AnnoMISession], predicted: Sequence[Sequence[Code]]
) -> list[float]:
    """Each session's under-use index value, computed from the given codes."""
    return [
        analyze(s.to_transcript(), FixedCoder(codes)).under_use.value
        for s, codes in zip(sessions, predicted, strict=True)
    ]


def evaluate(
    sessions: Sequence[AnnoMISession], predicted: Sequence[Sequence[Code]], prefix: str = ""
) -> dict[str, Any]:
    """Compare predicted codes with gold labels; also the over-use index's AUC."""
    gold_b, pred_b, gold_c, pred_c = [], [], [], []
    for s, codes in zip(sessions, predicted, strict=True):
        for u, c in zip(s.utterances, codes, strict=True):
            if u.role == "practitioner":
                gold_b.append(u.label)
                pred_b.append(c.label)
            else:
                gold_c.append(u.label)
                pred_c.append(c.label)
    beh = per_class(gold_b, pred_b, BEHAVIOUR_LABELS)
    cli = per_class(gold_c, pred_c, CLIENT_LABELS)
    low = [s.mi_quality == "low" for s in sessions]
    high = [not x for x in low]
    return {
        f"{prefix}behaviour_macro_f1": beh["macro_f1"],
        f"{prefix}client_macro_f1": cli["macro_f1"],
        f"{prefix}overuse_auc": _auc(low, over_use_scores(sessions, predicted)),
        f"{prefix}underuse_auc_high_over_low": _auc(high, under_use_scores(sessions, predicted)),
        f"{prefix}behaviour_classes": beh["classes"],
        f"{prefix}client_classes": cli["classes"],
    }


def load_external(path: Path) -> tuple[StrategyConversation, ...]:
    """Read an ESConv-format JSON-lines file; problems become one sentence naming it."""

    if not path.is_file():
        raise TrainingError(f"No such file: {path}")
    try:
        conversations = read_esconv(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise TrainingError(f"{path}: not UTF-8 text; save the file as UTF-8.") from None
    except FulcrumError as exc:
        raise TrainingError(f"{path}: {exc}") from None
    if not helper_turns(conversations) and not any(
        t.choice is not None for c in conversations for t in c.turns
    ):
        raise TrainingError(
            f"{path}: no helper turn carries a strategy or a choice mark, so nothing can be scored."
        )
    return conversations


def external_labelled(conversations: Sequence[StrategyConversation]) -> list[list[LabelledTurn]]:
    """The conversations as training sessions: helper turns with their mapped codes,
    the other turns (and self-disclosures, which have no behaviour code) as context."""
    return [
        [LabelledTurn(Turn(t.text, t.role), t.label, t.subtype) for t in c.turns]
        for c in conversations
    ]


def train_on_corpora(
    annomi: Sequence[AnnoMISession], external: Sequence[StrategyConversation], corpus: str
) -> LearnedCoder:
    """Train one learned coder on AnnoMI sessions and ESConv-format conversations together."""
    sessions = [*labelled(annomi), *external_labelled(external)]
    groups = [*video_groups(annomi), *(f"conversation {c.conversation}" for c in external)]
    return train_coder(sessions, corpus=corpus, groups=groups)
