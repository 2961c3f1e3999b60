"""Train the de-identifier's tagger and save it as src/fulcrum/core/deid/data/tagger.npz.

Trains on the CC BY texts of the shared GUM and WNUT-17 files only (decision 0022);
the archive holds bucket numbers and weights, no text. Needs the shared data folder
(``FULCRUM_SHARED_DATA`` or ../shared/data).

    .venv/bin/python scripts/train_deid_tagger.py
"""

from __future__ import annotations

import json
import sys

from fulcrum.bench.deid import DATA
from fulcrum.bench.deid_tagger import load_docs, train
from fulcrum.core.deid.lexicon import DATA_DIRECTORY
from fulcrum.core.deid.tagger import TAGGER_FILE


def main() -> int:
    docs = load_docs(DATA)
    if not any(d.trainable for d in docs):
        print(f"No CC BY training texts under {DATA}.", file=sys.stderr)
        return 1
    tagger = train(docs)
    path = DATA_DIRECTORY / TAGGER_FILE
    data = tagger.to_bytes()
    path.write_bytes(data)
    print(json.dumps({"file": str(path), "bytes": len(data), **tagger.meta}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
