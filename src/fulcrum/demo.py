"""The demo workspace: an invented caseload to explore Fulcrum with.

Everything is built through the services, exactly as a practitioner's own records
would be, and generated deterministically from a seed so the demo looks the same each
time. Every client, code and note is fictional. Two clients carry a clear drift (one
toward over-use, one toward under-use) so a newcomer sees warnings straight away.
"""

from __future__ import annotations

import importlib
import random
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection, transaction

from fulcrum.accounts.models import User
from fulcrum.accounts.services import sign_up
from fulcrum.checkins.services import CheckInData, record_checkin
from fulcrum.clients.models import Client
from fulcrum.clients.services import create_client
from fulcrum.ledger.models import Checkpoint, Entry, Stream
from fulcrum.policies.models import (
    ConsentEvent,
    ConsentLink,
    EnforcementRecord,
    Policy,
    PolicyVersion,
    ReconsentMark,
)
from fulcrum.powermaps.services import record_power_map
from fulcrum.practice_demo import load_practice_demo
from fulcrum.supervision.demo import DEMO_SUPERVISOR_USERNAME, load_supervision_demo
from fulcrum.transcripts.demo import load_demo_transcript

__all__ = [
    "DEMO_PASSWORD",
    "DEMO_SUPERVISOR_USERNAME",
    "DEMO_USERNAME",
    "DEMO_USERNAMES",
    "load_demo",
    "remove_demo",
]

DEMO_USERNAME = "demo"
DEMO_PASSWORD = "fulcrum-demo"  # noqa: S105 - a published login for a local, invented workspace
# The demo practitioner's supervisor signs in with the same published password.
DEMO_USERNAMES = (DEMO_USERNAME, DEMO_SUPERVISOR_USERNAME)

Ratings = Mapping[str, Mapping[str, int]]
# Builds one session's answers: (random source, position 0..n-1, number of sessions).
# How many of the latest sessions carry a drifting client's change.
DRIFT_SESSIONS = 6
SessionMaker = Callable[[random.Random, int, int], dict[str, object]]


@dataclass(frozen=True)
class DemoClient:
    code: str
    alias: str
    modality: str
    ratings: Ratings
    amplifiers: tuple[str, ...] = ()
    counter_factors: tuple[str, ...] = ()
    note: str = ""
    sessions: tuple[int, int] = (10, 40)
    style: str = "steady"
    # A later re-assessment, to give the map a history.
    reassessed: Ratings | None = None


def _steady(rng: random.Random, i: int, n: int, *, bodywork: bool) -> dict[str, object]:
    """An ordinary session: mostly skilful, the odd small slip."""
    indicators: set[str] = set()
    roll = rng.random()
    choices = "yes" if roll < 0.72 else "not_applicable" if roll < 0.95 else "no"
    if rng.random() < 0.55:
        indicators.add("consent_checked")
    if rng.random() < 0.45:
        indicators.add("clear_guidance")
    if rng.random() < 0.25:
        indicators.add("respect_modelled")
    if bodywork and rng.random() < 0.6:
        indicators.add("secure_draping")
    if rng.random() < 0.08:
        indicators.add("session_not_redirected")
    if rng.random() < 0.05:
        indicators.add("role_overidentification")
    disclosure = rng.random() < 0.12
    return {
        "indicators": frozenset(indicators),
        "choices_offered": choices,
        "choices_count": rng.randint(1, 3) if choices == "yes" else None,
        "disclosure": disclosure,
        "disclosure_served": rng.choice(["client", "client", "unsure"]) if disclosure else "",
        "disclosure_followed": ("own_work", "closer", "own_work", "unsure")[i % 4]
        if disclosure
        else "",
        "started_on_time": rng.random() > 0.05,
        "ended_on_time": rng.random() > 0.07,
        "client_signals_noticed": rng.random() < 0.6,
        "practitioner_state": frozenset({"tired"}) if rng.random() < 0.1 else frozenset(),
    }


