"""``fulcrum bench encryption`` prints its figures, the last line one JSON object."""

from __future__ import annotations

import json

import pytest

from fulcrum.cli import main


def test_it_times_every_size_and_ends_with_json(capsys: pytest.CaptureFixture[str]) -> None:
    main(["bench", "encryption", "--values", "100", "--rounds", "1"])
    figures = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    for name in ("alias", "note", "journal entry", "utterance"):
        row = figures[name]
        assert row["seal_us"] > 0
        assert row["open_us"] > 0
        # Sealed text is longer than what it seals: prefix, key id, nonce, tag, base64.
        assert row["stored_chars"] > row["chars"]
    assert figures["client_page_open_ms"] > 0
