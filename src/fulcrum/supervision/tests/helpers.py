"""A workspace worth reporting on, shared by the supervision tests."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fulcrum.accounts.models import User
from fulcrum.clients.models import Client
from fulcrum.clientvoice.tests.helpers import answer
from fulcrum.reflection.models import JournalEntry
from fulcrum.reflection.tests.helpers import make_entry, make_warning
from fulcrum.supervision.models import Share, SupervisionLink
from fulcrum.testing import NOW, make_checkin, make_client, make_power_map

ALIAS = "Marigold"
CODE = "A-777"
SINCE, UNTIL = date(2026, 8, 1), date(2026, 10, 31)


def reportable_client(owner: User) -> tuple[Client, JournalEntry, JournalEntry]:
    """A client with maps, sessions, a warning, client answers and two journal entries.

    Every kind of free text names the alias, so a test can see whether any leaks.
    Returns the client, an entry marked for supervision and one kept private.
    """
    client = make_client(owner, CODE, alias=ALIAS)
    early = make_power_map(client, note=f"{ALIAS} runs the family firm.")
    early.assessed_at = NOW - timedelta(days=200)
    early.save()
    late = make_power_map(
        client,
        ratings={"practitioner": {"expert": 3}, "client": {"expert": 2, "coercive": 3}},
        note=f"Map note: {ALIAS} mentioned lawyers.",
    )
    late.assessed_at = NOW - timedelta(days=40)
    late.save()
    for days_ago in (70, 50, 35, 20):
        make_checkin(
            client,
            days_ago=days_ago,
            choices_offered="yes",
            choices_count=2,
            note=f"Check-in note about {ALIAS}.",
            disclosure=days_ago == 35,
            disclosure_served="practitioner" if days_ago == 35 else "",
            disclosure_note=f"Told {ALIAS} about my move." if days_ago == 35 else "",
        )
    outside = make_checkin(client, days_ago=200, note="Long before the period.")
    answered = client.checkins.filter(session_at__gte=NOW - timedelta(days=21)).get()
    answer(answered, choice=2, comment=f"I am {ALIAS} and I felt rushed.")
    answer(outside, choice=1)
    make_warning(client, first_at=NOW - timedelta(days=50), detected_at=NOW - timedelta(days=20))
    shared = make_entry(
        owner,
        f"Reflecting on {ALIAS.lower()} and my urge to please.",
        client=client,
        prompt_id="how_did_i_know",
        include_in_supervision=True,
    )
    private = make_entry(owner, f"Private worry about {ALIAS}.", client=client)
    return client, shared, private


Query = dict[str, str | list[int] | list[str]]


def query(client: Client, *entries: JournalEntry, notes: tuple[str, ...] = ()) -> Query:
    return {
        "clients": [client.pk],
        "since": SINCE.isoformat(),
        "until": UNTIL.isoformat(),
        "entries": [e.pk for e in entries],
        "notes": list(notes),
    }


def make_supervisor(username: str = "dana") -> User:
    """An account holding the supervisor role with a second factor turned on."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from fulcrum.accounts.models import Role
    from fulcrum.accounts.two_factor import APP_DEVICE
    from fulcrum.testing import make_user

    user = make_user(username, Role.SUPERVISOR)
    TOTPDevice.objects.create(user=user, name=APP_DEVICE, confirmed=True)
    return user


def linked(supervisee: User, supervisor: User, *, scope: tuple[str, ...] = ()) -> SupervisionLink:
    """A live supervision link between the two, through the services."""
    from fulcrum.supervision.models import SCOPE_KINDS
    from fulcrum.supervision.services import accept_invitation, invite_supervisor

    _link, code = invite_supervisor(
        supervisee,
        kind="individual",
        scope=scope or tuple(SCOPE_KINDS),
        started_on=date(2026, 9, 1),
        now=NOW,
    )
    return accept_invitation(
        supervisor,
        code,
        qualification="Registered clinical supervisor",
        registration="RCS-4411",
        jurisdiction="Victoria",
        address="192.0.2.7",
        now=NOW,
    )


def share_for(supervisee: User, link: SupervisionLink, client: Client, **choice: Any) -> Share:
    """A share of a report on ``client`` over ``link``."""
    from fulcrum.supervision.report import ReportChoice, build_report
    from fulcrum.supervision.services import open_concerns, share_report

    report = build_report(
        supervisee,
        ReportChoice(clients=(client,), since=SINCE, until=UNTIL, **choice),
        now=NOW,
    )
    return share_report(link, report, concerns=open_concerns([client]), now=NOW)
