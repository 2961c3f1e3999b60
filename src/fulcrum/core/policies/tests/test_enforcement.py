"""The waiver rule on synthetic timelines: a run of waivers and enforcing unagreed words."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from fulcrum.core.policies.bodywork import (
    SessionAgreement,
    declined_areas_worked,
    detect_declined_area_work,
)
from fulcrum.core.policies.enforcement import (
    RULE_UNAGREED,
    RULE_WAIVERS,
    EnforcementParams,
    EnforcementPoint,
    PolicySignal,
    detect_policy_signals,
    waiver_rates,
)

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)


def timeline(
    actions: str, *, kind: str = "cancellation", agreed: bool = True, start: int = 0
) -> list[EnforcementPoint]:
    """One record a week, oldest first: W waived, E enforced, D deferred, T talked through."""
    names = {"W": "waived", "E": "enforced", "D": "deferred", "T": "discussed"}
    return [
        EnforcementPoint(
            event_id=f"{kind}-{start + i}",
            at=NOW - timedelta(weeks=len(actions) - i),
            policy_kind=kind,
            version_number=1,
            occasion="late_cancellation",
            action=names[a],
            agreed=agreed,
            session_id=str(100 + start + i),
        )
        for i, a in enumerate(actions)
    ]


def under(points: list[EnforcementPoint]) -> list[PolicySignal]:
    return [s for s in detect_policy_signals(points, now=NOW) if s.rule == RULE_WAIVERS]


def test_it_flags_four_of_five_waived() -> None:
    points = timeline("WWEWW")
    [signal] = under(points)
    assert signal.direction == "under"
    assert signal.title.endswith("waived 4 of the last 5 times")
    waived = [p.event_id for p in points if p.action == "waived"]
    assert signal.event_ids == tuple(waived)
    assert signal.session_ids == tuple(p.session_id for p in points if p.action == "waived")
    assert "not a judgement" in signal.explanation


def test_it_does_not_flag_one_of_five_waived() -> None:
    assert under(timeline("EWEEE")) == []


@pytest.mark.parametrize(
    ("actions", "flagged"),
    [
        ("WWW", True),  # three of three
        ("WWEEE", False),  # two of the last five
        ("WWWEEEEE", False),  # the waivers are older than the last five
        ("EEEEEWDWTW", True),  # three of the last five
        ("WW", False),
    ],
)
def test_it_reads_only_the_last_five(actions: str, flagged: bool) -> None:
    assert bool(under(timeline(actions))) is flagged


def test_each_policy_is_read_on_its_own() -> None:
    points = timeline("WWEEE", kind="cancellation") + timeline("WEE", kind="payment", start=10)
    assert under(points) == []
    points = timeline("WWW", kind="payment", start=10) + timeline("EEEEE")
    [signal] = under(points)
    assert signal.policy_kind == "payment"


def test_the_threshold_is_a_parameter() -> None:
    params = EnforcementParams(window=5, waivers=4)
    assert detect_policy_signals(timeline("WWWEE"), now=NOW, params=params) == ()


def test_an_old_run_is_dropped() -> None:
    points = timeline("WWWW")
    later = NOW + timedelta(days=400)
    assert detect_policy_signals(points, now=later) == ()


def test_enforcing_an_unagreed_version_is_over_use() -> None:
    points = timeline("EW", agreed=False)
    signals = detect_policy_signals(points, now=NOW)
    [over] = [s for s in signals if s.rule == RULE_UNAGREED]
    assert over.direction == "over"
    assert over.event_ids == (points[0].event_id,)
    assert "had not agreed" in over.title


def test_enforcing_an_agreed_version_is_not() -> None:
    assert [
        s for s in detect_policy_signals(timeline("EEE"), now=NOW) if s.direction == "over"
    ] == []


def test_waiver_rates_per_policy() -> None:
    points = timeline("WWEE") + timeline("WEEEE", kind="payment", start=10)
    rates = {r.policy_kind: (r.records, r.waived, r.percent) for r in waiver_rates(points)}
    assert rates == {"cancellation": (4, 2, 50), "payment": (5, 1, 20)}


def test_work_in_a_declined_area_is_named() -> None:
    agreements = [
        SessionAgreement(
            "1", NOW - timedelta(weeks=2), frozenset({"abdomen"}), frozenset({"neck"})
        ),
        SessionAgreement(
            "2",
            NOW - timedelta(weeks=1),
            frozenset({"abdomen", "feet"}),
            frozenset({"feet", "neck"}),
        ),
    ]
    signal = detect_declined_area_work(agreements, now=NOW)
    assert signal is not None
    assert signal.direction == "over"
    assert signal.session_ids == ("2",)
    assert "feet" in signal.explanation
    assert declined_areas_worked({"neck"}, {"feet"}) == ()
    assert detect_declined_area_work(agreements[:1], now=NOW) is None
