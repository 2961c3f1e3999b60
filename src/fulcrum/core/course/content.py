"""The course's content as data: modules in Markdown and TOML, read and validated.

The packaged course lives in ``data/course/``: ``course.toml`` holds the course's
identity and declared CE hours, and each module is a pair in ``modules/``, ``NN-slug.toml``
(objectives, a reflection activity, a vignette discussion and the quiz's items) beside
``NN-slug.md`` (the lessons, one ``## `` heading each), and each module has a facilitator's
guide for teaching it to a group, ``guides/NN-slug.toml`` (objectives, timed parts that add
up to the session's length, discussion questions, a bodywork and a talk-therapy role-play,
and a debrief). ``reading.toml`` is the reading list. ``load_course()`` reads them all and
refuses, with a ``CatalogueError`` naming the file and the key, anything incomplete: a
module without objectives, lessons, reflection, vignette or quiz; a malformed item; a
guide whose timings do not add up; a reading record with an unknown stance; a pass mark
below 75%; or declared hours the content does not support (``check_publishable``).

A quiz item may set the scene with a ``scenario`` (a short case), which is shown before
its prompt; such items are the vignette-scenario questions. Guides are for the people who
teach, not home-study reading, so their words do not count towards CE hours.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeAlias, cast

from fulcrum.core.course.hours import CEHours, Refusal, ce_hours, check_publishable
from fulcrum.core.course.scoring import PASS_PERCENT, Choice, ItemKind, ItemVersion
from fulcrum.core.errors import CatalogueError, FulcrumError

__all__ = [
    "DEFAULT_DIRECTORY",
    "MIN_MODULES",
    "MIN_PASS_PERCENT",
    "REFUSAL_PLACES",
    "STANCES",
    "Course",
    "Guide",
    "GuidePart",
    "Lesson",
    "Module",
    "Reading",
    "RolePlay",
    "Vignette",
    "course_from_json",
    "course_to_json",
    "inspect_course",
    "load_course",
    "word_count",
]

DEFAULT_DIRECTORY = Path(__file__).parent.parent / "data" / "course"
MIN_MODULES = 8
MIN_PASS_PERCENT = PASS_PERCENT
MIN_ITEMS_PER_MODULE = 3
# A guide's session is a real class: from a quarter of an hour to a long half-day.
GUIDE_MINUTES = (15, 240)
ROLE_PLAY_SETTINGS = ("bodywork", "talk")

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


# A reading's stance tag and the words a reader sees for it.
STANCES: Mapping[str, str] = {
    "role-power": "the role-power view",
    "multidimensional": "the multidimensional, two-way view",
    "critique": "critiques the power-imbalance view",
    "practice": "guidance on practice",
    "background": "background: where the ideas come from",
}
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")


@dataclass(frozen=True)
class Reading:
    """A bibliographic record on the reading list: details and a link, never the text."""

    id: str
    authors: tuple[str, ...]
    year: int | None
    title: str
    venue: str
    stance: str
    annotation: str
    doi: str = ""
    url: str = ""

    @property
    def stance_label(self) -> str:
        return STANCES[self.stance]

    @property
    def year_text(self) -> str:
        """The year, or "n.d." for a work (such as a web article) whose date is not known."""
        return "n.d." if self.year is None else str(self.year)


@dataclass(frozen=True)
class GuidePart:
    """One timed part of a taught session."""

    activity: str
    minutes: int
    notes: str


@dataclass(frozen=True)
class RolePlay:
    """A role-play for a group: the setting, who plays whom, and what to watch for."""

    setting: str
    title: str
    roles: tuple[str, ...]
    brief: str
    observe: tuple[str, ...]


@dataclass(frozen=True)
class Guide:
    """A facilitator's guide for teaching one module to a group."""

    session_minutes: int
    objectives: tuple[str, ...]
    parts: tuple[GuidePart, ...]
    discussion: tuple[str, ...]
    role_plays: tuple[RolePlay, ...]
    debrief: tuple[str, ...]

    def role_play(self, setting: str) -> RolePlay:
        return next(r for r in self.role_plays if r.setting == setting)


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
    guide: Guide | None = None
    scenario_items: tuple[str, ...] = ()

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