def _drifting_over(rng: random.Random, i: int, n: int) -> dict[str, object]:
    """Skilful early on; in the last sessions no choices, self-serving stories, late starts."""
    back = n - 1 - i  # 0 for the latest session
    if back >= DRIFT_SESSIONS:
        return _steady(rng, i, n, bodywork=True)
    # The signs arrive one after another and then stay, as a habit does.
    disclosure = back < DRIFT_SESSIONS - 1
    indicators = {"role_overidentification"} if back < 4 else set()
    if back in (1, 3):
        indicators.add("careless_draping")
    return {
        "indicators": frozenset(indicators),
        "choices_offered": "no",
        "disclosure": disclosure,
        "disclosure_served": "practitioner" if disclosure else "",
        "disclosure_note": "Talked about my own injuries and my move." if disclosure else "",
        "disclosure_followed": "turned_to_me" if disclosure else "",
        "started_on_time": back >= DRIFT_SESSIONS - 2,
        "ended_on_time": back % 2 == 1,
        "client_signals_noticed": False,
        "practitioner_state": frozenset({"stressed", "personal_needs"}),
        "note": "Busy week; ran behind all day." if back in (0, 3) else "",
    }


def _drifting_under(rng: random.Random, i: int, n: int) -> dict[str, object]:
    """Clear structure early on; lately policies slide and it feels like a friendship."""
    back = n - 1 - i
    if back >= DRIFT_SESSIONS:
        return _steady(rng, i, n, bodywork=False)
    indicators = {"policy_not_enforced"}
    if back < DRIFT_SESSIONS - 1:
        indicators.add("friendship_drift")
    if back < 4:
        indicators.add("behaviour_not_addressed")
    if back in (0, 2):
        indicators.add("guidance_withheld")
    return {
        "indicators": frozenset(indicators),
        "choices_offered": "not_applicable",
        "disclosure": back < 3,
        "disclosure_served": "both",
        "disclosure_followed": "closer" if back else "turned_to_me",
        "started_on_time": True,
        "ended_on_time": back % 2 == 0,
        "client_signals_noticed": back >= 4,
        "practitioner_state": frozenset({"tired"}),
        "note": "Late cancellation again; didn't charge." if back in (1, 4) else "",
    }


