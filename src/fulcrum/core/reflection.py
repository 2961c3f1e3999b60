"""Reflection prompts and the patterns that invite reflection.

The prompts live in ``data/prompts.toml`` so they can be edited as text. ``load_prompts()``
reads and validates them; ``prompt_for_warning()`` picks the prompt that best fits a drift
warning; ``disclosure_pattern()`` summarises whose need a client's disclosures served.
Everything here is a prompt for reflection, never a verdict.
"""

from __future__ import annotations

import functools
import tomllib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal, TypeAlias, cast

from fulcrum.core.errors import CatalogueError, InvalidInput

__all__ = [
    "DEFAULT_PATH",
    "DISCLOSURE_INQUIRY",
    "FOLLOWED",
    "FOLLOWED_LABELS",
    "SERVED",
    "Disclosure",
    "DisclosurePattern",
    "MonthCount",
    "Prompt",
    "PromptGroup",
    "PromptLibrary",
    "disclosure_pattern",
    "load_prompts",
    "prompt_for_warning",
]

DEFAULT_PATH = Path(__file__).parent / "data" / "prompts.toml"

Fit: TypeAlias = Literal["over", "under", "skilful"]
_FITS: tuple[Fit, ...] = ("over", "under", "skilful")

# An indicator match says more about a warning than a matching direction does.
INDICATOR_MATCH_POINTS = 3
DIRECTION_MATCH_POINTS = 1

Served: TypeAlias = Literal["client", "practitioner", "both", "unsure", "unrecorded"]
SERVED: tuple[Served, ...] = ("client", "practitioner", "both", "unsure", "unrecorded")

# What followed a disclosure, as the practitioner saw it. The first three keep the
# session the client's; the next two suggest the disclosure moved it towards the
# practitioner.
Followed: TypeAlias = Literal[
    "own_work", "closer", "unsure", "turned_to_me", "pulled_back", "unrecorded"
]
FOLLOWED: tuple[Followed, ...] = (
    "own_work",
    "closer",
    "turned_to_me",
    "pulled_back",
    "unsure",
    "unrecorded",
)
FOLLOWED_LABELS: dict[Followed, str] = {
    "own_work": "The client went on with their own work",
    "closer": "It eased things and the focus stayed on the client",
    "turned_to_me": "The client's attention turned to me",
    "pulled_back": "The client went quiet or pulled back",
    "unsure": "I couldn't tell",
    "unrecorded": "Not recorded",
}
_MOVED_TO_ME: frozenset[Followed] = frozenset({"turned_to_me", "pulled_back"})

DISCLOSURE_INQUIRY = (
    "When does sharing something of yourself serve the relationship — and when does it "
    "ask the client to make room for you?"
)
# Above this share of disclosures meeting the practitioner's need (or nobody knowing
# whose), the pattern is worth taking to supervision.
SELF_SERVING_SHARE = 1 / 3


@dataclass(frozen=True)
class PromptGroup:
    """A theme of the prompt library (DOMAIN §8)."""

    id: str
    title: str
    intro: str


@dataclass(frozen=True)
class Prompt:
    """One reflective question; ``fits`` and ``indicators`` say which warnings it suits."""

    id: str
    group: str
    text: str
    hint: str = ""
    fits: tuple[Fit, ...] = ()
    indicators: tuple[str, ...] = ()


@dataclass(frozen=True)
class PromptLibrary:
    """The prompts, grouped, in file order."""

    groups: tuple[PromptGroup, ...]
    prompts: tuple[Prompt, ...]

    def prompt(self, id: str) -> Prompt:
        """Return the prompt with this id; raise InvalidInput if there is none."""
        for prompt in self.prompts:
            if prompt.id == id:
                return prompt
        raise InvalidInput(f"There is no reflection prompt called {id!r}.")

    def group(self, id: str) -> PromptGroup:
        """Return the group with this id; raise InvalidInput if there is none."""
        for group in self.groups:
            if group.id == id:
                return group
        raise InvalidInput(f"There is no prompt group called {id!r}.")

    def in_group(self, id: str) -> tuple[Prompt, ...]:
        """Return the prompts of one group, in file order."""
        return tuple(p for p in self.prompts if p.group == id)


def load_prompts(path: Path | None = None) -> PromptLibrary:
    """Load and validate the prompt library (default: the packaged file, cached)."""
    if path is None:
        return _default_library()
    return _load(Path(path))


