"""List what the de-identifier misses and finds wrongly on the tagger's training documents,
each document scored by a tagger cross-validated without it (the bench's grouped folds).

Only the documents the tagger may be trained on are read (GUM's CC BY documents,
WNUT-17's train posts): the unseen ones are for scoring alone, never for reading errors.
Prints, per corpus, the recall and token precision, then each gold span of a person, place
or organisation not wholly masked (with what was masked of it) and each finding of the
known or name stage that touches no gold span, with a few words around it. Prints corpus
text: keep the output out of the repository.

    .venv/bin/python scripts/deid_fold_errors.py [--corpus gum|wnut17] [--misses|--false]
                                                 [--summary] [--folds 5] [--rules]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter

from fulcrum.bench.deid import DATA, Score, _names_only
from fulcrum.bench.deid_tagger import cross_validate, load_docs
from fulcrum.core.deid import Finding, deidentify

PPO = ("PERSON", "PLACE", "ORGANIZATION")


def _around(text: str, start: int, end: int, width: int = 40) -> str:
    before = text[max(0, start - width) : start].replace("\n", " ")
    after = text[end : end + width].replace("\n", " ")
    return f"{before}[[{text[start:end]}]]{after}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", choices=("gum", "wnut17"), action="append")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--misses", action="store_true", help="only the missed spans")
    parser.add_argument("--false", action="store_true", help="only the false finds")
    parser.add_argument("--summary", action="store_true", help="only the figures")
    parser.add_argument("--rules", action="store_true", help="the rules alone, no tagger")
    args = parser.parse_args()
    corpora = set(args.corpus or ("gum", "wnut17"))
    docs = [d for d in load_docs(DATA) if d.trainable]
    if not docs:
        print(f"No training documents under {DATA}.", file=sys.stderr)
        return 1
    pairs = (
        [(d, False) for d in docs]
        if args.rules
        else [(d, t) for d, t in cross_validate(docs, args.folds)]
    )
    scores = {c: (Score(), Score()) for c in corpora}
    lines: list[str] = []
    kinds: Counter[str] = Counter()
    for doc, tagger in sorted(pairs, key=lambda p: p[0].name):
        if doc.corpus not in corpora:
            continue
        text = doc.text
        findings: tuple[Finding, ...] = deidentify(text, tagger=tagger).findings
        score, names = scores[doc.corpus]
        score.add(text, doc.gold, findings)
        names.add(text, doc.gold, _names_only(findings))
        if args.summary:
            continue
        mask = bytearray(len(text))
        for f in findings:
            mask[f.start : f.end] = b"\x01" * (f.end - f.start)
        inside = bytearray(len(text))
        for g in doc.gold:
            inside[g.start : g.end] = b"\x01" * (g.end - g.start)
        wanted = PPO if doc.corpus == "gum" else ("PERSON",)
        if not args.false:
            for g in doc.gold:
                if g.type not in wanted:
                    continue
                if all(mask[i] or text[i].isspace() for i in range(g.start, g.end)):
                    continue
                part = "partly" if any(mask[g.start : g.end]) else "none"
                kinds[f"miss {g.type} {part}"] += 1
                around = _around(text, g.start, g.end)
                lines.append(f"MISS {doc.name} {g.type:12} {part:6} {around}")
        if not args.misses:
            for f in _names_only(findings):
                if any(inside[f.start : f.end]):
                    continue
                kinds[f"false {f.type} {f.why.split(' (')[0]}"] += 1
                lines.append(
                    f"FALSE {doc.name} {f.type:12} {_around(text, f.start, f.end)}  <- {f.why}"
                )
    print("\n".join(lines))
    for corpus, (score, names) in sorted(scores.items()):
        kinds_of = PPO if corpus == "gum" else ("PERSON",)
        print(
            f"{corpus}: recall {score.recall(kinds_of):.3f}"
            + "".join(f" {k.lower()} {score.recall([k]):.3f}" for k in PPO)
            + f" precision {score.precision():.3f} name stage {names.precision():.3f}"
        )
    if not args.summary:
        for kind, n in kinds.most_common(30):
            print(f"{n:5} {kind}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
