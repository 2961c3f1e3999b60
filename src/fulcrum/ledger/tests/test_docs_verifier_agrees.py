"""The standard-library verifier in docs/ agrees with Fulcrum's on 200 bundles, half
of them tampered with, and both catch every tampered one."""

from __future__ import annotations

import copy
import importlib.util
import json
import random
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from fulcrum.core.integrity import (
    GENESIS,
    SealedEntry,
    build_bundle,
    make_checkpoint,
    public_key_of,
    seal_entry,
    verify_bundle,
)

SCRIPT = Path(__file__).resolve().parents[4] / "docs" / "ledger-verify.py"
T0 = datetime(2026, 5, 4, 8, 30, tzinfo=UTC)
WORDS = ["threat", "complaint", "gift", "attorney", "supervisor", "réunion", "日本", "😀", '"q"']


@pytest.fixture(scope="module")
def docs_verifier() -> ModuleType:
    spec = importlib.util.spec_from_file_location("ledger_verify", SCRIPT)
    assert spec is not None and spec.loader is not None  # noqa: PT018
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _log(rng: random.Random, seed: bytes, n: int, stream: str) -> list[SealedEntry]:
    entries: list[SealedEntry] = []
    prev = GENESIS
    for sequence in range(1, n + 1):
        entry = seal_entry(
            seed,
            stream=stream,
            sequence=sequence,
            kind=rng.choice(["incident", "amendment", "consent"]),
            recorded_at=T0 + timedelta(minutes=sequence, microseconds=rng.randrange(10**6)),
            payload={"text": " ".join(rng.choices(WORDS, k=4)), "n": rng.randrange(10**9)},
            prev_hash=prev,
        )
        entries.append(entry)
        prev = entry.entry_hash
    return entries


def _bundle(rng: random.Random) -> dict[str, Any]:
    seed = rng.randbytes(32)
    n = rng.randint(1, 40)
    stream = f"w-{rng.randrange(10**6)}"
    entries = _log(rng, seed, n, stream)
    size = rng.randint(1, n)
    chosen = rng.sample(range(1, size + 1), k=rng.randint(1, min(4, size)))
    checkpoint = make_checkpoint(
        seed, stream=stream, leaves=[e.leaf for e in entries[:size]], at=T0 + timedelta(days=1)
    )
    return build_bundle(
        entries, chosen=chosen, checkpoint=checkpoint, public_key=public_key_of(seed)
    )


def _flip_hex(text: str, rng: random.Random) -> str:
    i = rng.randrange(len(text))
    return text[:i] + rng.choice([c for c in "0123456789abcdef" if c != text[i]]) + text[i + 1 :]


def _flip_char(text: str, rng: random.Random) -> str:
    i = rng.randrange(len(text))
    replacement = rng.choice([c for c in 'ab0{}":,\\é ' if c != text[i]])
    return text[:i] + replacement + text[i + 1 :]


def _tamper(bundle: dict[str, Any], rng: random.Random) -> str:
    entries, cp = bundle["entries"], bundle["checkpoint"]
    item = rng.choice(entries)
    kinds = ["body", "proof node", "checkpoint root", "checkpoint size", "checkpoint time"]
    kinds += ["signature", "public key", "sequence", "checkpoint stream", "drop proof node"]
    kinds += ["extra proof node", "duplicate entry"]
    if len(entries) > 1:
        kinds.append("swap bodies")
    if not item["proof"]:
        kinds = [k for k in kinds if k not in ("proof node", "drop proof node")]
    kind = rng.choice(kinds)
    if kind == "body":
        item["body"] = _flip_char(item["body"], rng)
    elif kind == "proof node":
        j = rng.randrange(len(item["proof"]))
        item["proof"][j] = _flip_hex(item["proof"][j], rng)
    elif kind == "drop proof node":
        item["proof"].pop(rng.randrange(len(item["proof"])))
    elif kind == "extra proof node":
        item["proof"].insert(rng.randrange(len(item["proof"]) + 1), rng.randbytes(32).hex())
    elif kind == "checkpoint root":
        cp["root"] = _flip_hex(cp["root"], rng)
    elif kind == "checkpoint size":
        cp["size"] = cp["size"] + rng.choice([-1, 1, 7]) if cp["size"] > 1 else cp["size"] + 1
    elif kind == "checkpoint time":
        cp["at"] = cp["at"].replace("2026-05-05", "2026-05-04")
    elif kind == "signature":
        cp["signature"] = _flip_hex(cp["signature"], rng)
    elif kind == "public key":
        bundle["public_key"] = public_key_of(rng.randbytes(32)).hex()
    elif kind == "sequence":
        item["sequence"] += 1
    elif kind == "checkpoint stream":
        cp["stream"] += "x"
    elif kind == "duplicate entry":
        entries.append(copy.deepcopy(entries[-1]))
    else:
        a, b = rng.sample(range(len(entries)), 2)
        entries[a]["body"], entries[b]["body"] = entries[b]["body"], entries[a]["body"]
    return kind


def _main_says(bundle: dict[str, Any]) -> tuple[bool, int | None]:
    report = verify_bundle(json.loads(json.dumps(bundle)))
    return report.ok, (report.broken.sequence if report.broken else None)


def _docs_say(verifier: ModuleType, bundle: dict[str, Any]) -> tuple[bool, int | None]:
    result = verifier.check(json.loads(json.dumps(bundle)))
    return (True, None) if result[0] else (False, result[1])


def test_it_agrees_on_200_bundles_half_tampered(docs_verifier: ModuleType) -> None:
    rng = random.Random(20261202)
    tampered_kinds: set[str] = set()
    for number in range(200):
        bundle = _bundle(rng)
        kind = _tamper(bundle, rng) if number % 2 else None
        main, docs = _main_says(bundle), _docs_say(docs_verifier, bundle)
        assert main == docs, f"bundle {number} ({kind or 'untouched'}): {main} != {docs}"
        assert main[0] is (kind is None), f"bundle {number} ({kind or 'untouched'})"
        if kind:
            tampered_kinds.add(kind)
    assert len(tampered_kinds) >= 10


def test_it_runs_as_a_script_with_the_exit_codes_documented(tmp_path: Path) -> None:
    rng = random.Random(7)
    bundle = _bundle(rng)
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(bundle))
    ok = subprocess.run([sys.executable, str(SCRIPT), str(path)], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith("OK: entries")
    bundle["entries"][0]["body"] = bundle["entries"][0]["body"].replace('"v":1', '"v":2')
    path.write_text(json.dumps(bundle))
    bad = subprocess.run([sys.executable, str(SCRIPT), str(path)], capture_output=True, text=True)
    assert bad.returncode == 1
    assert f"Entry {bundle['entries'][0]['sequence']}" in bad.stderr
