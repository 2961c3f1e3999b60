"""Training and cross-validating the de-identifier's tagger (``core/deid/tagger.py``).

Training texts are the CC BY ones only (decision 0022): GUM's CC BY genres (academic,
court, interview, news) and WNUT-17's train split. GUM's CC BY-SA genres (bio,
voyage) and WNUT-17's dev split are never trained on; they are the figures on texts the
shipped tagger has not seen. Cross-validation folds are grouped by document, so no
document is split between training and testing.
"""

from __future__ import annotations

import json
from collections.abc import Hashable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from fulcrum.core.deid import deidentify, load_lexicon
from fulcrum.core.deid.lexicon import Lexicon
from fulcrum.core.deid.samples import Gold
from fulcrum.core.deid.tagger import (
    CLASSES,
    FORMAT,
    FORMAT_VERSION,
    Tagger,
    TokenKeys,
    bucket,
    key_features,
    token_keys,
)

WNUT_TYPES = {
    "person": "PERSON",
    "location": "PLACE",
    "corporation": "ORGANIZATION",
    "group": "ORGANIZATION",
    "product": "OTHER",
    "creative-work": "OTHER",
}
C = 0.5
MIN_COUNT = 2
# Chosen by grouped cross-validation on the training documents (BENCHMARKS.md): a word
# scored 0.3 or more is a name; one beside a name joins it at 0.1.
THRESHOLD = 0.3
EXTEND = 0.1


@dataclass(frozen=True)
class Doc:
    """One text with its gold spans; ``corpus`` is "gum" or "wnut17"."""

    name: str
    corpus: str
    text: str
    gold: tuple[Gold, ...]
    trainable: bool


def _jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def cc_by_only(licence: str) -> bool:
    """Whether a text's licence lets a model trained on it ship (CC BY, not BY-SA/NC)."""
    return licence.startswith("CC BY") and "SA" not in licence and "NC" not in licence


def load_docs(data: Path) -> list[Doc]:
    docs: list[Doc] = []
    gum = data / "gum" / "gum-train.jsonl"
    if gum.exists():
        for r in _jsonl(gum):
            gold = tuple(
                Gold(s["start"], s["end"], "OTHER" if s["nested"] else s["type"])
                for s in r["spans"]
            )
            docs.append(Doc(r["doc"], "gum", r["text"], gold, cc_by_only(r["licence"])))
    wnut = data / "wnut17" / "wnut17-dev.jsonl"
    if wnut.exists():
        for r in _jsonl(wnut):
            gold = tuple(Gold(s["start"], s["end"], WNUT_TYPES[s["type"]]) for s in r["spans"])
            trainable = cc_by_only(r["licence"]) and r["split"] == "train"
            docs.append(Doc(r["doc"], "wnut17", r["text"], gold, trainable))
    return docs


def _labels(doc: Doc, keys: TokenKeys) -> list[int]:
    kind = np.zeros(len(doc.text), dtype=np.int8)
    for g in doc.gold:
        if g.type in CLASSES:
            kind[g.start : g.end] = CLASSES.index(g.type)
    out = []
    for start, end in keys.spans:
        found = kind[start:end]
        out.append(int(found.max()) if len(found) else 0)
    return out


@dataclass
class Rows:
    """Every token of some documents: its feature buckets, label and document."""

    buckets: list[list[int]]
    labels: list[int]
    docs: list[int]


def build_rows(docs: Sequence[Doc], lex: Lexicon) -> Rows:
    features: dict[Hashable, list[int]] = {}
    rows = Rows([], [], [])
    for n, doc in enumerate(docs):
        found = list(deidentify(doc.text, tagger=False, widen_names=False).findings)
        keys = token_keys(doc.text, found)
        for token, label in zip(keys.keys, _labels(doc, keys), strict=True):
            row: set[int] = set()
            for key in token:
                hashed = features.get(key)
                if hashed is None:
                    hashed = [bucket(f) for f in key_features(key, lex)]
                    features[key] = hashed
                row.update(hashed)
            rows.buckets.append(sorted(row))
            rows.labels.append(label)
            rows.docs.append(n)
    return rows


def fit(rows: Rows, which: Any, *, meta: dict[str, Any]) -> Tagger:
    """A tagger trained on the rows ``which`` (indices) of ``rows``."""
    chosen = [rows.buckets[i] for i in which]
    counts: dict[int, int] = {}
    for row in chosen:
        for b in row:
            counts[b] = counts.get(b, 0) + 1
    kept = sorted(b for b, c in counts.items() if c >= MIN_COUNT)
    column = {b: j for j, b in enumerate(kept)}
    indptr = [0]
    indices: list[int] = []
    for row in chosen:
        indices += [column[b] for b in row if b in column]
        indptr.append(len(indices))
    x = sp.csr_matrix(
        (np.ones(len(indices), dtype=np.float32), indices, indptr),
        shape=(len(chosen), len(kept)),
    )
    y = np.array([rows.labels[i] for i in which])
    model = LogisticRegression(C=C, max_iter=400)
    model.fit(x, y)
    weights = np.zeros((len(kept), len(CLASSES)), dtype=np.float32)
    bias = np.zeros(len(CLASSES), dtype=np.float32)
    for k, label in enumerate(model.classes_):
        weights[:, label] = model.coef_[k]
        bias[label] = model.intercept_[k]
    return Tagger(np.array(kept, dtype=np.uint32), weights, bias, THRESHOLD, meta, extend=EXTEND)


def stamp(docs: Sequence[Doc], rows: Rows) -> dict[str, Any]:
    trained = [d for d in docs if d.trainable]
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "classes": list(CLASSES),
        "trained_on": {
            "gum_cc_by_documents": sum(d.corpus == "gum" for d in trained),
            "wnut17_train_posts": sum(d.corpus == "wnut17" for d in trained),
            "tokens": len(rows.labels),
        },
        "model": {"kind": "multinomial logistic regression", "C": C, "min_count": MIN_COUNT},
        "threshold": THRESHOLD,
        "extend": EXTEND,
    }


def folds_of(docs: Sequence[Doc], folds: int) -> Any:
    """Each document's fold: documents cut into ``folds`` groups within each corpus."""
    fold = np.zeros(len(docs), dtype=int)
    for corpus in ("gum", "wnut17"):
        members = [i for i, d in enumerate(docs) if d.corpus == corpus]
        if len(members) < folds:
            continue
        for k, (_, test) in enumerate(GroupKFold(folds).split(members, groups=members)):
            for t in test:
                fold[members[t]] = k
    return fold


def cross_validate(docs: Sequence[Doc], folds: int) -> Iterator[tuple[Doc, Tagger]]:
    """Every trainable document with a tagger trained on the other folds' documents."""
    lex = load_lexicon()
    trained = [d for d in docs if d.trainable]
    rows = build_rows(trained, lex)
    groups = np.array(rows.docs)
    fold = folds_of(trained, folds)
    for k in range(folds):
        tagger = fit(rows, np.flatnonzero(fold[groups] != k), meta={})
        for i in np.flatnonzero(fold == k):
            yield trained[i], tagger


def train(docs: Sequence[Doc]) -> Tagger:
    """The tagger Fulcrum ships: trained on every trainable document."""
    lex = load_lexicon()
    trained = [d for d in docs if d.trainable]
    rows = build_rows(trained, lex)
    return fit(rows, range(len(rows.labels)), meta=stamp(docs, rows))