def inspect_course(directory: Path) -> tuple[Course, tuple[Refusal, ...]]:
    """Read ``directory`` as a course, refusing (``CatalogueError``) anything malformed, and
    return it with every reason its hours or questions stop it being published."""
    course = _read_course(Path(directory))
    return course, check_publishable(
        course.declared_hours, course.words, course.video_minutes, course.questions
    )


# Where each publishing refusal is put right: the file, and the key or table in it.
REFUSAL_PLACES: Mapping[str, str] = {
    "no_material": "modules/*.md: the lessons",
    "declared_not_positive": "course.toml: 'declared_hours'",
    "overstated": "course.toml: 'declared_hours'",
    "too_few_questions": "modules/*.toml: [[items]]",
}


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
    scenario = fields.text("scenario", required=False)
    if scenario:
        prompt = f"{scenario}\n\n{prompt}"
    fields.done()
    if isinstance(version, bool) or not isinstance(version, int):
        raise fields.fail("'version' must be a whole number.")
    try:
        return ItemVersion(item_id, version, kind, prompt, tuple(choices), correct)
    except FulcrumError as exc:
        raise fields.fail(str(exc)) from None


def _guide(path: Path) -> Guide:
    table, _ = _read(path)
    assert table is not None
    fields = _Fields(table, str(path))
    session = fields.integer("session_minutes", minimum=GUIDE_MINUTES[0], maximum=GUIDE_MINUTES[1])
    objectives = fields.texts("objectives", minimum=2)
    discussion = fields.texts("discussion", minimum=3)
    debrief = fields.texts("debrief", minimum=2)
    raw_parts = fields.tables("part")
    raw_plays = fields.tables("role_play")
    fields.done()
    if len(raw_parts) < 3:
        raise fields.fail("a session needs at least three timed [[part]] tables.")
    parts: list[GuidePart] = []
    for position, raw in enumerate(raw_parts, start=1):
        part = _Fields(raw, f"{path}: part #{position}")
        parts.append(
            GuidePart(
                part.text("activity"),
                part.integer("minutes", minimum=1, maximum=GUIDE_MINUTES[1]),
                part.text("notes"),
            )
        )
        part.done()
    total = sum(p.minutes for p in parts)
    if total != session:
        sums = " + ".join(str(p.minutes) for p in parts)
        raise fields.fail(
            f"the parts' minutes add up to {sums} = {total}, but 'session_minutes' is {session}."
        )
    plays: list[RolePlay] = []
    for position, raw in enumerate(raw_plays, start=1):
        play = _Fields(raw, f"{path}: role_play #{position}")
        setting = play.text("setting")
        if setting not in ROLE_PLAY_SETTINGS:
            raise play.fail(
                f"'setting' is {setting!r}; expected one of {', '.join(ROLE_PLAY_SETTINGS)}."
            )
        plays.append(
            RolePlay(
                setting,
                play.text("title"),
                play.texts("roles", minimum=2),
                play.text("brief"),
                play.texts("observe"),
            )
        )
        play.done()
    settings = [p.setting for p in plays]
    for setting in ROLE_PLAY_SETTINGS:
        if setting not in settings:
            raise fields.fail(f"a [[role_play]] with setting = {setting!r} is required.")
    for setting in ROLE_PLAY_SETTINGS:
        if settings.count(setting) > 1:
            raise fields.fail(f"only one [[role_play]] may have setting = {setting!r}.")
    return Guide(session, objectives, tuple(parts), discussion, tuple(plays), debrief)


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
    scenarios: list[str] = []
    for position, raw in enumerate(raw_items, start=1):
        item = _item(_Fields(raw, f"{path}: item #{position}"))
        if item.item_id in seen_items:
            raise fields.fail(f"the item id {item.item_id!r} is used more than once.")
        seen_items.add(item.item_id)
        items.append(item)
        if raw.get("scenario"):
            scenarios.append(item.item_id)
    markdown = path.with_suffix(".md")
    _, text = _read(markdown)
    guide = _guide(path.parent.parent / "guides" / path.name)
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
        guide=guide,
        scenario_items=tuple(scenarios),
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
        year = fields.integer("year", minimum=1800, maximum=2100) if "year" in entry else None
        reading = Reading(
            id=fields.text("id"),
            authors=fields.texts("authors"),
            year=year,
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
        if reading.doi and not _DOI.match(reading.doi):
            raise fields.fail(
                f"'doi' is {reading.doi!r}; give the bare DOI, such as 10.1000/xyz123, "
                "or leave it out."
            )
        if any(r.id == reading.id for r in result):
            raise fields.fail(f"the id {reading.id!r} is used more than once.")
        result.append(reading)
    return tuple(result)


def _load(directory: Path) -> Course:
    course, refusals = inspect_course(directory)
    if refusals:
        raise CatalogueError(
            f"{directory / 'course.toml'}: the course cannot be published: "
            + " ".join(r.message for r in refusals)
        )
    return course


def _read_course(directory: Path) -> Course:
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
    if not declared.is_finite():
        raise fields.fail("'declared_hours' must be a number such as 2.5.")
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
    return course


# --- a course as JSON: how a published version is kept, and read back ------------------


def course_to_json(course: Course) -> dict[str, Any]:
    """The whole course as plain JSON values; ``course_from_json`` gives it back equal."""

    def plain(value: Any) -> Any:
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, frozenset):
            return sorted(value)
        if isinstance(value, tuple | list):
            return [plain(v) for v in value]
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        return value

    return cast(dict[str, Any], plain(dataclasses.asdict(course)))


