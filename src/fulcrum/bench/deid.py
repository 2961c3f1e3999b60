"""``fulcrum bench deid``: how much of what identifies someone the de-identifier removes.

Definitions (docs/deid.md):

* **span recall** — a gold span counts as found when every character of it that is not
  white space is inside some finding (any stage);
* **token precision** — of the word tokens (runs of letters and digits) that overlap a
  finding, the share that overlap a gold span of any type;
* **token precision, name stage** — the same over the known and name stages' findings
  alone: the corpora do not mark handles, web addresses, weekdays or phone numbers,
  which the pattern stage removes on purpose;
* **kept rate** — of the look-alike words used as ordinary words, the share no finding
  touches.

Data: invented aliases seeded into 500 sentences (``samples.alias_texts``); 150
invented practice vignettes (``samples.vignettes``, seed 13; a different seed from
the one the cues were developed on); the shared GUM and WNUT-17 development files, when
``../shared/data`` is there. The name stage's tagger learned from some of those
(``deid_tagger``: GUM's CC BY documents, WNUT-17's train posts), so each corpus is
scored three ways: the rules alone, the shipped tagger on the documents it never saw,
and taggers cross-validated with folds grouped by document on the ones it did.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from fulcrum.bench.deid_tagger import Doc, cross_validate, load_docs
from fulcrum.core.deid import Finding, KnownEntity, deidentify, load_lexicon
from fulcrum.core.deid.samples import LOOKALIKES, Gold, alias_texts, vignettes
from fulcrum.core.deid.tagger import Tagger


def _data() -> Path:
    configured = os.environ.get("FULCRUM_SHARED_DATA")
    repository = Path(__file__).resolve().parents[3]
    return Path(configured) if configured else (repository.parent / "shared" / "data").resolve()


DATA = _data()
_WORD = re.compile(r"[^\W_]+")
DIRECT = (
    "PERSON",
    "PLACE",
    "ORGANIZATION",
    "DATE",
    "AGE",
    "PHONE",
    "EMAIL",
    "ADDRESS",
    "POSTCODE",
    "ID",
    "HANDLE",
    "URL",
)


def _masked(findings: Iterable[Finding], size: int) -> bytearray:
    mask = bytearray(size)
    for f in findings:
        mask[f.start : f.end] = b"\x01" * (f.end - f.start)
    return mask


class Score:
    """Span recall per type and token precision, summed over documents."""

    def __init__(self) -> None:
        self.found: dict[str, int] = defaultdict(int)
        self.total: dict[str, int] = defaultdict(int)
        self.masked_tokens = 0
        self.masked_inside = 0

    def add(self, text: str, gold: Sequence[Gold], findings: Sequence[Finding]) -> None:
        mask = _masked(findings, len(text))
        inside = bytearray(len(text))
        for g in gold:
            inside[g.start : g.end] = b"\x01" * (g.end - g.start)
            if g.type == "OTHER":
                continue
            self.total[g.type] += 1
            if all(mask[i] or text[i].isspace() for i in range(g.start, g.end)):
                self.found[g.type] += 1
        for word in _WORD.finditer(text):
            if any(mask[word.start() : word.end()]):
                self.masked_tokens += 1
                self.masked_inside += any(inside[word.start() : word.end()])

    def recall(self, kinds: Iterable[str] | None = None) -> float:
        kinds = list(kinds) if kinds is not None else list(self.total)
        total = sum(self.total[k] for k in kinds)
        return sum(self.found[k] for k in kinds) / total if total else float("nan")

    def precision(self) -> float:
        return self.masked_inside / self.masked_tokens if self.masked_tokens else float("nan")


def _jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def known_recall(n: int) -> tuple[float, int]:
    found = total = 0
    for sample in alias_texts(1, n):
        known = [KnownEntity(a) for a in sample.aliases]
        known += [KnownEntity(c, "CODE", c) for c in sample.codes]
        result = deidentify(sample.text, known, stages=("known",))
        mask = _masked(result.findings, len(sample.text))
        for g in sample.spans:
            total += 1
            found += all(mask[g.start : g.end])
    return found / total, total


def run_vignettes(seed: int, n: int) -> Score:
    score = Score()
    for sample in vignettes(seed, n):
        result = deidentify(sample.text)
        score.add(sample.text, sample.spans, result.findings)
    return score


def _names_only(findings: Sequence[Finding]) -> list[Finding]:
    return [f for f in findings if f.stage in ("known", "name")]


def run_docs(pairs: Iterable[tuple[Doc, Tagger | bool]]) -> tuple[Score, Score]:
    """Scores of every document, de-identified with the tagger paired with it."""
    score = Score()
    names = Score()
    for doc, tagger in pairs:
        findings = deidentify(doc.text, tagger=tagger).findings
        score.add(doc.text, doc.gold, findings)
        names.add(doc.text, doc.gold, _names_only(findings))
    return score, names


def _gum(g: Score, gn: Score, documents: int) -> dict[str, Any]:
    return {
        "documents": documents,
        "recall_ppo": _r(g.recall(["PERSON", "PLACE", "ORGANIZATION"])),
        **{
            f"recall_{k.lower()}": _r(g.recall([k]))
            for k in ("PERSON", "PLACE", "ORGANIZATION", "DATE")
        },
        "token_precision": _r(g.precision()),
        "token_precision_name_stage": _r(gn.precision()),
    }


def _wnut(w: Score, wn: Score, posts: int) -> dict[str, Any]:
    return {
        "posts": posts,
        **{f"recall_{k.lower()}": _r(w.recall([k])) for k in ("PERSON", "PLACE", "ORGANIZATION")},
        "token_precision": _r(w.precision()),
        "token_precision_name_stage": _r(wn.precision()),
    }


def corpus_figures(docs: Sequence[Doc], folds: int) -> dict[str, Any]:
    """Rules alone on every document; the shipped tagger on the documents it was not
    trained on; and, for the documents it was trained on, taggers cross-validated with
    folds grouped by document."""
    figures: dict[str, Any] = {}
    if not any(d.trainable for d in docs):
        folds = 0
    cv = {doc.name: tagger for doc, tagger in cross_validate(docs, folds)} if folds > 1 else {}
    for corpus, summary in (("gum", _gum), ("wnut17", _wnut)):
        mine = [d for d in docs if d.corpus == corpus]
        if not mine:
            continue
        unseen = [d for d in mine if not d.trainable]
        seen = [d for d in mine if d.trainable]
        figures[corpus] = {
            "rules_alone_all": summary(*run_docs((d, False) for d in mine), len(mine)),
            "rules_alone_unseen": summary(*run_docs((d, False) for d in unseen), len(unseen)),
            "shipped_tagger_unseen": summary(*run_docs((d, True) for d in unseen), len(unseen)),
        }
        if cv:
            figures[corpus][f"cross_validated_{folds}_folds"] = summary(
                *run_docs((d, cv[d.name]) for d in seen), len(seen)
            )
    return figures


def kept_rate() -> float:
    kept = 0
    for word, sentence in LOOKALIKES:
        start = sentence.index(word)
        end = start + len(word)
        findings = deidentify(sentence).findings
        kept += not any(f.start < end and start < f.end for f in findings)
    return kept / len(LOOKALIKES)


def speed(texts: Sequence[str]) -> tuple[float, float]:
    """Words per second over ``texts``; median ms for a 300-word vignette."""
    load_lexicon()
    words = sum(len(t.split()) for t in texts)
    began = time.perf_counter()
    for text in texts:
        deidentify(text)
    rate = words / (time.perf_counter() - began)
    pool = " ".join(s.text for s in vignettes(99, 20)).split()
    vignette = " ".join(pool[:300])
    times = []
    for _ in range(30):
        began = time.perf_counter()
        deidentify(vignette)
        times.append((time.perf_counter() - began) * 1000)
    return rate, statistics.median(times)


def _r(x: float) -> float:
    return round(x, 3)


def run(console: Console, alias_n: int, vignette_n: int, folds: int = 5) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    recall, total = known_recall(alias_n)
    figures["known_recall"] = _r(recall)
    figures["known_mentions"] = total
    v = run_vignettes(13, vignette_n)
    figures["vignettes"] = {
        "texts": vignette_n,
        "recall_direct": _r(v.recall(DIRECT)),
        "token_precision": _r(v.precision()),
        **{f"recall_{k.lower()}": _r(v.recall([k])) for k in sorted(v.total)},
    }
    figures["lookalike_kept"] = _r(kept_rate())
    batch = [s.text for s in vignettes(21, 200)]
    docs = load_docs(DATA)
    for corpus, path in (("GUM", "gum/gum-train.jsonl"), ("WNUT-17", "wnut17/wnut17-dev.jsonl")):
        if not (DATA / path).exists():
            console.print(f"{corpus} skipped: {DATA / path} is not there.")
    figures.update(corpus_figures(docs, folds))
    batch += [d.text for d in docs if d.corpus == "gum"]
    rate, ms = speed(batch)
    figures["words_per_second"] = round(rate)
    figures["ms_300_words"] = round(ms, 2)
    table = Table(title="De-identification")
    table.add_column("measure")
    table.add_column("value", justify="right")
    for key, value in _flat(figures):
        table.add_row(key, str(value))
    console.print(table)
    return figures


def _flat(figures: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    for key, value in figures.items():
        if isinstance(value, dict):
            yield from _flat(value, f"{prefix}{key} ")
        else:
            yield f"{prefix}{key}", value


def register(bench_app: typer.Typer) -> None:
    """Add ``deid`` to ``fulcrum bench``."""

    @bench_app.command("deid")
    def deid(
        aliases: int = typer.Option(500, min=10, help="Generated texts with seeded aliases."),
        texts: int = typer.Option(150, min=10, help="Invented practice vignettes."),
        folds: int = typer.Option(
            5, min=0, help="Cross-validation folds for the tagger (0 or 1: none)."
        ),
    ) -> None:
        """Measure the de-identifier: known entities, vignettes, GUM, WNUT-17, speed."""
        figures = run(Console(), aliases, texts, folds)
        # The last line is machine-readable; keep it off Rich so it is never wrapped.
        typer.echo(json.dumps(figures))
