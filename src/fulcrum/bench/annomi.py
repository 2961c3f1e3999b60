"""``fulcrum bench annomi``: how well the coders and the indices do on AnnoMI.

The over-use index should rank low-quality sessions above high-quality ones; the
under-use index should *not* rank high-quality sessions (skilful following) above
low-quality ones (``underuse_auc_high_over_low`` near 0.5 or below), and should separate
sessions written with and without under-use episodes (``underuse_sessions_auc``,
:mod:`fulcrum.bench.underuse`).

Cross-validation is grouped by ``video_url`` so no video is on both sides of a fold;
``--train/--test`` trains on one AnnoMI-format file and tests on another. The last line
printed is one JSON object with every figure.

Speed is reported twice: ``utterances_per_s`` is wall-clock time in one process, which
other work on the machine slows down, and ``utterances_per_cpu_s`` is the CPU time the
coder itself used; ``load_average`` says how busy the machine was.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from fulcrum.bench.underuse import (
    DEFAULT_DIR,
    WrittenSession,
    load_written_sessions,
    written_session_figures,
)
from fulcrum.core.transcripts.analysis import analyze
from fulcrum.core.transcripts.annomi import AnnoMISession
from fulcrum.core.transcripts.coding.base import (
    BEHAVIOUR_LABELS,
    Code,
    Coder,
)
from fulcrum.core.transcripts.coding.rules import RulesCoder
from fulcrum.core.transcripts.esconv import StrategyConversation, helper_turns
from fulcrum.transcripts.training import (
    _auc,
    evaluate,
    load_external,
    load_sessions,
    over_use_scores,
    per_class,
    train_on,
    train_on_corpora,
    video_groups,
)


def length_check(sessions: Sequence[AnnoMISession], scores: Sequence[float]) -> dict[str, Any]:
    """Does the index separate quality by itself, or through session length?

    ``length_auc`` scores sessions by their utterance count alone (below 0.5: the
    low-quality ones are shorter); ``overuse_length_r`` is the index's Pearson
    correlation with log length; the index's AUC is also given within the shorter and
    the longer half of the sessions, where length hardly varies.
    """
    import numpy as np

    low = [s.mi_quality == "low" for s in sessions]
    lengths = [float(len(s.utterances)) for s in sessions]
    out: dict[str, Any] = {"length_auc": _auc(low, lengths)}
    if len(sessions) >= 4 and len(set(scores)) > 1 and len(set(lengths)) > 1:
        logs = np.log(lengths)
        out["overuse_length_r"] = round(float(np.corrcoef(scores, logs)[0, 1]), 4)
        median = float(np.median(lengths))
        for half, keep in (
            ("short", [x <= median for x in lengths]),
            ("long", [x > median for x in lengths]),
        ):
            out[f"overuse_auc_{half}_half"] = _auc(
                [p for p, k in zip(low, keep, strict=True) if k],
                [v for v, k in zip(scores, keep, strict=True) if k],
            )
    return out


def _gold_codes(s: AnnoMISession) -> list[Code]:
    return [Code(u.role, u.label, u.subtype) for u in s.utterances]


def _load_average() -> float | None:
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:  # pragma: no cover -- platforms without a load average
        return None


def _splits(
    train: Sequence[AnnoMISession] | None, test: Sequence[AnnoMISession], folds: int
) -> list[tuple[list[AnnoMISession], list[int]]]:
    from sklearn.model_selection import GroupKFold

    if train is not None:
        return [(list(train), list(range(len(test))))]
    groups = video_groups(test)
    n = min(folds, len(set(groups)))
    if n < 2:
        raise typer.BadParameter("Cross-validation needs sessions from at least two videos.")
    return [
        ([test[i] for i in tr], [int(i) for i in te])
        for tr, te in GroupKFold(n_splits=n).split(list(test), groups=groups)
    ]


def run_benchmark(
    train: Sequence[AnnoMISession] | None,
    test: Sequence[AnnoMISession],
    *,
    folds: int = 5,
    report_folds: Sequence[int] = (),
    written: Sequence[WrittenSession] = (),
) -> dict[str, Any]:
    """Grouped cross-validation on ``test`` (when ``train`` is None) or train -> test.

    ``report_folds`` names cross-validation folds (0-based) whose pooled figures are
    also reported on their own, under ``subset``. ``written`` are sessions written with
    and without under-use episodes, scored with the last trained coder and the rules.
    """
    started = time.perf_counter()
    splits = _splits(train, test, folds)
    predicted: list[list[Code]] = [[] for _ in test]
    fold_of = [0] * len(test)
    coded = 0
    coding_s = coding_cpu_s = train_s = 0.0
    coder: Coder | None = None
    for k, (train_sessions, test_idx) in enumerate(splits):
        t0 = time.perf_counter()
        coder = train_on(train_sessions, "benchmark fold")
        train_s += time.perf_counter() - t0
        t0, c0 = time.perf_counter(), time.process_time()
        for i in test_idx:
            predicted[i] = list(coder.code(test[i].turns))
            coded += len(predicted[i])
            fold_of[i] = k
        coding_s += time.perf_counter() - t0
        coding_cpu_s += time.process_time() - c0
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
    result.update(length_check(test, over_use_scores(test, predicted)))
    by_fold = []
    for k in range(len(splits)):
        idx = [i for i in range(len(test)) if fold_of[i] == k]
        part = evaluate([test[i] for i in idx], [predicted[i] for i in idx])
        by_fold.append(
            {
                "fold": k,
                "sessions": len(idx),
                "low_quality": sum(test[i].mi_quality == "low" for i in idx),
                "behaviour_macro_f1": part["behaviour_macro_f1"],
                "client_macro_f1": part["client_macro_f1"],
                "overuse_auc": part["overuse_auc"],
                "underuse_auc_high_over_low": part["underuse_auc_high_over_low"],
            }
        )
    if report_folds and train is None:
        idx = [i for i in range(len(test)) if fold_of[i] in set(report_folds)]
        part = evaluate([test[i] for i in idx], [predicted[i] for i in idx])
        result["subset_folds"] = sorted(set(report_folds))
        result["subset"] = {
            "sessions": len(idx),
            "behaviour_macro_f1": part["behaviour_macro_f1"],
            "client_macro_f1": part["client_macro_f1"],
            "overuse_auc": part["overuse_auc"],
            "underuse_auc_high_over_low": part["underuse_auc_high_over_low"],
        }
    if written:
        result.update(written_session_figures(written, {"learned": coder, "rules": rules}))
    result.update(
        {
            "rules_behaviour_macro_f1": rules_result["rules_behaviour_macro_f1"],
            "rules_client_macro_f1": rules_result["rules_client_macro_f1"],
            "rules_overuse_auc": rules_result["rules_overuse_auc"],
            "rules_underuse_auc_high_over_low": rules_result["rules_underuse_auc_high_over_low"],
            "gold_underuse_auc_high_over_low": gold["gold_underuse_auc_high_over_low"],
            "rules_behaviour_classes": rules_result["rules_behaviour_classes"],
            "gold_overuse_auc": gold["gold_overuse_auc"],
            "by_fold": by_fold,
            "utterances_per_s": round(coded / coding_s, 1) if coding_s else None,
            "utterances_per_cpu_s": round(coded / coding_cpu_s, 1) if coding_cpu_s else None,
            "rules_utterances_per_s": round(n_utts / rules_s, 1) if rules_s else None,
            "session_600_s": round(session_s, 4),
            "session_600_utterances": len(stitched),
            "load_average": _load_average(),
            "cpus": os.cpu_count(),
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
        "overuse_length_r",
        "overuse_auc_short_half",
        "overuse_auc_long_half",
        "underuse_auc_high_over_low",
        "rules_underuse_auc_high_over_low",
        "gold_underuse_auc_high_over_low",
        "underuse_sessions",
        "underuse_sessions_auc",
        "rules_underuse_sessions_auc",
        "underuse_sessions_cues_found",
        "underuse_sessions_clean_flagged",
        "utterances_per_s",
        "utterances_per_cpu_s",
        "rules_utterances_per_s",
        "session_600_s",
        "load_average",
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
    folds = Table(title="By fold")
    for col in (
        "fold",
        "sessions",
        "low",
        "behaviour F1",
        "client F1",
        "over-use AUC",
        "under-use AUC (high over low)",
    ):
        folds.add_column(col, justify="right")
    for f in result.get("by_fold", []):
        folds.add_row(
            str(f["fold"]),
            str(f["sessions"]),
            str(f["low_quality"]),
            f"{f['behaviour_macro_f1']:.3f}",
            f"{f['client_macro_f1']:.3f}",
            "—" if f["overuse_auc"] is None else f"{f['overuse_auc']:.3f}",
            "—"
            if f.get("underuse_auc_high_over_low") is None
            else f"{f['underuse_auc_high_over_low']:.3f}",
        )
    console.print(folds)
    if "subset" in result:
        console.print(f"Folds {result['subset_folds']} pooled: {result['subset']}")


def register(bench_app: typer.Typer) -> None:
    @bench_app.command("annomi")
    def annomi(
        data: Annotated[
            Path | None, typer.Option(help="AnnoMI-format CSV for grouped cross-validation.")
        ] = None,
        train: Annotated[Path | None, typer.Option(help="AnnoMI-format CSV to train on.")] = None,
        test: Annotated[Path | None, typer.Option(help="AnnoMI-format CSV to test on.")] = None,
        folds: Annotated[int, typer.Option(min=2, help="Folds, grouped by video_url.")] = 5,
        report_folds: Annotated[
            str,
            typer.Option(help="Also report these folds pooled on their own, e.g. '3,4'."),
        ] = "",
        underuse_sessions: Annotated[
            Path | None,
            typer.Option(
                help="Folder of sessions written with and without under-use episodes, with "
                "a manifest.toml (default: Fulcrum's own)."
            ),
        ] = None,
        external: Annotated[
            Path | None,
            typer.Option(
                help="ESConv-format JSON lines: score the coders and cue detectors on it "
                "(the learned coder trains on --data plus the file's other folds)."
            ),
        ] = None,
        external_train: Annotated[
            Path | None,
            typer.Option(help="With --external: ESConv-format file to train on instead of folds."),
        ] = None,
    ) -> None:
        """Benchmark the coders on AnnoMI; the last line is one JSON object."""
        console = Console(stderr=False, width=110)
        if external is not None or external_train is not None:
            _external_command(data, train, test, external, external_train, folds, console)
            return
        try:
            subset = [int(k) for k in report_folds.split(",") if k.strip()]
        except ValueError:
            raise typer.BadParameter("--report-folds takes fold numbers such as 3,4.") from None
        if any(k < 0 or k >= folds for k in subset):
            raise typer.BadParameter(f"--report-folds takes numbers from 0 to {folds - 1}.")
        written = load_written_sessions(underuse_sessions or DEFAULT_DIR)
        if data is not None and (train is None and test is None):
            result = run_benchmark(
                None, load_sessions(data), folds=folds, report_folds=subset, written=written
            )
        elif data is None and train is not None and test is not None:
            result = run_benchmark(load_sessions(train), load_sessions(test), written=written)
        else:
            raise typer.BadParameter(
                "Give either --data FILE, or both --train FILE and --test FILE."
            )
        print_summary(result, console)
        sys.stdout.write(json.dumps(result, sort_keys=True) + "\n")
        sys.stdout.flush()


# --- ``--external``: the coders and cue detectors on an ESConv-format file -------------
#
# Kept apart from the AnnoMI figures above: it reads another corpus, trains the learned
# coder on AnnoMI plus the external corpus's own strategies (grouped folds over its
# conversations, so no conversation scores itself), and prints its own JSON line.


def detection(gold: Sequence[bool], found: Sequence[bool]) -> dict[str, Any]:
    """Precision, recall and F1 of a yes/no detector, and how many gold positives."""
    tp = sum(g and f for g, f in zip(gold, found, strict=True))
    n_found, n_gold = sum(found), sum(gold)
    p = tp / n_found if n_found else 0.0
    r = tp / n_gold if n_gold else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f1, 4),
        "support": n_gold,
        "found": n_found,
    }


def _is_advice(code: Code) -> bool:
    return code.label == "input" and code.subtype == "advice"


def score_external(
    conversations: Sequence[StrategyConversation], predicted: Sequence[Sequence[Code]]
) -> dict[str, Any]:
    """Behaviour macro-F1 against the mapped strategies, and advice as coded."""
    gold_b: list[str] = []
    pred_b: list[str] = []
    gold_adv: list[bool] = []
    pred_adv: list[bool] = []
    for conv, codes in zip(conversations, predicted, strict=True):
        for t, c in zip(conv.turns, codes, strict=True):
            if t.strategy is None:
                continue
            gold_adv.append(t.advice)
            pred_adv.append(_is_advice(c))
            if t.label is not None:
                gold_b.append(t.label)
                pred_b.append(c.label)
    if not gold_adv:
        return {"behaviour_macro_f1": None, "behaviour_classes": {}, "advice": None}
    beh = per_class(gold_b, pred_b, BEHAVIOUR_LABELS)
    return {
        "behaviour_macro_f1": beh["macro_f1"],
        "behaviour_classes": beh["classes"],
        "advice": detection(gold_adv, pred_adv),
    }


def score_detectors(conversations: Sequence[StrategyConversation]) -> dict[str, Any]:
    """Self-disclosure and choice detectors on every helper turn that is labelled for them."""
    from fulcrum.core.transcripts.coding.rules import choice_cue, self_disclosure_cue

    turns = helper_turns(conversations)
    disclosed = (
        detection(
            [t.self_disclosure for t in turns],
            [self_disclosure_cue(t.text) is not None for t in turns],
        )
        if turns
        else None
    )
    marked = [t for c in conversations for t in c.turns if t.choice is not None]
    choice = (
        detection(
            [bool(t.choice) for t in marked], [choice_cue(t.text) is not None for t in marked]
        )
        if marked
        else None
    )
    return {"self_disclosure": disclosed, "choice": choice}


def score_halves(
    conversations: Sequence[StrategyConversation],
    learned: Sequence[Sequence[Code]] | None,
    rules: Sequence[Sequence[Code]],
) -> dict[str, Any]:
    """The headline figures on the even- and the odd-indexed conversations apart.

    Patterns are written while reading errors on the even half only; the odd half is
    only scored, so the gap between the two shows how far they carry to unseen talk.
    """
    out: dict[str, Any] = {}
    for name, start in (("even", 0), ("odd", 1)):
        idx = range(start, len(conversations), 2)
        part = [conversations[i] for i in idx]
        by_rules = score_external(part, [rules[i] for i in idx])
        disclosed = score_detectors(part)["self_disclosure"]
        figures: dict[str, Any] = {
            "conversations": len(part),
            "self_disclosure_f1": disclosed["f1"] if disclosed else None,
            "rules_advice_f1": by_rules["advice"]["f1"] if by_rules["advice"] else None,
            "rules_behaviour_macro_f1": by_rules["behaviour_macro_f1"],
        }
        if learned is not None:
            by_learned = score_external(part, [learned[i] for i in idx])
            figures["advice_f1"] = by_learned["advice"]["f1"] if by_learned["advice"] else None
            figures["behaviour_macro_f1"] = by_learned["behaviour_macro_f1"]
        out[name] = figures
    return out


def run_external(
    annomi: Sequence[AnnoMISession],
    external: Sequence[StrategyConversation],
    *,
    external_train: Sequence[StrategyConversation] | None = None,
    folds: int = 5,
) -> dict[str, Any]:
    """Score the rules, the cue detectors and a learned coder on ``external``.

    The learned coder is trained on ``annomi`` plus ``external_train`` when given, else
    on ``annomi`` plus the other folds of ``external`` (grouped by conversation).
    """
    from sklearn.model_selection import KFold

    started = time.perf_counter()
    n_utts = sum(len(c.turns) for c in external)
    rules = RulesCoder()
    t0, c0 = time.perf_counter(), time.process_time()
    rules_pred = [rules.code(c.coder_turns) for c in external]
    rules_s = time.perf_counter() - t0
    rules_cpu_s = time.process_time() - c0

    # Files that only mark choices (no strategies) and no AnnoMI corpus leave nothing to
    # learn from: the rules and detectors are still scored.
    learnable = bool(annomi) or bool(helper_turns(external_train or external))
    splits: list[tuple[list[StrategyConversation], list[int]]] = []
    if not learnable:
        pass
    elif external_train is not None:
        splits = [(list(external_train), list(range(len(external))))]
    else:
        n = min(folds, len(external))
        if n < 2:
            raise typer.BadParameter("Cross-validation needs at least two conversations.")
        splits = [
            ([external[int(i)] for i in tr], [int(i) for i in te])
            for tr, te in KFold(n_splits=n, shuffle=False).split(list(external))
        ]
    predicted: list[Sequence[Code]] = [() for _ in external]
    coding_s = coding_cpu_s = train_s = 0.0
    for train_part, test_idx in splits:
        t0 = time.perf_counter()
        coder = train_on_corpora(annomi, train_part, "benchmark fold")
        train_s += time.perf_counter() - t0
        t0, c0 = time.perf_counter(), time.process_time()
        for i in test_idx:
            predicted[i] = coder.code(external[i].coder_turns)
        coding_s += time.perf_counter() - t0
        coding_cpu_s += time.process_time() - c0

    learned = (
        score_external(external, predicted)
        if learnable
        else {"behaviour_macro_f1": None, "behaviour_classes": {}, "advice": None}
    )
    by_rules = score_external(external, rules_pred)
    detectors = score_detectors(external)
    choice = detectors["choice"]
    return {
        "external_self_disclosure": detectors["self_disclosure"],
        "external_choice": choice,
        "external_advice": learned["advice"],
        "external_rules_advice": by_rules["advice"],
        "external_behaviour_macro_f1": learned["behaviour_macro_f1"],
        "external_rules_behaviour_macro_f1": by_rules["behaviour_macro_f1"],
        "external_behaviour_classes": learned["behaviour_classes"],
        "external_rules_behaviour_classes": by_rules["behaviour_classes"],
        "self_disclosure_f1": (
            detectors["self_disclosure"]["f1"] if detectors["self_disclosure"] else None
        ),
        "advice_f1": learned["advice"]["f1"] if learned["advice"] else None,
        "rules_advice_f1": by_rules["advice"]["f1"] if by_rules["advice"] else None,
        "choice_f1": None if choice is None else choice["f1"],
        "halves": score_halves(external, predicted if learnable else None, rules_pred),
        "utterances_per_s": round(n_utts / coding_s, 1) if coding_s else None,
        "rules_utterances_per_s": round(n_utts / rules_s, 1) if rules_s else None,
        # CPU time as well as wall clock: on a shared machine the wall-clock figures
        # measure the other work as much as the coder.
        "utterances_per_cpu_s": round(n_utts / coding_cpu_s, 1) if coding_cpu_s else None,
        "rules_utterances_per_cpu_s": round(n_utts / rules_cpu_s, 1) if rules_cpu_s else None,
        "load_average": _load_average(),
        "mode": "external-train-test" if external_train is not None else "external-cv",
        "trained_on": {
            "annomi_sessions": len(annomi),
            "external_conversations": (
                len(external_train) if external_train is not None else len(external)
            ),
        },
        "folds": len(splits),
        "conversations": len(external),
        "utterances": n_utts,
        "helper_turns_labelled": len(helper_turns(external)),
        "train_s": round(train_s, 2),
        "total_s": round(time.perf_counter() - started, 2),
    }


def _external_command(
    data: Path | None,
    train: Path | None,
    test: Path | None,
    external: Path | None,
    external_train: Path | None,
    folds: int,
    console: Console,
) -> None:
    if external is None:
        raise typer.BadParameter("--external-train goes with --external FILE.")
    if test is not None or (data is not None and train is not None):
        raise typer.BadParameter(
            "With --external, give the AnnoMI corpus to train on as --data FILE (or --train FILE)."
        )
    corpus = data or train
    annomi = load_sessions(corpus) if corpus is not None else ()
    result = run_external(
        annomi,
        load_external(external),
        external_train=load_external(external_train) if external_train is not None else None,
        folds=folds,
    )
    print_external_summary(result, console)
    sys.stdout.write(json.dumps(result, sort_keys=True) + "\n")
    sys.stdout.flush()


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def print_external_summary(result: dict[str, Any], console: Console) -> None:
    head = Table(title="Coders and cue detectors on an ESConv-format file")
    for col in ("figure", "precision", "recall", "F1", "support"):
        head.add_column(col, justify="left" if col == "figure" else "right")
    for key, title in (
        ("external_self_disclosure", "self-disclosure (cue detector)"),
        ("external_advice", "advice (learned coder)"),
        ("external_rules_advice", "advice (rules coder)"),
        ("external_choice", "choice offered (cue detector)"),
    ):
        f = result.get(key)
        if f is None:
            head.add_row(title, "—", "—", "—", "not in this run")
            continue
        head.add_row(
            title,
            f"{f['precision']:.3f}",
            f"{f['recall']:.3f}",
            f"{f['f1']:.3f}",
            str(f["support"]),
        )
    console.print(head)
    for key, title in (
        ("external_behaviour_classes", "Behaviour vs mapped strategies (learned)"),
        ("external_rules_behaviour_classes", "Behaviour vs mapped strategies (rules)"),
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
    halves = Table(title="By conversation parity (patterns written against the even half)")
    for col in (
        "half",
        "self-disclosure F1",
        "advice F1 rules / learned",
        "behaviour rules / learned",
    ):
        halves.add_column(col, justify="left" if col == "half" else "right")
    for name, f in result.get("halves", {}).items():
        halves.add_row(
            name,
            _fmt(f["self_disclosure_f1"]),
            f"{_fmt(f['rules_advice_f1'])} / {_fmt(f.get('advice_f1'))}",
            f"{_fmt(f['rules_behaviour_macro_f1'])} / {_fmt(f.get('behaviour_macro_f1'))}",
        )
    console.print(halves)
    for key in (
        "external_behaviour_macro_f1",
        "external_rules_behaviour_macro_f1",
        "utterances_per_s",
        "rules_utterances_per_s",
        "utterances_per_cpu_s",
        "rules_utterances_per_cpu_s",
        "conversations",
        "utterances",
        "total_s",
    ):
        console.print(f"{key}: {result.get(key)}")
