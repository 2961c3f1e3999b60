"""The caseload, the client page and the check-in page, composed in one place.

Each area contributes a section (drift and check-ins, power map, transcripts, the
client's voice, safe harbour, reflection); this module reads them all through the
areas' access functions and services and hands the templates plain values, so no
template tag runs a query or reads the request.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, F, IntegerField, Max, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.safestring import mark_safe

from fulcrum.accounts.access import Viewer, signed_in
from fulcrum.accounts.models import User
from fulcrum.checkins import services as checkins
from fulcrum.checkins.access import (
    ANY_OPEN_CONCERN_SQL,
    CLIENT_OPEN_CONCERN_SQL,
    checkins_for_user,
    concerns_for_user,
    open_concerns_for_user,
    warnings_for_user,
)
from fulcrum.checkins.models import CheckIn, DriftWarning
from fulcrum.clients.access import clients_for_user
from fulcrum.clients.models import Client
from fulcrum.clientvoice.access import voice_answers_for_user, voice_links_for_user
from fulcrum.clientvoice.services import AnsweredSession, answered_sessions
from fulcrum.core.catalogue import load_catalogue
from fulcrum.core.errors import InvalidInput
from fulcrum.harbour.access import practised_actions_for_user
from fulcrum.harbour.services import coverage_for, current_plan, practice_in
from fulcrum.kernel.ownership import one_or_404
from fulcrum.kernel.sql import exists_flag
from fulcrum.policies.access import (
    ANY_PUBLISHED_POLICY_SQL,
    bodywork_for_user,
    enforcement_records_for_user,
)
from fulcrum.policies.consent import consent_gaps
from fulcrum.policies.enforcement_forms import enforceable_policies, enforcement_section
from fulcrum.powermaps.access import power_maps_for_user
from fulcrum.powermaps.charts import power_map_radar
from fulcrum.powermaps.services import read_power_map
from fulcrum.reflection.access import journal_entries_for_user
from fulcrum.transcripts.access import transcripts_for_user

# As many as the client page lists, so a swapped fragment matches the full page.
RECENT_CHECKINS = 20
RECENT_JOURNAL = 3
RECENT_ENFORCEMENT = 5
LISTED_CHECKIN_FIELDS = (
    "pk",
    "client_id",
    "session_at",
    "over_score",
    "under_score",
    "skilful_score",
    "observed",
)


def open_concerns(user: User, client: Client | None = None) -> list[checkins.ConcernView]:
    """The user's open serious concerns (one client's, when given), in the catalogue's words."""
    concerns = open_concerns_for_user(user).select_related("client")
    if client is not None:
        concerns = concerns.filter(client=client)
    return [checkins.describe_concern(c) for c in concerns]


# --- the caseload ------------------------------------------------------------------------


def caseload(user: Viewer) -> QuerySet[Client]:
    """The user's active clients, those with open warnings first, in one query.

    Each correlated subquery is bounded by one client and walks the
    (client, -session_at) index, so the cost follows the caseload's size,
    not the number of check-ins in the database. Two more name no column of the row, so
    the database answers them once: whether the owner has published a policy and whether
    any serious concern is open, for the page to ask for consent gaps and concerns only
    when there can be some.
    """
    owner = signed_in(user).pk
    checkins = CheckIn.objects.filter(client=OuterRef("pk"))
    open_warnings = DriftWarning.objects.filter(client=OuterRef("pk"), acknowledged_at__isnull=True)
    return (
        clients_for_user(user)
        .annotate(
            last_checkin_at=Subquery(checkins.order_by("-session_at").values("session_at")[:1]),
            # COUNT(*) can be answered from the (client, session_at) index alone.
            checkin_count=Coalesce(
                Subquery(
                    checkins.order_by().values("client").annotate(n=Count("*")).values("n"),
                    output_field=IntegerField(),
                ),
                Value(0),
            ),
            open_warning_count=Coalesce(
                Subquery(
                    open_warnings.order_by().values("client").annotate(n=Count("pk")).values("n"),
                    output_field=IntegerField(),
                ),
                Value(0),
            ),
            last_warning_at=Subquery(
                open_warnings.order_by()
                .values("client")
                .annotate(latest=Max("detected_at"))
                .values("latest")
            ),
            any_published_policy=exists_flag(ANY_PUBLISHED_POLICY_SQL, (owner,)),
            any_open_concern=exists_flag(ANY_OPEN_CONCERN_SQL, (owner,)),
        )
        .order_by(
            F("open_warning_count").desc(),
            F("last_warning_at").desc(nulls_last=True),
            F("last_checkin_at").desc(nulls_last=True),
            "code",
        )
    )