@functools.cache
def _default_library() -> PromptLibrary:
    return _load(DEFAULT_PATH)


def prompt_for_warning(
    direction: str, indicator_ids: Iterable[str], prompts: Sequence[Prompt]
) -> Prompt:
    """Pick the prompt that best fits a drift warning.

    A prompt earns points for each of the warning's indicators it speaks to and for
    suiting the warning's direction; the first prompt with the most points wins, so the
    same warning always offers the same prompt. With nothing fitting, the first prompt
    for that direction (or the first prompt at all) is offered.
    """
    if direction not in ("over", "under"):
        raise InvalidInput(f"A drift warning is 'over' or 'under', not {direction!r}.")
    if not prompts:
        raise InvalidInput("There are no prompts to choose from.")
    wanted = set(indicator_ids)
    best: Prompt | None = None
    best_points = 0
    for prompt in prompts:
        points = INDICATOR_MATCH_POINTS * len(wanted.intersection(prompt.indicators))
        if direction in prompt.fits:
            points += DIRECTION_MATCH_POINTS
        if points > best_points:
            best, best_points = prompt, points
    return best if best is not None else prompts[0]


# --- disclosure pattern ----------------------------------------------------------------


@dataclass(frozen=True)
class Disclosure:
    """One recorded disclosure: when, whose need it served, and what followed.

    An empty ``served`` or ``followed`` means the practitioner did not say.
    """

    at: datetime
    served: str = ""
    followed: str = ""


@dataclass(frozen=True)
class MonthCount:
    """Disclosures in one calendar month ("YYYY-MM"), counted by whose need they served."""

    month: str
    counts: tuple[tuple[Served, int], ...]

    @property
    def total(self) -> int:
        return sum(n for _, n in self.counts)


@dataclass(frozen=True)
class DisclosurePattern:
    """Whose need a client's disclosures served, overall and month by month."""

    sessions: int
    disclosures: int
    counts: tuple[tuple[Served, int], ...]
    followed: tuple[tuple[Followed, int], ...]
    months: tuple[MonthCount, ...]
    reading: str

    def count(self, served: Served) -> int:
        return dict(self.counts).get(served, 0)

    def followed_count(self, followed: Followed) -> int:
        return dict(self.followed).get(followed, 0)


def disclosure_pattern(disclosures: Sequence[Disclosure], *, sessions: int) -> DisclosurePattern:
    """Summarise the disclosures recorded over ``sessions`` sessions.

    An empty "served" or "followed" means the practitioner did not say; it is counted
    as unrecorded.
    """
    if sessions < len(disclosures):
        raise InvalidInput("There cannot be more disclosures than sessions.")
    served_values = [_served(d.served) for d in disclosures]
    followed_values = [_followed(d.followed) for d in disclosures]
    overall = Counter(served_values)
    after = Counter(followed_values)
    by_month: dict[str, Counter[Served]] = {}
    for d, served in sorted(
        zip(disclosures, served_values, strict=True), key=lambda pair: pair[0].at
    ):
        by_month.setdefault(f"{d.at:%Y-%m}", Counter())[served] += 1
    months = tuple(
        MonthCount(month, tuple((s, counter[s]) for s in SERVED))
        for month, counter in sorted(by_month.items())
    )
    return DisclosurePattern(
        sessions=sessions,
        disclosures=len(disclosures),
        counts=tuple((s, overall[s]) for s in SERVED),
        followed=tuple((f, after[f]) for f in FOLLOWED),
        months=months,
        reading=_disclosure_reading(overall, after, len(disclosures), sessions),
    )


def _served(value: str) -> Served:
    if value == "":
        return "unrecorded"
    if value not in SERVED:
        raise InvalidInput(f"{value!r} is not a way a disclosure can serve.")
    return value


def _followed(value: str) -> Followed:
    if value == "":
        return "unrecorded"
    if value not in FOLLOWED:
        raise InvalidInput(f"{value!r} is not something Fulcrum records as following a disclosure.")
    return value


