"""The safe-harbour exercise: four pillars, five actions each, and how often they're lived.

A client needs trust, safety, accountability and respect (DOMAIN §7.2). The practitioner
names five concrete actions for each, practises them, and notices which ones never make
it into a session. Everything here is pure: plans and practice come in as plain values.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, TypeAlias

from fulcrum.core.errors import InvalidInput

__all__ = [
    "ACTIONS_PER_PILLAR",
    "PILLARS",
    "PILLAR_IDS",
    "ActionChange",
    "ActionCoverage",
    "Coverage",
    "Pillar",
    "PlanAction",
    "Practice",
    "compute_coverage",
    "diff_plans",
    "pillar",
]

ACTIONS_PER_PILLAR = 5
# Practised in fewer than this share of sessions (but at least once) counts as rarely.
RARELY_BELOW = 0.2


@dataclass(frozen=True)
class Pillar:
    """One of the four things a client needs; examples are hints, not a checklist."""

    id: str
    label: str
    question: str
    talk_examples: tuple[str, ...]
    body_examples: tuple[str, ...]


PILLARS: tuple[Pillar, ...] = (
    Pillar(
        id="trust",
        label="Trust",
        question="What do I do, reliably, that lets a client rely on me?",
        talk_examples=(
            "Start and end on time, every time.",
            "Say at the start what today's session will and won't cover.",
            "Follow up on something the client mentioned last week.",
        ),
        body_examples=(
            "Describe what I'm about to do before my hands move.",
            "Keep the same draping routine so nothing is a surprise.",
            "Tell the client how long each area will take.",
        ),
    ),
    Pillar(
        id="safety",
        label="Safety",
        question="What do I do so a client can stop, slow down or say no at any moment?",
        talk_examples=(
            "Agree a way to pause when something feels too much.",
            "Check in before moving towards a painful subject.",
            "Leave time at the end to settle before the client goes back out.",
        ),
        body_examples=(
            "Offer a choice of starting position.",
            "Agree a word or signal that stops the work straight away.",
            "Ask about pressure in the first minute and again later.",
        ),
    ),
    Pillar(
        id="accountability",
        label="Accountability",
        question="What do I do that shows I hold myself answerable for my part?",
        talk_examples=(
            "Name it when I've made a mistake and say what I'll do differently.",
            "Hand out my written practice policies and go through them.",
            "Take a session that troubled me to supervision.",
        ),
        body_examples=(
            "Explain my scope of practice and refer on when it's beyond it.",
            "Keep brief notes of consent given and changes agreed.",
            "Apply my cancellation policy the same way for every client.",
        ),
    ),
    Pillar(
        id="respect",
        label="Respect",
        question="What do I do that tells a client their view, body and time matter?",
        talk_examples=(
            "Ask what the client makes of something before offering my view.",
            "Use the client's own words for their experience.",
            "Keep my own stories out unless they clearly serve the client.",
        ),
        body_examples=(
            "Leave the room while the client undresses and dresses.",
            "Ask before working near sensitive areas, every session.",
            "Keep conversation to what the client wants, including silence.",
        ),
    ),
)
PILLAR_IDS: tuple[str, ...] = tuple(p.id for p in PILLARS)

PillarId: TypeAlias = str


def pillar(id: str) -> Pillar:
    """Return the pillar with this id; raise InvalidInput if there is none."""
    for p in PILLARS:
        if p.id == id:
            return p
    raise InvalidInput(f"There is no safe-harbour pillar called {id!r}.")


@dataclass(frozen=True)
class PlanAction:
    """One action of a plan version; ``key`` stays the same while its wording does."""

    key: str
    pillar: PillarId
    position: int
    text: str


@dataclass(frozen=True)
class ActionChange:
    """What happened to one slot (pillar, position) between two plan versions."""

    pillar: PillarId
    position: int
    kind: Literal["added", "removed", "changed"]
    before: str
    after: str


def diff_plans(
    before: Iterable[PlanAction], after: Iterable[PlanAction]
) -> tuple[ActionChange, ...]:
    """List what changed, slot by slot, in pillar order then position."""
    old = {(a.pillar, a.position): a.text for a in before}
    new = {(a.pillar, a.position): a.text for a in after}
    changes: list[ActionChange] = []
    for slot in sorted(old.keys() | new.keys(), key=_slot_order):
        was, now = old.get(slot, ""), new.get(slot, "")
        if was == now:
            continue
        kind: Literal["added", "removed", "changed"] = (
            "added" if not was else "removed" if not now else "changed"
        )
        changes.append(ActionChange(slot[0], slot[1], kind, was, now))
    return tuple(changes)


def _slot_order(slot: tuple[str, int]) -> tuple[int, int]:
    p, position = slot
    return (PILLAR_IDS.index(p) if p in PILLAR_IDS else len(PILLAR_IDS), position)


def same_wording(a: str, b: str) -> bool:
    """Whether two action texts say the same thing (case and spacing aside)."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