def _item_from_json(raw: _Table) -> ItemVersion:
    return ItemVersion(
        item_id=raw["item_id"],
        version=raw["version"],
        kind=ItemKind(raw["kind"]),
        prompt=raw["prompt"],
        choices=tuple(Choice(c["key"], c["text"], c["feedback"]) for c in raw["choices"]),
        correct=frozenset(raw["correct"]),
    )


def _guide_from_json(raw: _Table | None) -> Guide | None:
    if raw is None:
        return None
    return Guide(
        session_minutes=raw["session_minutes"],
        objectives=tuple(raw["objectives"]),
        parts=tuple(GuidePart(p["activity"], p["minutes"], p["notes"]) for p in raw["parts"]),
        discussion=tuple(raw["discussion"]),
        role_plays=tuple(
            RolePlay(r["setting"], r["title"], tuple(r["roles"]), r["brief"], tuple(r["observe"]))
            for r in raw["role_plays"]
        ),
        debrief=tuple(raw["debrief"]),
    )


def _module_from_json(raw: _Table) -> Module:
    vignette = raw["vignette"]
    return Module(
        id=raw["id"],
        number=raw["number"],
        title=raw["title"],
        readings=tuple(raw["readings"]),
        objectives=tuple(raw["objectives"]),
        lessons=tuple(Lesson(x["title"], x["body"]) for x in raw["lessons"]),
        reflection=raw["reflection"],
        vignette=Vignette(vignette["title"], vignette["text"], tuple(vignette["questions"])),
        items=tuple(_item_from_json(i) for i in raw["items"]),
        guide=_guide_from_json(raw.get("guide")),
        scenario_items=tuple(raw.get("scenario_items", ())),
    )


def course_from_json(raw: _Table) -> Course:
    """The course kept by ``course_to_json``, as it was loaded."""
    try:
        return Course(
            id=raw["id"],
            version=raw["version"],
            title=raw["title"],
            provider=raw["provider"],
            format=raw["format"],
            declared_hours=Decimal(raw["declared_hours"]),
            video_minutes=raw["video_minutes"],
            pass_percent=raw["pass_percent"],
            attempts_allowed=raw["attempts_allowed"],
            modules=tuple(_module_from_json(m) for m in raw["modules"]),
            readings=tuple(
                Reading(
                    id=r["id"],
                    authors=tuple(r["authors"]),
                    year=r["year"],
                    title=r["title"],
                    venue=r["venue"],
                    stance=r["stance"],
                    annotation=r["annotation"],
                    doi=r["doi"],
                    url=r["url"],
                )
                for r in raw["readings"]
            ),
        )
    except (KeyError, TypeError, ValueError, ArithmeticError) as exc:
        raise CatalogueError(f"A kept course version is incomplete ({exc!r}).") from None
