"""The coders on AnnoMI videos the learned coder never saw (development file only).

One fixed split: every fourth video, in sorted order, is held out. Training is
deterministic, so the figures only move when the code or the libraries do; the
thresholds sit below this split's figures (behaviour 0.716, client 0.500, over-use AUC
1.0 from predicted codes; rules 0.666 on the whole file) with a margin for that.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from fulcrum.core.transcripts.annomi import read_annomi
from fulcrum.core.transcripts.coding.rules import RulesCoder
from fulcrum.transcripts.training import evaluate, train_on


@pytest.mark.corpus
def test_it_codes_unseen_annomi_videos_well(annomi_dev: Path) -> None:
    sessions = read_annomi(annomi_dev.read_text(encoding="utf-8"))
    videos = sorted({s.video_url for s in sessions})
    held = set(videos[::4])
    train = [s for s in sessions if s.video_url not in held]
    test = [s for s in sessions if s.video_url in held]
    assert not {s.video_url for s in train} & {s.video_url for s in test}
    coder = train_on(train, "development file, three videos in four")
    result = evaluate(test, [coder.code(s.turns) for s in test])
    assert result["behaviour_macro_f1"] >= 0.70
    assert result["client_macro_f1"] >= 0.47
    assert result["overuse_auc"] >= 0.90


@pytest.mark.corpus
def test_it_keeps_the_rules_coder_useful(annomi_dev: Path) -> None:
    sessions = read_annomi(annomi_dev.read_text(encoding="utf-8"))
    rules = RulesCoder()
    result = evaluate(sessions, [rules.code(s.turns) for s in sessions])
    assert result["behaviour_macro_f1"] >= 0.65
