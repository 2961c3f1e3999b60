"""The course's content as data: modules in Markdown and TOML, read and validated.

The packaged course lives in ``data/course/``: ``course.toml`` holds the course's
identity and declared CE hours, and each module is a pair in ``modules/``, ``NN-slug.toml``
(objectives, a reflection activity, a vignette discussion and the quiz's items) beside
``NN-slug.md`` (the lessons, one ``## `` heading each). ``load_course()`` reads them and
refuses, with a ``CatalogueError`` naming the file, anything incomplete: a module without
objectives, lessons, reflection, vignette or quiz; a malformed item; a pass mark below
75%; or declared hours the content does not support (``check_publishable``).
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeAlias, cast

from fulcrum.core.course.hours import CEHours, ce_hours, check_publishable
from fulcrum.core.course.scoring import PASS_PERCENT, Choice, ItemKind, ItemVersion
from fulcrum.core.errors import CatalogueError, FulcrumError

__all__ = [
    "DEFAULT_DIRECTORY",
    "MIN_MODULES",
    "MIN_PASS_PERCENT",
    "Course",
    "Lesson",
    "Module",
    "Reading",
    "Vignette",
    "load_course",
    "word_count",
]

DEFAULT_DIRECTORY = Path(__file__).parent.parent / "data" / "course"
MIN_MODULES = 8
MIN_PASS_PERCENT = PASS_PERCENT
MIN_ITEMS_PER_MODULE = 3

_Table: TypeAlias = Mapping[str, Any]
_WORD = re.compile(r"[A-Za-z0-9]+(?:['\u2019-][A-Za-z0-9]+)*")
_MODULE_NAME = re.compile(r"^(\d{2})-([a-z0-9-]+)\.toml$")


def word_count(text: str) -> int:
    """Count the words a learner reads in ``text`` (Markdown marks are not words)."""
    return len(_WORD.findall(text))


@dataclass(frozen=True)
class Lesson:
    title: str
    body: str


@dataclass(frozen=True)
class Vignette:
    """A short case written for the course, with questions for discussion."""

    title: str
    text: str
    questions: tuple[str, ...]


STANCES = ("role-power", "critique", "practice")


@dataclass(frozen=True)
class Reading:
    """A bibliographic record on the reading list: details and a link, never the text."""

    id: str
    authors: tuple[str, ...]
    year: int
    title: str
    venue: str
    stance: str
    annotation: str
    doi: str = ""
    url: str = ""


@dataclass(frozen=True)
class Module:
    id: str
    number: int
    title: str
    readings: tuple[str, ...]
    objectives: tuple[str, ...]
    lessons: tuple[Lesson, ...]
    reflection: str
    vignette: Vignette
    items: tuple[ItemVersion, ...]

    @property
    def words(self) -> int:
        """The words a learner reads: lessons, reflection and vignette (not the quiz)."""
        parts = [lesson.title + "\n" + lesson.body for lesson in self.lessons]
        parts += [self.reflection, self.vignette.title, self.vignette.text]
        parts += list(self.vignette.questions)
        return sum(word_count(p) for p in parts)


@dataclass(frozen=True)
class Course:
    id: str
    version: int
    title: str
    provider: str
    format: str
    declared_hours: Decimal
    video_minutes: int
    pass_percent: int
    attempts_allowed: int
    modules: tuple[Module, ...]
    readings: tuple[Reading, ...] = ()

    @property
    def words(self) -> int:
        return sum(m.words for m in self.modules)

    @property
    def questions(self) -> int:
        return sum(len(m.items) for m in self.modules)

    @property
    def hours(self) -> CEHours:
        """The CE hours computed from the content, with the arithmetic as text."""
        return ce_hours(self.words, self.video_minutes)

    def module(self, id: str) -> Module:
        for module in self.modules:
            if module.id == id:
                return module
        raise KeyError(id)


def load_course(directory: Path | None = None) -> Course:
    """Load and validate the course from ``directory`` (default: the packaged one, cached)."""
    if directory is None:
        return _default_course()
    return _load(Path(directory))


@functools.cache
def _default_course() -> Course:
    return _load(DEFAULT_DIRECTORY)


# --- reading and validation ------------------------------------------------------------


def _read(path: Path) -> tuple[_Table | None, str]:
    """Read ``path``: TOML files as tables, anything else as text."""
    try:
        if path.suffix == ".toml":
            with path.open("rb") as fh:
                return tomllib.load(fh), ""
        return None, path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CatalogueError(f"{path}: the course file is missing.") from None
    except tomllib.TOMLDecodeError as exc:
        raise CatalogueError(f"{path}: not valid TOML ({exc}).") from None


def _list_modules(directory: Path) -> list[Path]:
    return sorted(p for p in (directory / "modules").glob("*.toml"))


class _Fields:
    """One TOML table being read, with errors that name where it came from."""

    def __init__(self, table: _Table, where: str) -> None:
        self.table = table
        self.where = where
        self.used: set[str] = set()

    def fail(self, message: str) -> CatalogueError:
        return CatalogueError(f"{self.where}: {message}")

    def text(self, key: str, *, required: bool = True) -> str:
        self.used.add(key)
        value = self.table.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{key!r} must be a non-empty string.")
        return value.strip()

    def texts(self, key: str, *, minimum: int = 1) -> tuple[str, ...]:
        self.used.add(key)
        value = self.table.get(key)
        if (
            not isinstance(value, list)
            or not all(isinstance(v, str) and v.strip() for v in value)
            or len(value) < minimum
        ):
            raise self.fail(f"{key!r} must be a list of at least {minimum} non-empty strings.")
        return tuple(v.strip() for v in value)

    def integer(self, key: str, *, minimum: int, maximum: int) -> int:
        self.used.add(key)
        value = self.table.get(key)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(f"{key!r} must be a whole number.")
        if not minimum <= value <= maximum:
            raise self.fail(f"{key!r} is {value}; it must be from {minimum} to {maximum}.")
        return value

    def table_(self, key: str) -> _Fields:
        self.used.add(key)
        value = self.table.get(key)
        if not isinstance(value, dict):
            raise self.fail(f"a [{key}] table is required.")
        return _Fields(value, f"{self.where} [{key}]")

    def tables(self, key: str) -> list[_Table]:
        self.used.add(key)
        value = self.table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(t, dict) for t in value):
            raise self.fail(f"{key!r} must be a list of [[{key}]] tables.")
        return cast(list[_Table], value)

    def done(self) -> None:
        extra = set(self.table) - self.used
        if extra:
            raise self.fail(f"unknown field(s) {sorted(extra)}.")


def _lessons(path: Path, text: str) -> tuple[Lesson, ...]:
    lessons: list[Lesson] = []
    before, *sections = re.split(r"^## +", text, flags=re.MULTILINE)
    if before.strip():
        raise CatalogueError(f"{path}: text before the first '## ' lesson heading.")
    for section in sections:
        title, _, body = section.partition("\n")
        if not title.strip() or not body.strip():
            raise CatalogueError(f"{path}: every lesson needs a heading and some text.")
        lessons.append(Lesson(title.strip(), body.strip()))
    if not lessons:
        raise CatalogueError(f"{path}: at least one '## ' lesson is required.")
    return tuple(lessons)


def _item(fields: _Fields) -> ItemVersion:
    item_id = fields.text("id")
    fields.used.add("version")
    version = fields.table.get("version", 1)
    kind_text = fields.text("kind")
    try:
        kind = ItemKind(kind_text)
    except ValueError:
        raise fields.fail(f"'kind' is {kind_text!r}; expected single or multiple.") from None
    choices: list[Choice] = []
    for position, raw in enumerate(fields.tables("choices"), start=1):
        choice = _Fields(raw, f"{fields.where} choice #{position}")
        choices.append(Choice(choice.text("key"), choice.text("text"), choice.text("feedback")))
        choice.done()
    correct = frozenset(fields.texts("correct"))
    prompt = fields.text("prompt")
    fields.done()
    if isinstance(version, bool) or not isinstance(version, int):
        raise fields.fail("'version' must be a whole number.")
    try:
        return ItemVersion(item_id, version, kind, prompt, tuple(choices), correct)
    except FulcrumError as exc:
        raise fields.fail(str(exc)) from None


def _module(path: Path, number: int, seen_items: set[str]) -> Module:
    table, _ = _read(path)
    assert table is not None
    fields = _Fields(table, str(path))
    module_id = fields.text("id")
    title = fields.text("title")
    readings = fields.texts("readings", minimum=0) if "readings" in table else ()
    objectives = fields.texts("objectives", minimum=2)
    reflection_fields = fields.table_("reflection")
    reflection = reflection_fields.text("prompt")
    reflection_fields.done()
    vignette_fields = fields.table_("vignette")
    vignette = Vignette(
        vignette_fields.text("title"),
        vignette_fields.text("text"),
        vignette_fields.texts("questions"),
    )
    vignette_fields.done()
    raw_items = fields.tables("items")
    fields.done()
    if len(raw_items) < MIN_ITEMS_PER_MODULE:
        raise fields.fail(f"a quiz needs at least {MIN_ITEMS_PER_MODULE} [[items]].")
    items: list[ItemVersion] = []
    for position, raw in enumerate(raw_items, start=1):
        item = _item(_Fields(raw, f"{path}: item #{position}"))
        if item.item_id in seen_items:
            raise fields.fail(f"the item id {item.item_id!r} is used more than once.")
        seen_items.add(item.item_id)
        items.append(item)
    markdown = path.with_suffix(".md")
    _, text = _read(markdown)
    return Module(
        id=module_id,
        number=number,
        title=title,
        readings=readings,
        objectives=objectives,
        lessons=_lessons(markdown, text),
        reflection=reflection,
        vignette=vignette,
        items=tuple(items),
    )


def _readings(directory: Path) -> tuple[Reading, ...]:
    path = directory / "reading.toml"
    table, _ = _read(path)
    assert table is not None
    top = _Fields(table, str(path))
    raw = top.tables("work")
    top.done()
    result: list[Reading] = []
    for position, entry in enumerate(raw, start=1):
        fields = _Fields(entry, f"{path}: work #{position}")
        stance = fields.text("stance")
        if stance not in STANCES:
            raise fields.fail(f"'stance' is {stance!r}; expected one of {', '.join(STANCES)}.")
        reading = Reading(
            id=fields.text("id"),
            authors=fields.texts("authors"),
            year=fields.integer("year", minimum=1800, maximum=2100),
            title=fields.text("title"),
            venue=fields.text("venue"),
            stance=stance,
            annotation=fields.text("annotation"),
            doi=fields.text("doi", required=False),
            url=fields.text("url", required=False),
        )
        fields.done()
        if reading.url and not reading.url.startswith("https://"):
            raise fields.fail("'url' must be an https:// link.")
        if any(r.id == reading.id for r in result):
            raise fields.fail(f"the id {reading.id!r} is used more than once.")
        result.append(reading)
    return tuple(result)


def _load(directory: Path) -> Course:
    course_path = directory / "course.toml"
    table, _ = _read(course_path)
    assert table is not None
    fields = _Fields(table, str(course_path))
    course_id = fields.text("id")
    version = fields.integer("version", minimum=1, maximum=10_000)
    title = fields.text("title")
    provider = fields.text("provider")
    fmt = fields.text("format")
    if fmt not in ("home study", "live"):
        raise fields.fail(f"'format' is {fmt!r}; expected home study or live.")
    declared_text = fields.text("declared_hours")
    video_minutes = fields.integer("video_minutes", minimum=0, maximum=100_000)
    pass_percent = fields.integer("pass_percent", minimum=MIN_PASS_PERCENT, maximum=100)
    attempts = fields.integer("attempts_allowed", minimum=1, maximum=10)
    fields.done()

    modules: list[Module] = []
    seen_modules: set[str] = set()
    seen_items: set[str] = set()
    for path in _list_modules(directory):
        match = _MODULE_NAME.match(path.name)
        if match is None:
            raise CatalogueError(f"{path}: module files are named NN-slug.toml.")
        number = int(match.group(1))
        if number != len(modules) + 1:
            raise CatalogueError(f"{path}: modules are numbered 01, 02, … without gaps.")
        module = _module(path, number, seen_items)
        if module.id in seen_modules:
            raise CatalogueError(f"{path}: the module id {module.id!r} is used more than once.")
        seen_modules.add(module.id)
        modules.append(module)
    readings = _readings(directory)
    known = {r.id for r in readings}
    for module in modules:
        for cited in module.readings:
            if cited not in known:
                raise CatalogueError(
                    f"{directory / 'modules'}: module {module.id!r} cites {cited!r}, "
                    "which is not on the reading list."
                )
    if len(modules) < MIN_MODULES:
        raise CatalogueError(
            f"{directory}: the course has {len(modules)} module(s); at least {MIN_MODULES} "
            "are required."
        )
    try:
        declared = Decimal(declared_text)
    except ArithmeticError:
        raise fields.fail("'declared_hours' must be a number such as 2.5.") from None
    course = Course(
        id=course_id,
        version=version,
        title=title,
        provider=provider,
        format=fmt,
        declared_hours=declared,
        video_minutes=video_minutes,
        pass_percent=pass_percent,
        attempts_allowed=attempts,
        modules=tuple(modules),
        readings=readings,
    )
    refusals = check_publishable(declared, course.words, video_minutes, course.questions)
    if refusals:
        raise CatalogueError(
            f"{course_path}: the course cannot be published: "
            + " ".join(r.message for r in refusals)
        )
    return course
