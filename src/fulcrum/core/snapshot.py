"""A shared supervision snapshot as plain values: frozen, hashed, read back, and asked about.

A supervisee shares the report as it is now, never a live view: ``freeze`` turns the
``SupervisionReport`` (and the open serious concerns the supervisee chose to add) into
JSON-ready values and their SHA-256, ``thaw`` reads them back into the same frozen
dataclasses for the page to render, and ``agenda`` turns what was shared into questions
for the next supervision (never findings).
"""

from __future__ import annotations

import functools
import hashlib
import json
import types
import typing
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, is_dataclass, replace
from datetime import date, datetime
from typing import Any, Literal

from fulcrum.core.errors import InvalidInput
from fulcrum.core.report import SupervisionReport

__all__ = [
    "SNAPSHOT_VERSION",
    "AgendaItem",
    "ConcernItem",
    "Snapshot",
    "agenda",
    "agenda_items",
    "digest",
    "freeze",
    "freeze_agenda",
    "merge_agenda",
    "thaw",
    "thaw_agenda",
    "within_scope",
]

SNAPSHOT_VERSION = 1


@dataclass(frozen=True)
class ConcernItem:
    """An open serious concern the supervisee chose to share: the client's code and the
    signs in Fulcrum's own words, nothing the practitioner wrote."""

    code: str
    opened_at: datetime
    signs: tuple[str, ...]


@dataclass(frozen=True)
class Snapshot:
    """What one share holds: the report as it was and the concerns chosen with it."""

    report: SupervisionReport
    concerns: tuple[ConcernItem, ...] = ()


@dataclass(frozen=True)
class AgendaItem:
    """One question for the next supervision, and where in which share it comes from."""

    kind: Literal["warning", "voice", "concern"]
    code: str
    question: str
    at: datetime


def within_scope(report: SupervisionReport, scope: Iterable[str]) -> SupervisionReport:
    """``report`` with every part the link's scope leaves out taken away.

    Scope words: checkins (the sessions and their scores), warnings, maps, voice, notes,
    reflections, policies (concerns are added beside the report, not inside it).
    """
    allowed = set(scope)
    sections = tuple(
        replace(
            section,
            sessions=section.sessions if "checkins" in allowed else 0,
            trend=section.trend if "checkins" in allowed else (),
            warnings=section.warnings if "warnings" in allowed else (),
            map_start=section.map_start if "maps" in allowed else None,
            map_latest=section.map_latest if "maps" in allowed else None,
            voice_answers=section.voice_answers if "voice" in allowed else 0,
            voice=section.voice if "voice" in allowed else (),
            notes=section.notes if "notes" in allowed else (),
        )
        for section in report.clients
    )
    return replace(
        report,
        clients=sections,
        reflections=report.reflections if "reflections" in allowed else (),
        notes_included=report.notes_included if "notes" in allowed else (),
        policies=report.policies if "policies" in allowed else (),
    )


def _plain(value: object) -> object:
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


def freeze(snapshot: Snapshot) -> dict[str, object]:
    """``snapshot`` as JSON-ready values (dates as ISO 8601 text)."""
    return {"v": SNAPSHOT_VERSION, **typing.cast(dict[str, object], _plain(snapshot))}