def _disclosure_reading(
    counts: Counter[Served], after: Counter[Followed], total: int, sessions: int
) -> str:
    if total == 0:
        return "No disclosures recorded with this client so far."
    mine = counts["practitioner"] + counts["unsure"]
    parts = [f"You disclosed something of yourself in {total} of {sessions} sessions."]
    if mine / total > SELF_SERVING_SHARE:
        parts.append(
            "More than a third met your own need, or you weren't sure whose — "
            "a pattern worth bringing to supervision."
        )
    elif counts["client"] == total:
        parts.append("You judged each one to have served the client. How did you know?")
    moved = sum(after[f] for f in _MOVED_TO_ME)
    if moved and moved / total > SELF_SERVING_SHARE:
        parts.append(
            f"After {moved} of them the client's attention turned to you or they pulled "
            "back — who was looking after whom?"
        )
    if counts["unrecorded"]:
        parts.append(f"{counts['unrecorded']} left the question of whose need open.")
    return " ".join(parts)


# --- reading and validation ------------------------------------------------------------


def _load(path: Path) -> PromptLibrary:
    try:
        with path.open("rb") as fh:
            document = tomllib.load(fh)
    except FileNotFoundError:
        raise CatalogueError(f"{path}: the prompt file is missing.") from None
    except tomllib.TOMLDecodeError as exc:
        raise CatalogueError(f"{path}: not valid TOML ({exc}).") from None
    unexpected = set(document) - {"group", "prompt"}
    if unexpected:
        raise CatalogueError(f"{path}: unexpected top-level key(s) {sorted(unexpected)}.")

    groups = tuple(_make_group(path, t) for t in _tables(path, document, "group"))
    group_ids = [g.id for g in groups]
    _unique(path, "group", group_ids)
    prompts = tuple(
        _make_prompt(path, t, set(group_ids)) for t in _tables(path, document, "prompt")
    )
    _unique(path, "prompt", [p.id for p in prompts])
    for group in groups:
        if not any(p.group == group.id for p in prompts):
            raise CatalogueError(f"{path}: group {group.id!r} has no prompts.")
    return PromptLibrary(groups=groups, prompts=prompts)


def _tables(path: Path, document: dict[str, Any], key: str) -> list[dict[str, Any]]:
    raw = document.get(key, [])
    if not isinstance(raw, list) or not raw or not all(isinstance(t, dict) for t in raw):
        raise CatalogueError(f"{path}: at least one [[{key}]] table is required.")
    return cast(list[dict[str, Any]], raw)


def _unique(path: Path, kind: str, ids: list[str]) -> None:
    seen: set[str] = set()
    for ident in ids:
        if ident in seen:
            raise CatalogueError(f"{path}: the {kind} id {ident!r} is used more than once.")
        seen.add(ident)


def _text(path: Path, table: dict[str, Any], key: str, *, required: bool = True) -> str:
    value = table.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        where = table.get("id", "?")
        raise CatalogueError(f"{path}: {where!r}: {key!r} must be a non-empty string.")
    return value.strip()


def _strings(path: Path, table: dict[str, Any], key: str) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise CatalogueError(f"{path}: {table.get('id')!r}: {key!r} must be a list of strings.")
    return tuple(cast(list[str], value))


def _check_keys(path: Path, table: dict[str, Any], allowed: set[str]) -> None:
    extra = set(table) - allowed
    if extra:
        raise CatalogueError(f"{path}: {table.get('id')!r}: unknown field(s) {sorted(extra)}.")


def _make_group(path: Path, table: dict[str, Any]) -> PromptGroup:
    _check_keys(path, table, {"id", "title", "intro"})
    return PromptGroup(
        id=_text(path, table, "id"),
        title=_text(path, table, "title"),
        intro=_text(path, table, "intro"),
    )


def _make_prompt(path: Path, table: dict[str, Any], group_ids: set[str]) -> Prompt:
    _check_keys(path, table, {"id", "group", "text", "hint", "fits", "indicators"})
    ident = _text(path, table, "id")
    group = _text(path, table, "group")
    if group not in group_ids:
        raise CatalogueError(f"{path}: prompt {ident!r} is in an unknown group {group!r}.")
    fits = _strings(path, table, "fits")
    for fit in fits:
        if fit not in _FITS:
            raise CatalogueError(
                f"{path}: prompt {ident!r}: fits {fit!r}; expected one of {', '.join(_FITS)}."
            )
    return Prompt(
        id=ident,
        group=group,
        text=_text(path, table, "text"),
        hint=_text(path, table, "hint", required=False),
        fits=cast(tuple[Fit, ...], fits),
        indicators=_strings(path, table, "indicators"),
    )
