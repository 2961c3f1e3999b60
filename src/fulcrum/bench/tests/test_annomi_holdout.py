"""The learned coder on AnnoMI videos it never saw (development split only)."""

from __future__ import annotations

from pathlib import Path

import pytest

from fulcrum.bench.annomi import evaluate
from fulcrum.core.transcripts.annomi import read_annomi
from fulcrum.core.transcripts.coding.base import Turn
from fulcrum.core.transcripts.coding.learned import LabelledTurn, train_coder


@pytest.mark.corpus
def test_it_codes_unseen_annomi_videos_well(annomi_dev: Path) -> None:
    sessions = read_annomi(annomi_dev.read_text(encoding="utf-8"))
    videos = sorted({s.video_url for s in sessions})
    held = set(videos[::4])
    train = [s for s in sessions if s.video_url not in held]
    test = [s for s in sessions if s.video_url in held]
    coder = train_coder(
        [
            [LabelledTurn(Turn(u.text, u.role), u.label, u.subtype) for u in s.utterances]
            for s in train
        ]
    )
    result = evaluate(test, [coder.code(s.turns) for s in test])
    assert result["behaviour_macro_f1"] >= 0.70
    assert result["client_macro_f1"] >= 0.45