def caseload_page(user: User) -> dict[str, Any]:
    """What the caseload shows: each active client with its open warnings, consent gaps
    and whether a serious concern about it is open, and the open concerns above them."""
    clients = list(caseload(user))
    by_client: dict[int, list[DriftWarning]] = defaultdict(list)
    flagged = [c.pk for c in clients if c.open_warning_count]  # type: ignore[attr-defined]
    if flagged:
        for warning in warnings_for_user(user).filter(
            client_id__in=flagged, acknowledged_at__isnull=True
        ):
            by_client[warning.client_id].append(warning)
    # Every row carries the same two answers; with no client, ask for concerns anyway
    # (an archived client's stay open) and there is nobody to have consent gaps.
    ask_concerns = not clients or clients[0].any_open_concern  # type: ignore[attr-defined]
    # One query for every client's consent, whatever the caseload's size.
    gaps = (
        consent_gaps(user, [c.pk for c in clients])
        if clients and clients[0].any_published_policy  # type: ignore[attr-defined]
        else {}
    )
    concerns = open_concerns(user) if ask_concerns else []
    concerned = {view.concern.client_id for view in concerns}
    rows = [
        {
            "client": c,
            "warnings": by_client.get(c.pk, []),
            "consent": gaps.get(c.pk, []),
            "concern": c.pk in concerned,
        }
        for c in clients
    ]
    return {
        "rows": rows,
        "concerns": concerns,
        "flagged_count": len(flagged),
        "has_any_client": bool(clients) or clients_for_user(user, include_archived=True).exists(),
    }


# --- the client page ---------------------------------------------------------------------


@dataclass(frozen=True)
class Asked:
    """What the query that read the client already answered about sections that are
    often empty, so the page does not ask again; by default everything is asked."""

    open_concern: bool = True
    published_policy: bool = True


def client_for_page(user: User, client_id: int | str) -> tuple[Client, Asked]:
    """The user's client ``client_id`` (archived included, else 404), read with whether
    it has an open serious concern and whether the user has published any policy."""
    found = one_or_404(
        clients_for_user(user, include_archived=True).annotate(
            has_open_concern=exists_flag(CLIENT_OPEN_CONCERN_SQL),
            any_published_policy=exists_flag(ANY_PUBLISHED_POLICY_SQL, (user.pk,)),
        ),
        client_id,
        "No such client.",
    )
    return found, Asked(
        open_concern=bool(found.has_open_concern),  # type: ignore[attr-defined]
        published_policy=bool(found.any_published_policy),  # type: ignore[attr-defined]
    )


def checkin_sections(
    user: User, client: Client, *, now: datetime, asked: Asked = Asked()
) -> dict[str, Any]:
    """The serious concerns, drift and recent check-ins sections (also what an HTMX save
    swaps in)."""
    # Only what the list, the voice section and the record form's session choices show:
    # the notes stay sealed and the answers unparsed.
    recent = list(
        checkins_for_user(user).filter(client=client).only(*LISTED_CHECKIN_FIELDS)[:RECENT_CHECKINS]
    )
    return {
        "client": client,
        "concerns": open_concerns(user, client) if asked.open_concern else [],
        "checkins": recent,
        "warnings": list(warnings_for_user(user).filter(client=client)),
        "report": checkins.drift_report(client, now=now) if recent else None,
    }


def _power_map_section(user: User, client: Client) -> dict[str, Any]:
    maps = power_maps_for_user(user).filter(client=client)
    latest = maps.first()
    reading = radar = None
    if latest is not None:
        try:
            reading = read_power_map(latest)
        except InvalidInput:
            reading = None  # refers to something the catalogue no longer has
        else:
            # power_map_radar escapes every piece of text it draws.
            radar = mark_safe(power_map_radar(reading, load_catalogue(), thumbnail=True))
    return {"latest_map": latest, "reading": reading, "radar": radar, "map_count": maps.count()}


def _voice_section(client: Client, recent: list[CheckIn]) -> dict[str, Any]:
    sessions = answered_sessions(client)
    return {
        "answered": len(sessions),
        "gaps": sum(len(s.comparison.gaps) for s in sessions),
        "latest": sessions[0] if sessions else None,
        "latest_checkin": recent[0] if recent else None,
    }


def _harbour_section(user: User, client: Client) -> dict[str, Any]:
    plan = current_plan(user)
    return {"plan": plan, "coverage": coverage_for(user, client=client) if plan else None}