CLIENTS: tuple[DemoClient, ...] = (
    DemoClient(
        code="T-101",
        alias="The executive",
        modality=Client.Modality.TALK,
        ratings={
            "practitioner": {"legitimate": 3, "expert": 3, "referent": 1, "reward": 1},
            "client": {"legitimate": 4, "coercive": 3, "reward": 4, "personal": 3, "expert": 2},
            "third_party": {"coercive": 2},
        },
        counter_factors=(
            "client_wealth",
            "client_professional_status",
            "client_legal_leverage",
        ),
        amplifiers=("client_pays", "private_disclosure_asked"),
        note="Runs a large firm; has mentioned the company's lawyers twice when unhappy.",
        reassessed={
            "practitioner": {"legitimate": 3, "expert": 3, "referent": 1, "reward": 1},
            "client": {"legitimate": 4, "coercive": 4, "reward": 4, "personal": 3, "expert": 2},
            "third_party": {"coercive": 3},
        },
    ),
    DemoClient(
        code="T-102",
        alias="Arrived in crisis",
        modality=Client.Modality.TALK,
        ratings={
            "practitioner": {"legitimate": 3, "expert": 3, "reward": 3, "referent": 3},
            "client": {"reward": 1, "personal": 1},
        },
        amplifiers=(
            "client_in_crisis",
            "client_brings_needs",
            "private_disclosure_asked",
            "practitioner_premises",
        ),
        note="First sessions after a sudden loss; very reliant on my direction for now.",
        reassessed={
            "practitioner": {"legitimate": 3, "expert": 3, "reward": 2, "referent": 2},
            "client": {"reward": 2, "personal": 2},
        },
    ),
    DemoClient(
        code="B-201",
        alias="Table work, weekly",
        modality=Client.Modality.BODYWORK,
        ratings={
            "practitioner": {"legitimate": 3, "expert": 3, "personal": 2, "reward": 2},
            "client": {"reward": 2},
        },
        amplifiers=(
            "client_lying_down",
            "client_unclothed",
            "client_brings_needs",
            "client_pays",
            "practitioner_premises",
            "private_disclosure_asked",
        ),
        note="Every amplifier in the room applies; consent and draping need care each time.",
    ),
    DemoClient(
        code="B-202",
        alias="Drifting toward over-use",
        modality=Client.Modality.BODYWORK,
        ratings={
            "practitioner": {"legitimate": 3, "expert": 4, "referent": 3, "personal": 2},
            "client": {"reward": 2, "personal": 1},
        },
        amplifiers=("client_lying_down", "client_unclothed", "client_pays"),
        note="Long-standing client who admires my work.",
        sessions=(24, 32),
        style="over",
    ),
    DemoClient(
        code="T-103",
        alias="Drifting toward friendship",
        modality=Client.Modality.TALK,
        ratings={
            "practitioner": {"legitimate": 3, "expert": 3, "reward": 2},
            "client": {"referent": 2, "personal": 3, "reward": 2},
        },
        amplifiers=("client_pays", "client_brings_needs"),
        note="Warm and funny; we have a lot in common.",
        sessions=(22, 30),
        style="under",
    ),
    DemoClient(
        code="T-104",
        alias="Fellow clinician",
        modality=Client.Modality.TALK,
        ratings={
            "practitioner": {"legitimate": 3, "expert": 3},
            "client": {"expert": 3, "legitimate": 2, "coercive": 1},
        },
        counter_factors=("client_education", "client_professional_status"),
        amplifiers=("client_pays",),
        note="A psychiatrist in the same city; knows my colleagues and the board.",
    ),
    DemoClient(
        code="T-105",
        alias="Custody dispute",
        modality=Client.Modality.TALK,
        ratings={
            "practitioner": {"legitimate": 3, "expert": 3, "coercive": 1},
            "client": {"coercive": 2, "personal": 2},
            "third_party": {"legitimate": 4, "coercive": 3},
        },
        counter_factors=("client_threats", "client_complaint_history"),
        amplifiers=("private_disclosure_asked",),
        note="Court-ordered; the other parent's lawyer may ask for my notes.",
    ),
    DemoClient(
        code="B-203",
        alias="Sports massage",
        modality=Client.Modality.BODYWORK,
        ratings={
            "practitioner": {"expert": 3, "legitimate": 2},
            "client": {"reward": 3, "referent": 2},
        },
        amplifiers=("client_lying_down", "client_pays"),
        counter_factors=("client_wealth",),
        note="Sends teammates my way; referrals matter to my practice.",
    ),
)


def _maker(spec: DemoClient) -> SessionMaker:
    if spec.style == "over":
        return _drifting_over
    if spec.style == "under":
        return _drifting_under
    bodywork = spec.modality == Client.Modality.BODYWORK

    def steady(rng: random.Random, i: int, n: int) -> dict[str, object]:
        return _steady(rng, i, n, bodywork=bodywork)

    return steady


def _session_times(rng: random.Random, count: int, now: datetime) -> list[datetime]:
    """Roughly weekly sessions, oldest first, the last one a few days before ``now``."""
    day = now.replace(hour=0, minute=0, second=0, microsecond=0)
    last = day - timedelta(days=rng.randint(1, 5))
    times: list[datetime] = []
    at = last
    for _ in range(count):
        hour = rng.choice([9, 10, 11, 13, 14, 15, 16, 17])
        times.append(at.replace(hour=hour, minute=rng.choice([0, 0, 30])))
        at -= timedelta(days=rng.choice([6, 7, 7, 7, 8, 14]))
    times.reverse()
    return times


