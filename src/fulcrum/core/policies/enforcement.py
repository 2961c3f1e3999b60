"""What a practitioner did each time a policy applied, and the patterns worth a look.

Each enforcement record says which policy applied, on what occasion (a late
cancellation, a missed payment, the client's lateness, a contact between sessions,
something else), and what the practitioner did: enforced it, waived it, deferred it or
talked it through. Two readings come out of a client's records, each a prompt for
reflection and never a finding:

- **under-use**: ``waivers`` or more of the last ``window`` records of one policy were
  waivers (3 of the last 5 by default). The warning names those records.
- **over-use**: a policy was enforced on a version the client had not agreed to. The
  warning names every such record.

Pure: records come in as values, time comes in as ``now``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from fulcrum.core.policies.starters import KIND_LABELS, KINDS

__all__ = [
    "ACTIONS",
    "ACTION_LABELS",
    "OCCASIONS",
    "OCCASION_LABELS",
    "OCCASION_POLICY",
    "EnforcementParams",
    "EnforcementPoint",
    "PolicySignal",
    "WaiverRate",
    "detect_policy_signals",
    "waiver_rates",
]

Direction = Literal["over", "under"]

OCCASION_LABELS: dict[str, str] = {
    "late_cancellation": "A late cancellation or a missed session",
    "missed_payment": "A missed or late payment",
    "client_lateness": "The client arrived late",
    "contact": "Contact between sessions",
    "other": "Something else the policy covers",
}
OCCASIONS: tuple[str, ...] = tuple(OCCASION_LABELS)
# The policy an occasion usually falls under; the practitioner can choose another.
OCCASION_POLICY: dict[str, str] = {
    "late_cancellation": "cancellation",
    "missed_payment": "payment",
    "client_lateness": "lateness",
    "contact": "contact",
    "other": "other",
}
ACTION_LABELS: dict[str, str] = {
    "enforced": "Enforced it",
    "waived": "Waived it",
    "deferred": "Deferred it",
    "discussed": "Talked it through",
}
ACTIONS: tuple[str, ...] = tuple(ACTION_LABELS)

RULE_WAIVERS = "policy_waivers"
RULE_UNAGREED = "policy_unagreed"

UNDER_QUESTION = (
    "What made holding this policy hard with this client, and what would you need to "
    "hold it kindly next time, or to change the policy itself?"
)
OVER_QUESTION = (
    "How will you go over this version with the client, so that what you hold them to "
    "is something they have agreed to?"
)


@dataclass(frozen=True)
class EnforcementPoint:
    """One enforcement record as the rule reads it."""

    event_id: str
    at: datetime  # when the occasion happened
    policy_kind: str
    version_number: int
    occasion: str
    action: str
    agreed: bool  # the client stood agreed to the version in force at the time
    session_id: str | None = None


@dataclass(frozen=True)
class EnforcementParams:
    """The rule's tunables."""

    # The last this many records of one policy for one client are read together.
    window: int = 5
    # This many waivers among them raise an under-use warning.
    waivers: int = 3
    # A warning whose newest record is older than this before ``now`` is dropped.
    stale_after_days: int = 180


@dataclass(frozen=True)
class WaiverRate:
    """How often one policy was waived for one client."""

    policy_kind: str
    records: int
    waived: int

    @property
    def label(self) -> str:
        return KIND_LABELS.get(self.policy_kind, self.policy_kind)

    @property
    def rate(self) -> float:
        return self.waived / self.records if self.records else 0.0

    @property
    def percent(self) -> int:
        return round(self.rate * 100)


@dataclass(frozen=True)
class PolicySignal:
    """A pattern in one client's records worth taking to reflection or supervision.

    ``rule`` and ``policy_kind`` say what it is; ``event_ids`` name the records behind
    it, ``session_ids`` the sessions some of them were tied to.
    """

    direction: Direction
    rule: str
    policy_kind: str
    title: str
    explanation: str
    question: str
    event_ids: tuple[str, ...]
    session_ids: tuple[str, ...]
    first_at: datetime
    detected_at: datetime
    indicator_ids: tuple[str, ...] = ()


