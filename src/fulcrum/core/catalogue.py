"""The power catalogue: kinds of power, holders, context factors and session indicators.

The content lives in TOML files (``data/catalogue/*.toml``) so that adding a kind of power
or an indicator is a data change. ``load_catalogue()`` reads and validates them; every
problem is reported as a ``CatalogueError`` naming the file and the entry.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol, TypeAlias, TypeVar, cast

from fulcrum.core.errors import CatalogueError, InvalidInput

__all__ = [
    "DEFAULT_DIRECTORY",
    "FILES",
    "REQUIRED_HOLDERS",
    "Catalogue",
    "Factor",
    "Holder",
    "Indicator",
    "IndicatorLevel",
    "IndicatorMode",
    "PowerKind",
    "load_catalogue",
]

DEFAULT_DIRECTORY = Path(__file__).parent / "data" / "catalogue"
FILES = ("kinds.toml", "holders.toml", "factors.toml", "indicators.toml")
REQUIRED_HOLDERS = ("practitioner", "client")

FactorSide: TypeAlias = Literal["amplifier", "counter"]
IndicatorMode: TypeAlias = Literal["over", "under", "skilful"]
IndicatorLevel: TypeAlias = Literal["grievance", "subtle"]

_MODES: tuple[IndicatorMode, ...] = ("over", "under", "skilful")
_LEVELS: tuple[IndicatorLevel, ...] = ("grievance", "subtle")
_SIDES: tuple[FactorSide, ...] = ("amplifier", "counter")
FACTOR_WEIGHT_MAX = 1.0
INDICATOR_WEIGHT_MAX = 10.0


@dataclass(frozen=True)
class PowerKind:
    """A kind of power any holder can have; ``exposure`` is shown when the client holds much."""

    id: str
    label: str
    explanation: str
    practitioner_example: str
    client_example: str
    exposure: str = ""


@dataclass(frozen=True)
class Holder:
    """Someone who can hold power in or over the relationship."""

    id: str
    label: str
    explanation: str


@dataclass(frozen=True)
class Factor:
    """A context factor: an amplifier of the client's vulnerability or a counter-factor."""

    id: str
    label: str
    explanation: str
    side: FactorSide
    weight: float
    exposure: str = ""


@dataclass(frozen=True)
class Indicator:
    """An observable sign of over-, under- or skilful use of power in a session."""

    id: str
    label: str
    explanation: str
    mode: IndicatorMode
    level: IndicatorLevel | None
    group: str
    weight: float
    question: str


@dataclass(frozen=True)
class Catalogue:
    """Everything the power model knows about, in file order."""

    kinds: tuple[PowerKind, ...]
    holders: tuple[Holder, ...]
    amplifiers: tuple[Factor, ...]
    counter_factors: tuple[Factor, ...]
    indicators: tuple[Indicator, ...]

    def kind(self, id: str) -> PowerKind:
        """Return the kind with this id; raise InvalidInput if there is none."""
        for kind in self.kinds:
            if kind.id == id:
                return kind
        raise InvalidInput(f"There is no kind of power called {id!r}.")

    def holder(self, id: str) -> Holder:
        """Return the holder with this id; raise InvalidInput if there is none."""
        for holder in self.holders:
            if holder.id == id:
                return holder
        raise InvalidInput(f"There is no holder called {id!r}.")

    def factor(self, id: str) -> Factor:
        """Return the amplifier or counter-factor with this id; raise InvalidInput if none."""
        for factor in (*self.amplifiers, *self.counter_factors):
            if factor.id == id:
                return factor
        raise InvalidInput(f"There is no context factor called {id!r}.")

    def indicator(self, id: str) -> Indicator:
        """Return the indicator with this id; raise InvalidInput if there is none."""
        for indicator in self.indicators:
            if indicator.id == id:
                return indicator
        raise InvalidInput(f"There is no indicator called {id!r}.")

    def indicators_in(self, mode: IndicatorMode) -> tuple[Indicator, ...]:
        """Return the indicators of one mode ("over", "under" or "skilful")."""
        return tuple(i for i in self.indicators if i.mode == mode)

    @property
    def kind_ids(self) -> tuple[str, ...]:
        return tuple(k.id for k in self.kinds)

    @property
    def holder_ids(self) -> tuple[str, ...]:
        return tuple(h.id for h in self.holders)


def load_catalogue(directory: Path | None = None) -> Catalogue:
    """Load and validate the catalogue from ``directory`` (default: the packaged data, cached)."""
    if directory is None:
        return _default_catalogue()
    return _load(Path(directory))


@functools.cache
def _default_catalogue() -> Catalogue:
    return _load(DEFAULT_DIRECTORY)


# --- reading and validation ------------------------------------------------------------

_Table: TypeAlias = Mapping[str, Any]


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


_T = TypeVar("_T", bound=_HasId)


def _load(directory: Path) -> Catalogue:
    kinds = tuple(_entries(directory, "kinds.toml", "kind", _make_kind, required_nonempty=True))
    holders = tuple(_entries(directory, "holders.toml", "holder", _make_holder))
    holder_ids = {h.id for h in holders}
    for required in REQUIRED_HOLDERS:
        if required not in holder_ids:
            raise CatalogueError(
                f"{directory / 'holders.toml'}: the holder {required!r} is required but missing."
            )
    factors = tuple(_entries(directory, "factors.toml", "factor", _make_factor))
    indicators = tuple(_entries(directory, "indicators.toml", "indicator", _make_indicator))
    return Catalogue(
        kinds=kinds,
        holders=holders,
        amplifiers=tuple(f for f in factors if f.side == "amplifier"),
        counter_factors=tuple(f for f in factors if f.side == "counter"),
        indicators=indicators,
    )


