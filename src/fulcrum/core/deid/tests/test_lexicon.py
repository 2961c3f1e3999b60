from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fulcrum.core.deid.lexicon import DATA_DIRECTORY, load_lexicon
from fulcrum.core.errors import CatalogueError


def test_it_loads_the_bundled_lists() -> None:
    lexicon = load_lexicon()
    assert "robert" in lexicon.first_names
    assert "leeds" in lexicon.places
    assert "will" in lexicon.lookalike
    assert "legitimate" in lexicon.power_kinds
    assert "grace" in lexicon.dictionary


def test_it_names_the_file_that_is_missing(tmp_path: Path) -> None:
    shutil.copytree(DATA_DIRECTORY, tmp_path / "data")
    (tmp_path / "data" / "surnames.txt").unlink()
    with pytest.raises(CatalogueError, match=r"surnames\.txt"):
        load_lexicon(tmp_path / "data")


def test_it_names_a_cue_list_of_the_wrong_shape(tmp_path: Path) -> None:
    shutil.copytree(DATA_DIRECTORY, tmp_path / "data")
    cues = tmp_path / "data" / "cues.toml"
    cues.write_text(cues.read_text(encoding="utf-8").replace("keep = [", "keep = 3\nx = ["))
    with pytest.raises(CatalogueError, match="'keep'"):
        load_lexicon(tmp_path / "data")
