"""Build the supervision report: the one path from the workspace to anything a supervisor sees.

``build_report`` reads the practitioner's records for the chosen clients and period and
returns a ``core.report.SupervisionReport`` holding client codes, numbers, Fulcrum's own
generated wording, and only the free text the practitioner chose, each text through the
whole de-identifier (``core.report.Redactor``: aliases become codes, and every other
name, place, date or number what the de-identifier proposes). The printable page and
the PDF render that value and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Literal, TypeVar

from django.utils import timezone

from fulcrum.accounts.models import User
from fulcrum.checkins.access import checkins_for_user, warnings_for_user
from fulcrum.checkins.models import CheckIn, DriftWarning
from fulcrum.clients.access import clients_for_user
from fulcrum.clients.models import Client
from fulcrum.clientvoice.services import AnsweredSession, answered_sessions_by_client
from fulcrum.core.catalogue import load_catalogue
from fulcrum.core.errors import InvalidInput
from fulcrum.core.reflection import load_prompts
from fulcrum.core.report import (
    NOTE_KINDS,
    PRACTITIONER,
    ClientSection,
    KindRow,
    MapSummary,
    NoteItem,
    NoteKind,
    PolicyItem,
    Redactor,
    ReflectionItem,
    SupervisionReport,
    TrendPoint,
    VoiceItemSummary,
    WarningItem,
    balance_changes,
)
from fulcrum.powermaps.access import power_maps_for_user
from fulcrum.powermaps.models import PowerMap
from fulcrum.powermaps.services import read_power_map
from fulcrum.reflection.access import journal_entries_for_user

# A report covers at most this long; longer periods are better split for supervision.
MAX_PERIOD_DAYS = 731


@dataclass(frozen=True)
class ReportChoice:
    """What the practitioner chose to share: clients, a period, entries, kinds of note."""

    clients: tuple[Client, ...]
    since: date
    until: date
    entry_ids: frozenset[int] = frozenset()
    notes: frozenset[NoteKind] = field(default_factory=frozenset)
    policies: bool = False


# The policies section is read by the policies area, which sits above supervision in
# the layers: it hands its reader in when Django starts (policies.apps), so this module
# never imports it. The reader gets the owner, the chosen clients and the aliases to
# replace, and returns values that hold codes, Fulcrum's words and the practice's own
# published policy words only.
PolicyReader = Callable[[User, Sequence[Client], Mapping[str, str]], tuple[PolicyItem, ...]]
_policy_reader: PolicyReader | None = None


def provide_policies(reader: PolicyReader) -> None:
    """Name the function that reads the report's policies section."""
    global _policy_reader
    _policy_reader = reader


def period_bounds(since: date, until: date) -> tuple[datetime, datetime]:
    """The period as aware datetimes: from the start of ``since`` to the end of ``until``."""
    tz = timezone.get_current_timezone()
    start = datetime.combine(since, time.min, tzinfo=tz)
    end = datetime.combine(until + timedelta(days=1), time.min, tzinfo=tz)
    return start, end


