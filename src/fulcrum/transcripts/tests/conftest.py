"""Transcript tests code with the rules unless they say otherwise: no cached model is read."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _no_cached_coder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FULCRUM_MODEL_DIR", str(tmp_path / "no-models"))