def _build_client(owner: User, spec: DemoClient, rng: random.Random, now: datetime) -> Client:
    count = rng.randint(*spec.sessions)
    times = _session_times(rng, count, now)
    client = create_client(
        owner,
        code=spec.code,
        alias=spec.alias,
        modality=spec.modality,
        started_on=(times[0] - timedelta(days=7)).date(),
        now=times[0] - timedelta(days=7),
    )
    record_power_map(
        client,
        ratings=spec.ratings,
        amplifiers=spec.amplifiers,
        counter_factors=spec.counter_factors,
        note=spec.note,
        assessed_at=times[0] - timedelta(days=7),
    )
    if spec.reassessed is not None:
        record_power_map(
            client,
            ratings=spec.reassessed,
            amplifiers=spec.amplifiers,
            counter_factors=spec.counter_factors,
            note="Re-assessed after a few months of work.",
            assessed_at=times[len(times) // 2] + timedelta(hours=2),
        )
    make = _maker(spec)
    for i, at in enumerate(times):
        fields = make(rng, i, count)
        data = CheckInData(session_at=at, **fields)  # type: ignore[arg-type]
        # Recorded just after the session, as a practitioner would.
        record_checkin(client, data, now=min(now, at + timedelta(hours=1)))
    return client


def load_demo(*, now: datetime, seed: int = 7) -> User:
    """Create the demo practitioner and their invented caseload; return the user.

    If the demo user already exists it is returned untouched, so running this twice
    never duplicates anything. ``now`` must be timezone-aware; every session falls
    before it. The demo is built through the same services as anyone's workspace,
    each action its own transaction; if building it fails, the half-built demo
    account is removed again, so the next run starts clean.
    """
    existing = User.objects.filter(username=DEMO_USERNAME).first()
    if existing is not None:
        return existing
    rng = random.Random(seed)
    user = sign_up(username=DEMO_USERNAME, password=DEMO_PASSWORD)
    try:
        for spec in CLIENTS:
            _build_client(user, spec, rng, now)
        load_demo_transcript(user, now=now)
        load_practice_demo(user, now=now)
        load_supervision_demo(user, password=DEMO_PASSWORD, now=now)
    except BaseException:
        remove_demo()
        raise
    return user


@transaction.atomic
def remove_demo() -> bool:
    """Delete the demo accounts and their workspaces, their tamper-evident record
    included; answers whether there was a demo to remove.

    Ledger rows refuse every delete (the database's append-only guards, docs/ledger.md),
    and a real account's record must outlive it. The demo's record is invented and its
    password published, so only its own stream is erased: the rows that point into it
    first (comments, incidents), then the stream, with the guards lifted inside this one
    transaction and put back before it commits (a failure rolls the lifting back too).
    No other account's rows are touched.
    """
    users = list(User.objects.filter(username__in=DEMO_USERNAMES))
    if not users:
        return False
    streams = Stream.objects.filter(owner__in=users)
    with _guards_lifted():
        # The demo's policy records are append-only too; they go first, since they point
        # into its ledger and at its clients and sessions.
        EnforcementRecord.objects.filter(client__owner__in=users).delete()
        ConsentEvent.objects.filter(client__owner__in=users).delete()
        ReconsentMark.objects.filter(client__owner__in=users).delete()
        ConsentLink.objects.filter(client__owner__in=users).delete()
        PolicyVersion.objects.filter(policy__owner__in=users).delete()
        Policy.objects.filter(owner__in=users).delete()
        if streams.exists():
            for model in (Entry, Checkpoint):
                for rel in model._meta.related_objects:
                    pointing = rel.related_model._base_manager.filter(
                        **{f"{rel.field.name}__stream__in": streams}
                    )
                    # Newest first: a reply or an amendment protects the row it points to.
                    for row in pointing.order_by("-pk"):
                        row.delete()
            Entry.objects.filter(stream__in=streams).delete()
            Checkpoint.objects.filter(stream__in=streams).delete()
            streams.delete()
    User.objects.filter(pk__in=[u.pk for u in users]).delete()
    return True


# The append-only guards the demo's own rows are removed under (docs/ledger.md).
GUARDS = (
    "fulcrum.ledger.migrations.0002_refuse_changes_to_entries_and_checkpoints",
    "fulcrum.policies.migrations.0002_refuse_changes_to_published_versions",
    "fulcrum.policies.migrations.0004_refuse_changes_to_consent_events",
    "fulcrum.policies.migrations.0008_refuse_changes_to_enforcement_records",
)


@contextmanager
def _guards_lifted() -> Iterator[None]:
    modules = [importlib.import_module(name) for name in GUARDS]
    vendor = "POSTGRES" if connection.vendor == "postgresql" else "SQLITE"
    with connection.cursor() as cursor:
        for guards in modules:
            for sql in getattr(guards, f"{vendor}_REMOVE"):
                cursor.execute(sql)
    yield
    with connection.cursor() as cursor:
        for guards in modules:
            for sql in getattr(guards, f"{vendor}_INSTALL"):
                cursor.execute(sql)