# --- coverage --------------------------------------------------------------------------


@dataclass(frozen=True)
class Practice:
    """One action (by key) practised in one session of one client."""

    action_key: str
    session_id: str
    client_id: str
    at: datetime


@dataclass(frozen=True)
class ActionCoverage:
    """How often one action of the current plan made it into sessions."""

    action: PlanAction
    times: int
    sessions: int
    last_at: datetime | None
    status: Literal["never", "rarely", "regularly"]

    @property
    def share(self) -> float:
        return self.times / self.sessions if self.sessions else 0.0

    @property
    def frequency(self) -> str:
        """How often, over how many sessions: "in 3 of the last 8 sessions".

        Said as counts rather than "regularly", which one session cannot show.
        """
        if self.sessions == 0:
            return "no sessions yet"
        if self.sessions == 1:
            return "in the one session so far" if self.times else "not in the one session so far"
        if self.times == 0:
            return f"in none of the last {self.sessions} sessions"
        return f"in {self.times} of the last {self.sessions} sessions"


@dataclass(frozen=True)
class Coverage:
    """Coverage of a plan over a set of sessions (one client's, or all of them)."""

    sessions: int
    actions: tuple[ActionCoverage, ...]

    @property
    def never(self) -> tuple[ActionCoverage, ...]:
        return tuple(a for a in self.actions if a.status == "never")

    @property
    def rarely(self) -> tuple[ActionCoverage, ...]:
        return tuple(a for a in self.actions if a.status == "rarely")

    def by_pillar(self) -> tuple[tuple[Pillar, tuple[ActionCoverage, ...]], ...]:
        return tuple(
            (p, tuple(a for a in self.actions if a.action.pillar == p.id)) for p in PILLARS
        )


def compute_coverage(
    actions: Sequence[PlanAction],
    practices: Iterable[Practice],
    *,
    sessions: Iterable[str],
    client_id: str | None = None,
    rarely_below: float = RARELY_BELOW,
) -> Coverage:
    """How often each action was practised across ``sessions`` (ids), for one client or all.

    Practices of actions not in ``actions`` (retired wording) and of sessions outside
    ``sessions`` are ignored; an action counts once per session.
    """
    if not 0 < rarely_below <= 1:
        raise InvalidInput("The 'rarely' threshold is a share between 0 and 1.")
    session_ids = set(sessions)
    keys = {a.key for a in actions}
    seen: set[tuple[str, str]] = set()
    times: Counter[str] = Counter()
    last: dict[str, datetime] = {}
    for p in practices:
        if p.action_key not in keys or p.session_id not in session_ids:
            continue
        if client_id is not None and p.client_id != client_id:
            continue
        if (p.action_key, p.session_id) in seen:
            continue
        seen.add((p.action_key, p.session_id))
        times[p.action_key] += 1
        if p.action_key not in last or p.at > last[p.action_key]:
            last[p.action_key] = p.at
    return coverage_from_counts(actions, len(session_ids), times, last, rarely_below=rarely_below)


def coverage_from_counts(
    actions: Sequence[PlanAction],
    sessions: int,
    times: Mapping[str, int],
    last: Mapping[str, datetime],
    *,
    rarely_below: float = RARELY_BELOW,
) -> Coverage:
    """Coverage from counts already made: ``times[key]`` distinct sessions of ``sessions``
    in which the action was practised, ``last[key]`` the latest of them.

    What :func:`compute_coverage` returns once it has counted; a database that counts
    for itself hands its figures here.
    """
    if not 0 < rarely_below <= 1:
        raise InvalidInput("The 'rarely' threshold is a share between 0 and 1.")
    ordered = sorted(actions, key=lambda a: _slot_order((a.pillar, a.position)))
    return Coverage(
        sessions=sessions,
        actions=tuple(
            ActionCoverage(
                action=a,
                times=times.get(a.key, 0),
                sessions=sessions,
                last_at=last.get(a.key),
                status=_status(times.get(a.key, 0), sessions, rarely_below),
            )
            for a in ordered
        ),
    )


def _status(
    times: int, sessions: int, rarely_below: float
) -> Literal["never", "rarely", "regularly"]:
    if times == 0:
        return "never"
    return "rarely" if times / sessions < rarely_below else "regularly"
