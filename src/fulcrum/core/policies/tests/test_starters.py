"""Every kind of policy has a plain starter text, and the loader refuses a broken file."""

from __future__ import annotations

from pathlib import Path

import pytest

from fulcrum.core.errors import CatalogueError
from fulcrum.core.policies.readability import flesch_kincaid_grade
from fulcrum.core.policies.starters import KINDS, default_starters, load_starters
from fulcrum.core.policies.text import canonical_text, text_hash

MOST_GRADE = 8


def test_the_kinds_cover_the_practice_policies() -> None:
    assert {"cancellation", "payment", "lateness", "contact", "touch", "positioning"} <= set(KINDS)
    assert {"self_disclosure", "confidentiality", "recording", "your_part", "other"} <= set(KINDS)


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_has_a_plain_starter_text(kind: str) -> None:
    starter = default_starters()[kind]
    assert starter.title
    assert len(starter.text.split()) >= 15
    assert flesch_kincaid_grade(starter.text) <= MOST_GRADE, starter.text
    assert starter.text == canonical_text(starter.text)
    assert starter.sha256 == text_hash(starter.text)


def test_starters_come_in_the_order_of_the_kinds() -> None:
    assert tuple(default_starters()) == KINDS


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "starters.toml"
    path.write_text(body, encoding="utf-8")
    return path


def _all_but(skip: str = "", extra: str = "") -> str:
    tables = [
        f'[[starter]]\nkind = "{k}"\ntitle = "T"\ntext = "Some words."\n{extra}'
        for k in KINDS
        if k != skip
    ]
    return "\n".join(tables)


def test_a_complete_file_loads(tmp_path: Path) -> None:
    assert set(load_starters(_write(tmp_path, _all_but()))) == set(KINDS)


@pytest.mark.parametrize(
    ("body", "complaint"),
    [
        (_all_but(skip="touch"), "no starter text for touch"),
        (_all_but(extra='colour = "red"\n'), "unknown key(s) ['colour']"),
        (_all_but() + '\n[[starter]]\nkind = "touch"\ntitle = "T"\ntext = "x"\n', "repeats"),
        (_all_but() + '\n[[starter]]\nkind = "tea"\ntitle = "T"\ntext = "x"\n', "'tea'"),
        (_all_but().replace('text = "Some words."', 'text = "  "', 1), "needs some words"),
        ('title = "loose"\n', "unexpected top-level key(s) ['title']"),
        ("[[starter]\n", "not valid TOML"),
    ],
)
def test_a_broken_file_is_refused_with_a_reason(tmp_path: Path, body: str, complaint: str) -> None:
    with pytest.raises(CatalogueError) as caught:
        load_starters(_write(tmp_path, body))
    assert complaint in str(caught.value)


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError, match="missing"):
        load_starters(tmp_path / "absent.toml")