def digest(values: Mapping[str, object]) -> str:
    """The SHA-256 of frozen values, over their one JSON spelling (sorted keys, no spaces)."""
    text = json.dumps(values, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    """A dataclass's field types, read once per class (reading them is not cheap)."""
    return typing.get_type_hints(cls)


def _read(hint: Any, value: object, where: str) -> object:
    origin = typing.get_origin(hint)
    if hint is Any:
        return value
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(hint)
        if value is None and type(None) in options:
            return None
        chosen = [o for o in options if o is not type(None)]
        return _read(chosen[0], value, where)
    if origin is Literal:
        if value not in typing.get_args(hint):
            raise InvalidInput(f"The snapshot holds an unknown value at {where}.")
        return value
    if origin is tuple:
        if not isinstance(value, list):
            raise InvalidInput(f"The snapshot holds no list at {where}.")
        inner = typing.get_args(hint)[0]
        return tuple(_read(inner, v, f"{where}[{i}]") for i, v in enumerate(value))
    if hint is datetime:
        return datetime.fromisoformat(str(value))
    if hint is date:
        return date.fromisoformat(str(value))
    if isinstance(hint, type) and is_dataclass(hint):
        if not isinstance(value, dict):
            raise InvalidInput(f"The snapshot holds no record at {where}.")
        hints = _hints(hint)
        known = {f.name for f in fields(hint)}
        return hint(
            **{
                name: _read(hints[name], item, f"{where}.{name}")
                for name, item in value.items()
                if name in known
            }
        )
    if hint is float and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if isinstance(hint, type) and not isinstance(value, hint):
        raise InvalidInput(f"The snapshot holds the wrong kind of value at {where}.")
    return value


def thaw(values: Mapping[str, object]) -> Snapshot:
    """The snapshot ``freeze`` made; InvalidInput for values it could not have made."""
    if values.get("v") != SNAPSHOT_VERSION:
        raise InvalidInput("The snapshot was made by a version of Fulcrum this one cannot read.")
    body = {k: v for k, v in values.items() if k != "v"}
    try:
        return typing.cast(Snapshot, _read(Snapshot, body, "snapshot"))
    except (TypeError, ValueError, KeyError) as exc:
        raise InvalidInput(f"The snapshot cannot be read: {exc}.") from None


def agenda_items(snapshot: Snapshot) -> tuple[AgendaItem, ...]:
    """The questions one snapshot raises, each once, in the order the snapshot holds them:
    warnings not yet taken to reflection, gaps in the client's voice, open serious concerns.

    A share keeps these beside its snapshot (``freeze_agenda``), so the supervisor's home
    gathers them without reading every snapshot again.
    """
    items: list[AgendaItem] = []
    for section in snapshot.report.clients:
        for w in section.warnings:
            if not w.acknowledged:
                items.append(
                    AgendaItem("warning", section.code, _as_question(w.question), w.detected_at)
                )
        for v in section.voice_gaps:
            items.append(AgendaItem("voice", section.code, _as_question(v.question), v.session_at))
    for concern in snapshot.concerns:
        signs = ", ".join(concern.signs) or "a serious sign"
        items.append(
            AgendaItem(
                "concern",
                concern.code,
                f"What has happened since {signs.lower()} was noted with {concern.code}, "
                "and who else could think it through with you?",
                concern.opened_at,
            )
        )
    return _once(items)


def _once(items: Iterable[AgendaItem]) -> tuple[AgendaItem, ...]:
    seen: set[tuple[str, str, str]] = set()
    kept: list[AgendaItem] = []
    for item in items:
        key = (item.kind, item.code, item.question)
        if key not in seen:
            seen.add(key)
            kept.append(item)
    return tuple(kept)


def merge_agenda(groups: Iterable[Iterable[AgendaItem]]) -> tuple[AgendaItem, ...]:
    """One agenda from the items of several shares (in the order given): each question
    asked once, where it first appears, newest first."""
    return tuple(
        sorted(_once(item for group in groups for item in group), key=lambda i: i.at, reverse=True)
    )


def agenda(snapshots: Iterable[Snapshot]) -> tuple[AgendaItem, ...]:
    """Questions for the next supervision from what was shared; each asked once, newest
    first (never findings)."""
    return merge_agenda(agenda_items(s) for s in snapshots)


def freeze_agenda(items: Iterable[AgendaItem]) -> list[object]:
    """Agenda items as JSON-ready values, as ``freeze`` writes a snapshot's."""
    return [_plain(item) for item in items]


def thaw_agenda(values: object) -> tuple[AgendaItem, ...]:
    """The items ``freeze_agenda`` made; InvalidInput for values it could not have made."""
    try:
        return typing.cast(tuple[AgendaItem, ...], _read(tuple[AgendaItem, ...], values, "agenda"))
    except (TypeError, ValueError, KeyError) as exc:
        raise InvalidInput(f"The agenda cannot be read: {exc}.") from None


def _as_question(text: str) -> str:
    """The detector's prompt as a question (its prompts already are; a statement gains one)."""
    text = text.strip()
    if not text or text.endswith("?"):
        return text or "What would be worth bringing to supervision here?"
    return f"{text.rstrip('.')} — what do you make of it?"
