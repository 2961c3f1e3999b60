"""A course written back out as the folder ``load_course`` reads: TOML and Markdown text
by path, so an educator can download the version the site serves — an adapted one
included — and adapt it again. Reading the files back gives an equal course
(``tests/test_writing_round_trip.py``).

Pure: the caller decides where the files go (a zip, a folder).
"""

from __future__ import annotations

from collections.abc import Iterable

from fulcrum.core.course.content import Course, Guide, Module, Reading
from fulcrum.core.course.scoring import ItemVersion

__all__ = ["course_files"]

_HEADER = """\
# The course on power, as data, written out from a published version. Each module is a
# pair of files in modules/: NN-slug.toml (objectives, reflection, vignette, quiz) and
# NN-slug.md (the lessons, one "## " heading each); each module has a facilitator's guide
# in guides/NN-slug.toml. Declared CE hours: publishing refuses more than 10% over what the
# content computes. Keep the id; the version published next is numbered after the served one.
"""


def course_files(course: Course) -> dict[str, str]:
    """Every file of ``course``'s folder, by its path inside the folder."""
    files = {
        "course.toml": _HEADER
        + _lines(
            [
                ("id", course.id),
                ("version", course.version),
                ("title", course.title),
                ("provider", course.provider),
                ("format", course.format),
                ("declared_hours", str(course.declared_hours)),
                ("video_minutes", course.video_minutes),
                ("pass_percent", course.pass_percent),
                ("attempts_allowed", course.attempts_allowed),
            ]
        ),
        "reading.toml": "".join(_reading(r) for r in course.readings),
    }
    for module in course.modules:
        stem = f"{module.number:02d}-{module.id}"
        files[f"modules/{stem}.toml"] = _module(module)
        files[f"modules/{stem}.md"] = "".join(
            f"## {lesson.title}\n\n{lesson.body}\n\n" for lesson in module.lessons
        )
        if module.guide is not None:
            files[f"guides/{stem}.toml"] = _guide(module.guide)
    return files


def _module(module: Module) -> str:
    text = _lines(
        [
            ("id", module.id),
            ("title", module.title),
            ("readings", list(module.readings)),
            ("objectives", list(module.objectives)),
        ]
    )
    text += "\n[reflection]\n" + _lines([("prompt", module.reflection)])
    text += "\n[vignette]\n" + _lines(
        [
            ("title", module.vignette.title),
            ("text", module.vignette.text),
            ("questions", list(module.vignette.questions)),
        ]
    )
    scenarios = set(module.scenario_items)
    for item in module.items:
        text += "\n[[items]]\n" + _item(item, scenario=item.item_id in scenarios)
    return text


def _item(item: ItemVersion, *, scenario: bool) -> str:
    pairs: list[tuple[str, object]] = [("id", item.item_id)]
    if item.version != 1:
        pairs.append(("version", item.version))
    pairs.append(("kind", item.kind.value))
    prompt = item.prompt
    if scenario:
        # The loader joins a scenario to its question with a blank line; split at the last
        # one, which gives the same joined prompt back.
        setting, _, question = prompt.rpartition("\n\n")
        if setting.strip() and question.strip():
            pairs.append(("scenario", setting))
            prompt = question
    pairs.append(("prompt", prompt))
    pairs.append(("correct", sorted(item.correct)))
    text = _lines(pairs)
    for choice in item.choices:
        text += "\n[[items.choices]]\n" + _lines(
            [("key", choice.key), ("text", choice.text), ("feedback", choice.feedback)]
        )
    return text


def _guide(guide: Guide) -> str:
    text = _lines(
        [
            ("session_minutes", guide.session_minutes),
            ("objectives", list(guide.objectives)),
            ("discussion", list(guide.discussion)),
            ("debrief", list(guide.debrief)),
        ]
    )
    for part in guide.parts:
        text += "\n[[part]]\n" + _lines(
            [("activity", part.activity), ("minutes", part.minutes), ("notes", part.notes)]
        )
    for play in guide.role_plays:
        text += "\n[[role_play]]\n" + _lines(
            [
                ("setting", play.setting),
                ("title", play.title),
                ("roles", list(play.roles)),
                ("brief", play.brief),
                ("observe", list(play.observe)),
            ]
        )
    return text


def _reading(reading: Reading) -> str:
    pairs: list[tuple[str, object]] = [
        ("id", reading.id),
        ("authors", list(reading.authors)),
    ]
    if reading.year is not None:
        pairs.append(("year", reading.year))
    pairs += [("title", reading.title), ("venue", reading.venue)]
    if reading.doi:
        pairs.append(("doi", reading.doi))
    if reading.url:
        pairs.append(("url", reading.url))
    pairs += [("stance", reading.stance), ("annotation", reading.annotation)]
    return "\n[[work]]\n" + _lines(pairs)


def _lines(pairs: Iterable[tuple[str, object]]) -> str:
    return "".join(f"{key} = {_value(value)}\n" for key, value in pairs)


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, list):
        if not value:
            return "[]"
        return "[\n" + "".join(f"  {_value(v)},\n" for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def _string(text: str) -> str:
    """A TOML basic string (multi-line where the text has line breaks or is long)."""
    if "\n" not in text and len(text) <= 90:
        return '"' + _escaped(text, multiline=False) + '"'
    # A newline straight after the opening quotes is dropped by TOML; the text's own line
    # breaks are kept as written, everything else that needs it is escaped.
    return '"""\n' + _escaped(text, multiline=True) + '"""'


def _escaped(text: str, *, multiline: bool) -> str:
    out: list[str] = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n" and multiline:
            out.append("\n")
        elif ord(ch) < 0x20 or ch == "\x7f":
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out)
