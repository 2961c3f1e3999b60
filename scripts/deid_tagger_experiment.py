"""Would a learned tagger earn its place beside the de-identifier's rules? A measurement.

Trains a logistic regression over hashed token features (the word, its shape and suffix,
casing, the bundled lists, the neighbouring words, and whether the rules already masked
it) on GUM's CC BY documents only, with five folds grouped by document, and reports
people/places/organisations span recall and token precision of the rules alone and of
the rules plus the tagger's extra tokens. Nothing is saved; the tagger Fulcrum
ships is built by scripts/train_deid_tagger.py (docs/decisions/0022-deid-learned-tagger.md).

    .venv/bin/python scripts/deid_tagger_experiment.py [path/to/gum-train.jsonl]
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction import FeatureHasher
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from fulcrum.bench.deid import DATA, Score
from fulcrum.core.deid import Finding, deidentify, load_lexicon
from fulcrum.core.deid.samples import Gold

_WORD = re.compile(r"\S+")
KINDS = ["PERSON", "PLACE", "ORGANIZATION"]


def _shape(word: str) -> str:
    return re.sub(r"[A-Z]+", "A", re.sub(r"[a-z]+", "a", re.sub(r"\d+", "0", word)))


def _features(tokens: list[tuple[str, int, int]], i: int, masked: list[bool]) -> dict[str, int]:
    lex = load_lexicon()
    word = tokens[i][0]
    lower = word.lower().strip(".,;:'\"()")
    out = {
        f"w={lower}": 1,
        f"shape={_shape(word)}": 1,
        f"suffix={lower[-3:]}": 1,
        "cap": int(word[:1].isupper()),
        "first": int(lower in lex.first_names),
        "surname": int(lower in lex.surnames),
        "place": int(lower in lex.places),
        "dictionary": int(lower in lex.dictionary),
        "frequent": int(lower in lex.frequent_words),
        "rules": int(masked[i]),
    }
    for d in (-2, -1, 1, 2):
        j = i + d
        if 0 <= j < len(tokens):
            other = tokens[j][0]
            out[f"w{d}={other.lower()}"] = 1
            out[f"cap{d}"] = int(other[:1].isupper())
            out[f"rules{d}"] = int(masked[j])
        else:
            out[f"w{d}=<edge>"] = 1
    return out


def main(path: Path) -> None:
    docs: list[dict[str, Any]] = [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line
    ]
    docs = [d for d in docs if d["licence"].startswith("CC BY") and "SA" not in d["licence"]]
    rows: list[dict[str, int]] = []
    labels: list[int] = []
    groups: list[int] = []
    where: list[tuple[int, int, int, bool]] = []
    rule_findings: list[tuple[Finding, ...]] = []
    for k, doc in enumerate(docs):
        text = doc["text"]
        tokens = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]
        findings = deidentify(text, tagger=False).findings
        rule_findings.append(findings)
        mask = np.zeros(len(text), bool)
        for f in findings:
            mask[f.start : f.end] = True
        gold = np.zeros(len(text), bool)
        for s in doc["spans"]:
            gold[s["start"] : s["end"]] = True
        masked = [bool(mask[a:b].any()) for _, a, b in tokens]
        for i, (_, a, b) in enumerate(tokens):
            rows.append(_features(tokens, i, masked))
            labels.append(int(gold[a:b].any()))
            groups.append(k)
            where.append((k, a, b, masked[i]))
    x = FeatureHasher(2**18).transform(rows)
    y = np.array(labels)
    probability = np.zeros(len(y))
    for train, test in GroupKFold(5).split(x, y, np.array(groups)):
        model = LogisticRegression(C=1.0, max_iter=300, class_weight={0: 1, 1: 2})
        model.fit(x[train], y[train])
        probability[test] = model.predict_proba(x[test])[:, 1]
    figures: dict[str, Any] = {"documents": len(docs), "tokens": len(y)}
    for threshold in (0.3, 0.5):
        rules, union = Score(), Score()
        extra: dict[int, list[Finding]] = defaultdict(list)
        for (k, a, b, was_masked), p in zip(where, probability, strict=True):
            if p >= threshold and not was_masked:
                extra[k].append(Finding(a, b, "PERSON", "name", "tagger", "mask", "[name]"))
        for k, doc in enumerate(docs):
            gold_spans = [
                Gold(s["start"], s["end"], "OTHER" if s["nested"] else s["type"])
                for s in doc["spans"]
            ]
            rules.add(doc["text"], gold_spans, rule_findings[k])
            union.add(doc["text"], gold_spans, [*rule_findings[k], *extra[k]])
        figures[f"threshold_{threshold}"] = {
            "rules_recall": round(rules.recall(KINDS), 3),
            "rules_precision": round(rules.precision(), 3),
            "with_tagger_recall": round(union.recall(KINDS), 3),
            "with_tagger_precision": round(union.precision(), 3),
        }
    print(json.dumps(figures))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DATA / "gum" / "gum-train.jsonl")