def _entries(
    directory: Path,
    filename: str,
    table: str,
    make: Callable[[_Entry], _T],
    *,
    required_nonempty: bool = False,
) -> list[_T]:
    path = directory / filename
    try:
        with path.open("rb") as fh:
            document = tomllib.load(fh)
    except FileNotFoundError:
        raise CatalogueError(f"{path}: the catalogue file is missing.") from None
    except tomllib.TOMLDecodeError as exc:
        raise CatalogueError(f"{path}: not valid TOML ({exc}).") from None

    unexpected = set(document) - {table}
    if unexpected:
        raise CatalogueError(
            f"{path}: unexpected top-level key(s) {sorted(unexpected)}; "
            f"only [[{table}]] tables belong here."
        )
    raw = document.get(table, [])
    if not isinstance(raw, list) or not all(isinstance(t, dict) for t in raw):
        raise CatalogueError(f"{path}: {table!r} must be a list of [[{table}]] tables.")
    if required_nonempty and not raw:
        raise CatalogueError(f"{path}: at least one [[{table}]] entry is required.")

    seen: set[str] = set()
    result: list[_T] = []
    for position, entry in enumerate(cast(list[_Table], raw), start=1):
        where = _describe(path, table, position, entry)
        item = make(_Entry(entry, where))
        if item.id in seen:
            raise CatalogueError(f"{where}: the id {item.id!r} is used more than once.")
        seen.add(item.id)
        result.append(item)
    return result


def _describe(path: Path, table: str, position: int, entry: _Table) -> str:
    ident = entry.get("id")
    name = repr(ident) if isinstance(ident, str) else f"#{position}"
    return f"{path}: {table} {name}"


class _Entry:
    """One TOML table being turned into a dataclass, with errors that name it."""

    def __init__(self, table: _Table, where: str) -> None:
        self.table = table
        self.where = where
        self.used: set[str] = set()

    def text(self, key: str, *, required: bool = True) -> str:
        self.used.add(key)
        value = self.table.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or not value.strip():
            raise CatalogueError(f"{self.where}: {key!r} must be a non-empty string.")
        return value.strip()

    def ident(self) -> str:
        value = self.text("id")
        if not value.replace("_", "").isalnum() or not value.islower():
            raise CatalogueError(
                f"{self.where}: the id must be lower-case letters, digits and underscores."
            )
        return value

    def choice(self, key: str, allowed: tuple[str, ...]) -> str:
        value = self.text(key)
        if value not in allowed:
            raise CatalogueError(
                f"{self.where}: {key!r} is {value!r}; expected one of {', '.join(allowed)}."
            )
        return value

    def weight(self, maximum: float) -> float:
        self.used.add("weight")
        value = self.table.get("weight")
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise CatalogueError(f"{self.where}: 'weight' must be a number.")
        if not 0 < value <= maximum:
            raise CatalogueError(
                f"{self.where}: 'weight' is {value}; it must be above 0 and at most {maximum}."
            )
        return float(value)

    def done(self) -> None:
        extra = set(self.table) - self.used
        if extra:
            raise CatalogueError(f"{self.where}: unknown field(s) {sorted(extra)}.")


def _make_kind(entry: _Entry) -> PowerKind:
    kind = PowerKind(
        id=entry.ident(),
        label=entry.text("label"),
        explanation=entry.text("explanation"),
        practitioner_example=entry.text("practitioner_example"),
        client_example=entry.text("client_example"),
        exposure=entry.text("exposure", required=False),
    )
    entry.done()
    return kind


def _make_holder(entry: _Entry) -> Holder:
    holder = Holder(
        id=entry.ident(), label=entry.text("label"), explanation=entry.text("explanation")
    )
    entry.done()
    return holder


def _make_factor(entry: _Entry) -> Factor:
    factor = Factor(
        id=entry.ident(),
        label=entry.text("label"),
        explanation=entry.text("explanation"),
        side=cast(FactorSide, entry.choice("side", _SIDES)),
        weight=entry.weight(FACTOR_WEIGHT_MAX),
        exposure=entry.text("exposure", required=False),
    )
    entry.done()
    return factor


def _make_indicator(entry: _Entry) -> Indicator:
    ident = entry.ident()
    mode = cast(IndicatorMode, entry.choice("mode", _MODES))
    level: IndicatorLevel | None = None
    if mode == "over":
        level = cast(IndicatorLevel, entry.choice("level", _LEVELS))
    elif "level" in entry.table:
        raise CatalogueError(
            f"{entry.where}: 'level' only applies to over-use indicators, not {mode!r}."
        )
    indicator = Indicator(
        id=ident,
        label=entry.text("label"),
        explanation=entry.text("explanation"),
        mode=mode,
        level=level,
        group=entry.text("group"),
        weight=entry.weight(INDICATOR_WEIGHT_MAX),
        question=entry.text("question"),
    )
    entry.done()
    return indicator
