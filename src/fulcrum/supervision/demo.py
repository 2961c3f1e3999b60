"""The demo workspace's supervision: an invented supervisor linked to the demo practitioner.

Built through the supervision services, as a real invitation would be: the practitioner
invites, the supervisor accepts with the one-time code and their (invented)
qualification, the practitioner shares a de-identified report on the two clients who
drift, the supervisor comments on one of them and the practitioner replies, and three
supervision sessions are logged, two of them approved and one answered for.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from fulcrum.accounts.models import Role, User
from fulcrum.accounts.roles import give_up, grant
from fulcrum.accounts.services import sign_up
from fulcrum.clients.models import Client
from fulcrum.core.snapshot import within_scope
from fulcrum.reflection.models import JournalEntry
from fulcrum.supervision import services
from fulcrum.supervision.feedback import ITEM_IDS
from fulcrum.supervision.models import SCOPE_KINDS, SupervisionLink
from fulcrum.supervision.report import ReportChoice, build_report

__all__ = ["DEMO_SUPERVISOR_USERNAME", "SHARED_CODES", "load_supervision_demo"]

DEMO_SUPERVISOR_USERNAME = "demo-supervisor"
# The demo's drifting clients, one toward over-use and one toward under-use.
SHARED_CODES = ("B-202", "T-103")
COMMENT = (
    "The warning on B-202 caught my eye: what was happening for you in those weeks, and "
    "what did you notice in the room before it showed in the check-ins?"
)
REPLY = (
    "I think I was trying to rescue. I noticed I dreaded ending on time with them. "
    "Can we look at how I close sessions?"
)
HOURS = (
    # (days ago, minutes, topics, approved, answered for)
    (40, 60, "Endings; a client who is hard to say no to.", True, True),
    (26, 60, "Fees and a missed session.", True, False),
    (5, 50, "The shared report: B-202 and T-103.", False, False),
)


def load_supervision_demo(owner: User, *, password: str, now: datetime) -> User | None:
    """Add the demo supervisor (who signs in with ``password``) and what passes between
    them and ``owner``; returns the supervisor, or None when the owner has no client to
    share."""
    clients = list(Client.objects.filter(owner=owner, code__in=SHARED_CODES).order_by("code"))
    if not clients:
        return None
    supervisor = sign_up(username=DEMO_SUPERVISOR_USERNAME, password=password)
    grant(supervisor, [Role.SUPERVISOR])
    give_up(supervisor, Role.PRACTITIONER)  # only a supervisor: lands on their home
    started = now - timedelta(days=60)
    invited, code = services.invite_supervisor(
        owner,
        kind=SupervisionLink.Kind.INDIVIDUAL,
        scope=tuple(SCOPE_KINDS),
        started_on=started.date(),
        now=started,
    )
    link = services.accept_invitation(
        supervisor,
        code,
        qualification="Registered clinical supervisor (invented for the demo)",
        registration="DEMO-0001",
        jurisdiction="Nowhere in particular",
        address="127.0.0.1",
        now=started + timedelta(hours=3),
    )
    assert link.pk == invited.pk
    for days_ago, minutes, topics, approved, answered in HOURS:
        at = now - timedelta(days=days_ago)
        entry = services.log_hours(
            link, owner, held_on=at.date(), minutes=minutes, kind=link.kind, topics=topics, now=at
        )
        if approved:
            services.decide_hours(entry, supervisor, "approved", now=at + timedelta(days=1))
        if answered:
            services.record_feedback(
                entry,
                owner,
                dict.fromkeys(ITEM_IDS, 3),
                note="Felt heard; I would like more time on endings.",
                now=at + timedelta(hours=2),
            )
    shared_at = now - timedelta(days=3)
    entries = JournalEntry.objects.filter(owner=owner, include_in_supervision=True)
    report = build_report(
        owner,
        ReportChoice(
            clients=tuple(clients),
            since=(shared_at - timedelta(days=90)).date(),
            until=shared_at.date(),
            entry_ids=frozenset(entries.values_list("pk", flat=True)),
        ),
        now=shared_at,
    )
    share = services.share_report(
        link,
        within_scope(report, link.scope),
        concerns=services.open_concerns(clients),
        days=90,
        now=shared_at,
    )
    services.record_view(share, supervisor, now=shared_at + timedelta(hours=5))
    comment = services.add_comment(
        share, supervisor, COMMENT, section=clients[0].code, now=shared_at + timedelta(hours=6)
    )
    services.add_comment(share, owner, REPLY, reply_to=comment, now=shared_at + timedelta(days=1))
    return supervisor