def _by_kind(points: Iterable[EnforcementPoint]) -> dict[str, list[EnforcementPoint]]:
    grouped: dict[str, list[EnforcementPoint]] = {}
    for point in sorted(points, key=lambda p: p.at):  # stable: ties keep their order
        grouped.setdefault(point.policy_kind, []).append(point)
    order = {kind: i for i, kind in enumerate(KINDS)}
    return dict(sorted(grouped.items(), key=lambda item: (order.get(item[0], len(order)), item[0])))


def waiver_rates(points: Iterable[EnforcementPoint]) -> tuple[WaiverRate, ...]:
    """The waiver rate of every policy that has records, in the kinds' order."""
    return tuple(
        WaiverRate(kind, len(rows), sum(p.action == "waived" for p in rows))
        for kind, rows in _by_kind(points).items()
    )


def _day(at: datetime) -> str:
    return f"{at.day} {at:%b %Y}"


def _names(points: Sequence[EnforcementPoint]) -> str:
    return "; ".join(
        f"{_day(p.at)} ({OCCASION_LABELS.get(p.occasion, p.occasion).lower()})" for p in points
    )


def _sessions(points: Sequence[EnforcementPoint]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(p.session_id for p in points if p.session_id))


def detect_policy_signals(
    points: Iterable[EnforcementPoint],
    *,
    now: datetime,
    params: EnforcementParams | None = None,
) -> tuple[PolicySignal, ...]:
    """The under-use and over-use warnings one client's records hold now."""
    params = params or EnforcementParams()
    stale = now - timedelta(days=params.stale_after_days)
    found: list[PolicySignal] = []
    for kind, rows in _by_kind(points).items():
        label = KIND_LABELS.get(kind, kind)
        recent = rows[-params.window :]
        waived = [p for p in recent if p.action == "waived"]
        if len(waived) >= params.waivers and waived[-1].at >= stale:
            found.append(
                PolicySignal(
                    direction="under",
                    rule=RULE_WAIVERS,
                    policy_kind=kind,
                    title=f"{label}: waived {len(waived)} of the last {len(recent)} times",
                    explanation=(
                        f"Of the last {len(recent)} times this policy applied, it was waived "
                        f"{len(waived)} times: {_names(waived)}. Waiving can be the kind thing "
                        "to do; a run of waivers can also be a policy that has quietly stopped "
                        "holding. This is a prompt to look at it with fresh eyes, not a "
                        "judgement."
                    ),
                    question=UNDER_QUESTION,
                    event_ids=tuple(p.event_id for p in waived),
                    session_ids=_sessions(waived),
                    first_at=waived[0].at,
                    detected_at=waived[-1].at,
                    indicator_ids=("policy_not_enforced",),
                )
            )
        unagreed = [p for p in rows if p.action == "enforced" and not p.agreed]
        if unagreed and unagreed[-1].at >= stale:
            versions = ", ".join(
                str(n) for n in sorted(dict.fromkeys(p.version_number for p in unagreed))
            )
            times = "once" if len(unagreed) == 1 else f"{len(unagreed)} times"
            found.append(
                PolicySignal(
                    direction="over",
                    rule=RULE_UNAGREED,
                    policy_kind=kind,
                    title=f"{label}: enforced on a version the client had not agreed to",
                    explanation=(
                        f"This policy was enforced {times} while the client had not agreed "
                        f"to the version in force (version {versions}): {_names(unagreed)}. "
                        "Holding a client to words they have not agreed to uses the role's "
                        "power beyond their informed consent. It is a prompt to look again, "
                        "not a judgement."
                    ),
                    question=OVER_QUESTION,
                    event_ids=tuple(p.event_id for p in unagreed),
                    session_ids=_sessions(unagreed),
                    first_at=unagreed[0].at,
                    detected_at=unagreed[-1].at,
                    indicator_ids=("consent_not_obtained",),
                )
            )
    return tuple(found)