def client_page(
    user: User, client: Client, *, now: datetime, asked: Asked = Asked()
) -> dict[str, Any]:
    """Everything the client page shows, section by section."""
    sections = checkin_sections(user, client, now=now, asked=asked)
    # Consent gaps and enforcement both need a published policy; without one (as the
    # client's own query may already have said) neither is read.
    policies = enforceable_policies(user) if asked.published_policy else []
    return {
        **sections,
        **_power_map_section(user, client),
        "transcripts": list(
            transcripts_for_user(user).filter(client=client).select_related("checkin")
        ),
        "voice": _voice_section(client, sections["checkins"]),
        "harbour": _harbour_section(user, client),
        "consent_gaps": consent_gaps(user, [client.pk])[client.pk] if policies else [],
        "client_journal": list(
            journal_entries_for_user(user).filter(client=client)[:RECENT_JOURNAL]
        ),
        "enforcement": enforcement_section(
            user, client, limit=RECENT_ENFORCEMENT, recent=sections["checkins"], policies=policies
        ),
    }


@dataclass(frozen=True)
class Contribution:
    label: str
    mode: str
    points: float
    question: str


def contributions(checkin: CheckIn) -> list[Contribution]:
    """Re-score the stored answers to show which signs lifted which score."""
    catalogue = load_catalogue()
    data = checkins.CheckInData(
        session_at=checkin.session_at,
        indicators=frozenset(checkin.indicators),
        choices_offered=checkin.choices_offered,
        choices_count=checkin.choices_count,
        disclosure=checkin.disclosure,
        disclosure_served=checkin.disclosure_served,
        started_on_time=checkin.started_on_time,
        ended_on_time=checkin.ended_on_time,
        client_signals_noticed=checkin.client_signals_noticed,
        practitioner_state=frozenset(checkin.practitioner_state),
    )
    try:
        scores = checkins.score(data)
    except InvalidInput:
        return []  # names a sign the catalogue no longer has; the stored scores still show
    result = []
    for indicator_id, points in scores.contributions:
        indicator = catalogue.indicator(indicator_id)
        result.append(Contribution(indicator.label, indicator.mode, points, indicator.question))
    return result


def _voice_row(checkin: CheckIn) -> AnsweredSession | None:
    for row in answered_sessions(checkin.client):
        if row.checkin.pk == checkin.pk:
            return row
    return None


MODES = (("over", "Over-use"), ("under", "Under-use"), ("skilful", "Skilful use"))


def checkin_page(user: User, client: Client, checkin: CheckIn) -> dict[str, Any]:
    """Everything the check-in page shows: scores and what lifted them, the warnings
    resting on this session, the practice recorded in it and the client's answers."""
    found = contributions(checkin)
    return {
        "client": client,
        "checkin": checkin,
        "contributions": found,
        "modes": [(mode, label, [c for c in found if c.mode == mode]) for mode, label in MODES],
        "warnings": [
            w for w in warnings_for_user(user).filter(client=client) if checkin.pk in w.checkin_ids
        ],
        "harbour": {"practised": practice_in(checkin, user), "plan": current_plan(user)},
        "voice_row": _voice_row(checkin),
        "bodywork": bodywork_for_user(user).filter(checkin=checkin).first(),
        "session_enforcement": list(
            enforcement_records_for_user(user)
            .filter(checkin=checkin)
            .select_related("version__policy", "agreed_version")
        ),
    }


def client_deletion_counts(user: User, client: Client) -> dict[str, int]:
    """What goes with a client when it is deleted, area by area, for the page that asks."""
    return {
        "maps": power_maps_for_user(user).filter(client=client).count(),
        "checkins": checkins_for_user(user).filter(client=client).count(),
        "warnings": warnings_for_user(user).filter(client=client).count(),
        "concerns": concerns_for_user(user).filter(client=client).count(),
        "transcripts": transcripts_for_user(user).filter(client=client).count(),
        "links": voice_links_for_user(user).filter(client=client).count(),
        "answers": voice_answers_for_user(user).filter(checkin__client=client).count(),
        "practised": practised_actions_for_user(user).filter(checkin__client=client).count(),
        # Kept, no longer linked: the reflection is the practitioner's own.
        "journal": journal_entries_for_user(user).filter(client=client).count(),
    }


def checkin_deletion_counts(user: User, checkin: CheckIn) -> dict[str, int]:
    """What goes with a check-in when it is deleted, and what stays unlinked."""
    return {
        "answers": voice_answers_for_user(user).filter(checkin=checkin).count(),
        "links": voice_links_for_user(user).filter(checkin=checkin).count(),
        "practised": practised_actions_for_user(user).filter(checkin=checkin).count(),
        # Kept, no longer linked to the session.
        "transcripts": transcripts_for_user(user).filter(checkin=checkin).count(),
        "journal": journal_entries_for_user(user).filter(checkin=checkin).count(),
    }