def build_report(owner: User, choice: ReportChoice, *, now: datetime) -> SupervisionReport:
    """Build the de-identified report for ``owner``'s chosen clients, period and reflections.

    Raises InvalidInput for an empty or upside-down period, a client that is not the
    owner's, or an unknown kind of note.
    """
    if not choice.clients:
        raise InvalidInput("Choose at least one client for the report.")
    if choice.until < choice.since:
        raise InvalidInput("The period ends before it starts.")
    if (choice.until - choice.since).days > MAX_PERIOD_DAYS:
        raise InvalidInput("A report covers at most two years; choose a shorter period.")
    unknown = set(choice.notes) - set(NOTE_KINDS)
    if unknown:
        raise InvalidInput(f"Fulcrum does not know the kind of note {sorted(unknown)[0]!r}.")
    for client in choice.clients:
        if client.owner_id != owner.pk:
            raise InvalidInput("A report can only include your own clients.")
    start, end = period_bounds(choice.since, choice.until)
    # Every alias in the workspace, so a chosen text naming another client is covered too.
    aliases = {
        c.alias: c.code for c in clients_for_user(owner, include_archived=True) if c.alias.strip()
    }
    if owner.get_full_name().strip():  # the practitioner's own name leaves the report too
        aliases[owner.get_full_name()] = PRACTITIONER
    # One redactor for the whole report: the same person is the same stand-in throughout.
    redact = Redactor(aliases)
    clients = sorted(choice.clients, key=lambda c: c.code)
    # Each kind of record is read once for all the chosen clients, then grouped.
    checkins = _by_client(
        checkins_for_user(owner)
        .filter(client__in=clients, session_at__gte=start, session_at__lt=end)
        .order_by("session_at", "pk")
    )
    maps = _by_client(
        power_maps_for_user(owner)
        .filter(client__in=clients, assessed_at__lt=end)
        .order_by("assessed_at", "pk")
    )
    warnings = _by_client(
        warnings_for_user(owner)
        .filter(client__in=clients, first_at__lt=end, detected_at__gte=start)
        .order_by("detected_at", "pk")
    )
    answered = answered_sessions_by_client(clients)
    return SupervisionReport(
        period_start=choice.since,
        period_end=choice.until,
        generated_at=now,
        clients=tuple(
            _client_section(
                c,
                checkins.get(c.pk, []),
                maps.get(c.pk, []),
                warnings.get(c.pk, []),
                [row for row in answered.get(c.pk, []) if start <= row.checkin.session_at < end],
                start,
                choice.notes,
                redact,
            )
            for c in clients
        ),
        reflections=_reflections(owner, choice.entry_ids, redact),
        notes_included=tuple(k for k in NOTE_KINDS if k in choice.notes),
        policies=_policy_reader(owner, clients, aliases)
        if choice.policies and _policy_reader
        else (),
    )


_Row = TypeVar("_Row", CheckIn, PowerMap, DriftWarning)


def _by_client(rows: Iterable[_Row]) -> dict[int, list[_Row]]:
    grouped: dict[int, list[_Row]] = {}
    for row in rows:
        grouped.setdefault(row.client_id, []).append(row)
    return grouped


def _client_section(
    client: Client,
    checkins: list[CheckIn],
    maps: list[PowerMap],
    warnings: list[DriftWarning],
    answered: list[AnsweredSession],
    start: datetime,
    notes: frozenset[NoteKind],
    redact: Redactor,
) -> ClientSection:
    """One client's part of the report from their records in the period, oldest first."""
    map_start, map_latest, period_maps = _maps(maps, start)
    answered.sort(key=lambda row: row.checkin.session_at)
    voice = tuple(
        VoiceItemSummary(
            session_at=row.checkin.session_at,
            kind=finding.kind,
            flagged=finding.flagged,
            title=finding.title,
            explanation=finding.explanation,
            question=finding.question,
        )
        for row in answered
        for finding in row.comparison.findings
        if finding.flagged or finding.kind == "reflection"
    )
    return ClientSection(
        code=client.code,
        modality=client.get_modality_display(),
        sessions=len(checkins),
        map_start=map_start,
        map_latest=map_latest,
        trend=tuple(
            TrendPoint(c.session_at, c.over_score, c.under_score, c.skilful_score) for c in checkins
        ),
        warnings=tuple(_warning(w) for w in warnings),
        voice_answers=len(answered),
        voice=voice,
        notes=_notes(checkins, period_maps, answered, notes, redact),
    )


