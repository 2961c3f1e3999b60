"""Bodywork consent in the moment: what a client agreed to for one session.

Per session the practitioner notes the areas the client asked to have worked, the
areas to avoid, the pressure, whether positioning and draping were agreed, any
withdrawal of consent during the session, and afterwards the areas actually worked.
Work recorded in an area the client declined is an over-use sign: a prompt to look
again, never a finding about what happened.

Pure: agreements come in as values, time comes in as ``now``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from fulcrum.core.policies.enforcement import PolicySignal

__all__ = [
    "AREAS",
    "AREA_LABELS",
    "PRESSURE_LABELS",
    "RULE_DECLINED_AREA",
    "SessionAgreement",
    "declined_areas_worked",
    "detect_declined_area_work",
]

AREA_LABELS: dict[str, str] = {
    "head": "Head and scalp",
    "face": "Face",
    "neck": "Neck",
    "shoulders": "Shoulders",
    "upper_back": "Upper back",
    "lower_back": "Lower back",
    "arms": "Arms",
    "hands": "Hands",
    "chest": "Chest",
    "abdomen": "Abdomen",
    "glutes": "Glutes",
    "hips": "Hips",
    "thighs": "Thighs",
    "inner_thighs": "Inner thighs",
    "lower_legs": "Lower legs",
    "feet": "Feet",
}
AREAS: tuple[str, ...] = tuple(AREA_LABELS)

PRESSURE_LABELS: dict[str, str] = {
    "light": "Light",
    "medium": "Medium",
    "firm": "Firm",
    "varied": "Varied, checked as we went",
}

RULE_DECLINED_AREA = "bodywork_declined_area"
QUESTION = (
    "What happened between the client's 'please avoid' and the work that followed, and "
    "how will you check in with them about it?"
)


@dataclass(frozen=True)
class SessionAgreement:
    """One session's agreement as the rule reads it."""

    session_id: str
    at: datetime
    avoid: frozenset[str]
    worked: frozenset[str]


def declined_areas_worked(avoid: Iterable[str], worked: Iterable[str]) -> tuple[str, ...]:
    """The areas worked that the client asked to avoid, in the areas' order."""
    declined = set(avoid) & set(worked)
    return tuple(a for a in AREAS if a in declined) + tuple(sorted(declined - set(AREAS)))


def _label(area: str) -> str:
    return AREA_LABELS.get(area, area).lower()


def detect_declined_area_work(
    agreements: Iterable[SessionAgreement], *, now: datetime, stale_after_days: int = 180
) -> PolicySignal | None:
    """One over-use warning naming every session that worked a declined area, if any."""
    rows = sorted(agreements, key=lambda a: (a.at, a.session_id))
    hits = [(a, declined_areas_worked(a.avoid, a.worked)) for a in rows]
    hits = [(a, areas) for a, areas in hits if areas]
    if not hits or hits[-1][0].at < now - timedelta(days=stale_after_days):
        return None
    named = "; ".join(
        f"{a.at.day} {a.at:%b %Y} ({', '.join(_label(x) for x in areas)})" for a, areas in hits
    )
    sessions = "one session" if len(hits) == 1 else f"{len(hits)} sessions"
    return PolicySignal(
        direction="over",
        rule=RULE_DECLINED_AREA,
        policy_kind="touch",
        title="Work recorded in an area the client asked to avoid",
        explanation=(
            f"In {sessions}, the areas worked include one the client asked to avoid: "
            f"{named}. Touch the client has declined goes beyond their consent, even when it "
            "was brief or meant well. It is a prompt to look again, not a judgement."
        ),
        question=QUESTION,
        event_ids=tuple(a.session_id for a, _ in hits),
        session_ids=tuple(a.session_id for a, _ in hits),
        first_at=hits[0][0].at,
        detected_at=hits[-1][0].at,
        indicator_ids=("consent_not_obtained",),
    )
