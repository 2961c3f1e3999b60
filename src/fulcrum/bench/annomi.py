"""``fulcrum bench annomi``: how well the coders and the over-use index do on AnnoMI.

Cross-validation is grouped by ``video_url`` so no video is on both sides of a fold;
``--train/--test`` trains on one AnnoMI-format file and tests on another. The last line
printed is one JSON object with every figure.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any, Literal

import typer
from rich.console import Console
from rich.table import Table

from fulcrum.core.transcripts.analysis import analyze
from fulcrum.core.transcripts.annomi import AnnoMISession, read_annomi
from fulcrum.core.transcripts.coding.base import (
    BEHAVIOUR_LABELS,
    CLIENT_LABELS,
    Code,
    Coder,
    Turn,
)
from fulcrum.core.transcripts.coding.learned import LabelledTurn, train_coder
from fulcrum.core.transcripts.coding.rules import RulesCoder


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
    if not path.is_file():
        raise typer.BadParameter(f"No such file: {path}")
    return read_annomi(path.read_text(encoding="utf-8"))


def labelled(sessions: Sequence[AnnoMISession]) -> list[list[LabelledTurn]]:
    return [
        [LabelledTurn(Turn(u.text, u.role), u.label, u.subtype) for u in s.utterances]
        for s in sessions
    ]


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
    over = [
        analyze(s.to_transcript(), FixedCoder(codes)).over_use.score
        for s, codes in zip(sessions, predicted, strict=True)
    ]
    return {
        f"{prefix}behaviour_macro_f1": beh["macro_f1"],
        f"{prefix}client_macro_f1": cli["macro_f1"],
        f"{prefix}overuse_auc": _auc(low, over),
        f"{prefix}behaviour_classes": beh["classes"],
        f"{prefix}client_classes": cli["classes"],
    }


def _gold_codes(s: AnnoMISession) -> list[Code]:
    return [Code(u.role, u.label, u.subtype) for u in s.utterances]


def run_benchmark(
    train: Sequence[AnnoMISession] | None,
    test: Sequence[AnnoMISession],
    *,
    folds: int = 5,
) -> dict[str, Any]:
    """Grouped cross-validation on ``test`` (when ``train`` is None) or train -> test."""
    from sklearn.model_selection import GroupKFold

    started = time.perf_counter()
    splits: list[tuple[list[AnnoMISession], list[int]]] = []
    if train is None:
        groups = [s.video_url for s in test]
        n = min(folds, len(set(groups)))
        if n < 2:
            raise typer.BadParameter("Cross-validation needs sessions from at least two videos.")
        for tr, te in GroupKFold(n_splits=n).split(list(test), groups=groups):
            splits.append(([test[i] for i in tr], [int(i) for i in te]))
    else:
        splits.append((list(train), list(range(len(test)))))
    predicted: list[list[Code]] = [[] for _ in test]
    coded = 0
    coding_s = train_s = 0.0
    coder: Coder | None = None
    for train_sessions, test_idx in splits:
        t0 = time.perf_counter()
        coder = train_coder(labelled(train_sessions), corpus="benchmark fold")
        train_s += time.perf_counter() - t0
        t0 = time.perf_counter()
        for i in test_idx:
            predicted[i] = list(coder.code(test[i].turns))
            coded += len(predicted[i])
        coding_s += time.perf_counter() - t0
    assert coder is not None
    rules = RulesCoder()
    t0 = time.perf_counter()
    rules_pred = [list(rules.code(s.turns)) for s in test]
    rules_s = time.perf_counter() - t0
    n_utts = sum(len(s.utterances) for s in test)

    # End to end on a 600-utterance session stitched from the test sessions.
    stitched = [u for s in test for u in s.utterances][:600]
    long = AnnoMISession("stitched", "", "high", "", tuple(stitched)).to_transcript()
    t0 = time.perf_counter()
    analyze(long, coder)
    session_s = time.perf_counter() - t0

    result = evaluate(test, predicted)
    rules_result = evaluate(test, rules_pred, prefix="rules_")
    gold = evaluate(test, [_gold_codes(s) for s in test], prefix="gold_")
    low = [s.mi_quality == "low" for s in test]
    result.update(
        {
            "rules_behaviour_macro_f1": rules_result["rules_behaviour_macro_f1"],
            "rules_client_macro_f1": rules_result["rules_client_macro_f1"],
            "rules_overuse_auc": rules_result["rules_overuse_auc"],
            "rules_behaviour_classes": rules_result["rules_behaviour_classes"],
            "gold_overuse_auc": gold["gold_overuse_auc"],
            "length_auc": _auc(low, [float(len(s.utterances)) for s in test]),
            "utterances_per_s": round(coded / coding_s, 1) if coding_s else None,
            "rules_utterances_per_s": round(n_utts / rules_s, 1) if rules_s else None,
            "session_600_s": round(session_s, 4),
            "session_600_utterances": len(stitched),
            "mode": "cv" if train is None else "train-test",
            "folds": len(splits),
            "sessions": len(test),
            "utterances": n_utts,
            "train_s": round(train_s, 2),
            "total_s": round(time.perf_counter() - started, 2),
        }
    )
    return result


def print_summary(result: dict[str, Any], console: Console) -> None:
    head = Table(title="AnnoMI benchmark", show_header=True)
    head.add_column("figure")
    head.add_column("value", justify="right")
    for key in (
        "behaviour_macro_f1",
        "client_macro_f1",
        "rules_behaviour_macro_f1",
        "rules_client_macro_f1",
        "overuse_auc",
        "rules_overuse_auc",
        "gold_overuse_auc",
        "length_auc",
        "utterances_per_s",
        "rules_utterances_per_s",
        "session_600_s",
        "sessions",
        "utterances",
        "total_s",
    ):
        head.add_row(key, str(result.get(key)))
    console.print(head)
    for key, title in (
        ("behaviour_classes", "Practitioner behaviour (learned)"),
        ("client_classes", "Client talk (learned)"),
        ("rules_behaviour_classes", "Practitioner behaviour (rules)"),
    ):
        t = Table(title=title)
        for col in ("class", "precision", "recall", "F1", "support"):
            t.add_column(col, justify="right" if col != "class" else "left")
        for label, f in result[key].items():
            t.add_row(
                label,
                f"{f['precision']:.3f}",
                f"{f['recall']:.3f}",
                f"{f['f1']:.3f}",
                str(f["support"]),
            )
        console.print(t)


def register(bench_app: typer.Typer) -> None:
    @bench_app.command("annomi")
    def annomi(
        data: Annotated[
            Path | None, typer.Option(help="AnnoMI-format CSV for grouped cross-validation.")
        ] = None,
        train: Annotated[Path | None, typer.Option(help="AnnoMI-format CSV to train on.")] = None,
        test: Annotated[Path | None, typer.Option(help="AnnoMI-format CSV to test on.")] = None,
        folds: Annotated[int, typer.Option(min=2, help="Folds, grouped by video_url.")] = 5,
    ) -> None:
        """Benchmark the coders on AnnoMI; the last line is one JSON object."""
        console = Console(stderr=False, width=110)
        if data is not None and (train is None and test is None):
            result = run_benchmark(None, load_sessions(data), folds=folds)
        elif data is None and train is not None and test is not None:
            result = run_benchmark(load_sessions(train), load_sessions(test))
        else:
            raise typer.BadParameter(
                "Give either --data FILE, or both --train FILE and --test FILE."
            )
        print_summary(result, console)
        sys.stdout.write(json.dumps(result, sort_keys=True) + "\n")
        sys.stdout.flush()