def _maps(
    maps: list[PowerMap], start: datetime
) -> tuple[MapSummary | None, MapSummary | None, list[PowerMap]]:
    """The map in force at the start (or the first in the period) and the latest by the end.

    ``maps`` are the client's maps assessed before the end of the period, oldest first.
    """
    if not maps:
        return None, None, []
    before = [m for m in maps if m.assessed_at <= start]
    first = before[-1] if before else maps[0]
    latest = maps[-1]
    in_period = [m for m in maps if m.assessed_at >= start]
    latest_summary = _summary(latest)
    if latest.pk == first.pk or latest_summary is None:
        return None, latest_summary, in_period
    first_summary = _summary(first)
    if first_summary is None:
        return None, latest_summary, in_period
    changed = balance_changes(first_summary.rows, latest_summary.rows)
    return first_summary, replace(latest_summary, rows=changed), in_period


def _summary(power_map: PowerMap) -> MapSummary | None:
    try:
        reading = read_power_map(power_map)
    except InvalidInput:
        return None  # names something the catalogue has since dropped
    catalogue = load_catalogue()
    return MapSummary(
        assessed_at=power_map.assessed_at,
        rows=tuple(
            KindRow(
                kind=catalogue.kind(b.kind).label,
                practitioner=b.practitioner,
                client=b.client,
                third_party=b.third_party,
                balance=b.balance,
            )
            for b in reading.balances
        ),
        overall=reading.overall_differential,
        amplification=reading.amplification,
        counterweight=reading.counterweight,
        reading=reading.reading,
        exposure=reading.practitioner_exposure,
        # Catalogue order; read_power_map above has already refused unknown ids.
        counter_factors=tuple(
            f.label for f in catalogue.counter_factors if f.id in power_map.counter_factors
        ),
        # The kind only: the practitioner's own label for the third party may name them.
        third_party=power_map.get_third_party_kind_display() if power_map.third_party_kind else "",
    )


def _warning(w: DriftWarning) -> WarningItem:
    direction: Literal["over", "under"] = (
        "over" if w.direction == DriftWarning.Direction.OVER else "under"
    )
    return WarningItem(
        direction=direction,
        title=w.title,
        explanation=w.explanation,
        question=w.question,
        first_at=w.first_at,
        detected_at=w.detected_at,
        acknowledged=w.acknowledged_at is not None,
    )


def _notes(
    checkins: Iterable[CheckIn],
    maps: Iterable[PowerMap],
    answered: Iterable[AnsweredSession],
    kinds: frozenset[NoteKind],
    redact: Redactor,
) -> tuple[NoteItem, ...]:
    """Only the kinds of free text the practitioner ticked, each de-identified."""
    items: list[NoteItem] = []
    for c in checkins:
        if "checkin" in kinds and c.note.strip():
            items.append(NoteItem(c.session_at, "checkin", redact(c.note.strip())))
        if "disclosure" in kinds and c.disclosure and c.disclosure_note.strip():
            items.append(NoteItem(c.session_at, "disclosure", redact(c.disclosure_note.strip())))
    if "map" in kinds:
        items.extend(
            NoteItem(m.assessed_at, "map", redact(m.note.strip())) for m in maps if m.note.strip()
        )
    if "client_comment" in kinds:
        items.extend(
            NoteItem(row.checkin.session_at, "client_comment", redact(row.answer.comment))
            for row in answered
            if row.answer.comment.strip()
        )
    items.sort(key=lambda n: (n.at, n.kind))
    return tuple(items)


def _reflections(
    owner: User, entry_ids: frozenset[int], redact: Redactor
) -> tuple[ReflectionItem, ...]:
    """The ticked entries that the practitioner also marked as shareable, oldest first."""
    if not entry_ids:
        return ()
    library = {p.id: p.text for p in load_prompts().prompts}
    entries = (
        journal_entries_for_user(owner)
        .filter(pk__in=entry_ids, include_in_supervision=True)
        .select_related("client")
        .order_by("written_at", "pk")
    )
    return tuple(
        ReflectionItem(
            written_at=e.written_at,
            prompt=library.get(e.prompt_id, ""),
            body=redact(e.body),
            client_code=e.client.code if e.client is not None else "",
        )
        for e in entries
    )
