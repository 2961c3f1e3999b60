"""The habits the repository keeps in its own files: decision records follow the
template, and the changelog opens with Unreleased and sorts each release's changes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[3]
DECISIONS = REPOSITORY / "docs" / "decisions"
HEADINGS = ("## Context", "## Decision", "## Consequences")
STATUS_LINE = re.compile(
    r"^Date: \d{4}-\d{2}-\d{2}\. Status: (proposed|accepted|superseded by \d{4}).*\.$", re.M
)
KINDS = {"Added", "Changed", "Fixed", "Removed", "Security"}


def records() -> list[Path]:
    return sorted(DECISIONS.glob("[0-9][0-9][0-9][0-9]-*.md"))


def record_problems(text: str, number: str) -> list[str]:
    """Return what keeps ``text`` from following docs/decisions/TEMPLATE.md."""
    problems = []
    first = text.splitlines()[0] if text else ""
    if not first.startswith(f"# {number} — "):
        problems.append(f"the title should start '# {number} — '")
    if not STATUS_LINE.search(text):
        problems.append("no 'Date: YYYY-MM-DD. Status: ….' line")
    positions = [text.find(f"\n{h}\n") for h in HEADINGS]
    if -1 in positions or positions != sorted(positions):
        problems.append(f"the headings {', '.join(HEADINGS)} are missing or out of order")
    return problems


def changelog_problems(text: str) -> list[str]:
    """Return what keeps ``text`` from being a versioned changelog."""
    releases = re.findall(r"^## (.+)$", text, re.M)
    problems = []
    if not releases or releases[0] != "Unreleased":
        problems.append("the first section should be '## Unreleased'")
    for title in releases[1:]:
        if not re.fullmatch(r"\d+\.\d+\.\d+ — \d{4}-\d{2}-\d{2}", title):
            problems.append(f"'## {title}' should read '## X.Y.Z — YYYY-MM-DD'")
    for section in re.split(r"^## .+$", text, flags=re.M)[1:]:
        kinds = re.findall(r"^### (.+)$", section, re.M)
        unknown = set(kinds) - KINDS
        if unknown:
            problems.append(f"unknown kinds of change {sorted(unknown)}")
        before_first_kind = section.split("\n### ", 1)[0]
        if re.search(r"^- ", before_first_kind, re.M):
            problems.append("a change is listed outside Added / Changed / Fixed")
    return problems


def test_it_finds_the_records() -> None:
    assert len(records()) >= 7
    assert (DECISIONS / "TEMPLATE.md").is_file()


@pytest.mark.parametrize("path", records(), ids=lambda p: p.name)
def test_every_decision_record_follows_the_template(path: Path) -> None:
    assert record_problems(path.read_text(encoding="utf-8"), path.name[:4]) == []


def test_the_changelog_is_versioned() -> None:
    assert changelog_problems((REPOSITORY / "CHANGELOG.md").read_text(encoding="utf-8")) == []


def test_the_record_check_catches_a_record_without_the_template() -> None:
    good = (
        "# 0009 — A thing\n\nDate: 2026-12-01. Status: accepted.\n\n"
        "## Context\nWhy.\n\n## Decision\nWhat.\n\n## Consequences\nSo.\n"
    )
    assert record_problems(good, "0009") == []
    assert record_problems(good.replace("# 0009 — ", "# 9. "), "0009") != []
    assert record_problems(good.replace("Date: 2026-12-01. ", ""), "0009") != []
    assert record_problems(good.replace("## Consequences\n", ""), "0009") != []
    swapped = good.replace("## Context", "## Tmp").replace("## Decision", "## Context")
    assert record_problems(swapped.replace("## Tmp", "## Decision"), "0009") != []


def test_the_changelog_check_catches_an_unversioned_changelog() -> None:
    good = (
        "# Changelog\n\n## Unreleased\n\n### Fixed\n- A.\n\n"
        "## 0.1.0 — 2026-11-26\n\n### Added\n- B.\n"
    )
    assert changelog_problems(good) == []
    assert changelog_problems("# Changelog\n\n## Unreleased\n- A loose line.\n") != []
    assert changelog_problems(good.replace("## Unreleased\n\n", "")) != []
    assert changelog_problems(good.replace("0.1.0 — 2026-11-26", "First release")) != []
    assert changelog_problems(good.replace("### Fixed", "### Misc")) != []
