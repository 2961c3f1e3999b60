"""State changes for check-ins; every save re-runs the drift detector for that client.

The service owns the check-in's data rules (``normalise``): the page, the API and the
command line hand it the same answers and it stores the same record, or refuses them
with the same sentence.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast

from django.db import transaction
from django.db.models import ProtectedError

from fulcrum.checkins.models import CheckIn, DriftWarning, SeriousConcern
from fulcrum.clients.models import Client
from fulcrum.core.catalogue import load_catalogue
from fulcrum.core.checkin import (
    CheckInInput,
    CheckInScores,
    ChoicesOffered,
    DisclosureServed,
    score_checkin,
)
from fulcrum.core.drift import DriftReport, SessionPoint, detect_drift
from fulcrum.core.drift import DriftWarning as CoreDriftWarning
from fulcrum.core.errors import InvalidInput
from fulcrum.core.history import snapshot, values_digest
from fulcrum.core.integrity.canonical import JsonValue
from fulcrum.history.services import record_deletion, record_revision
from fulcrum.ledger.services import append_entry

# The detector looks back this many sessions; older ones no longer shape a warning.
DRIFT_WINDOW = 60
# A session can be logged a little ahead (time zones, a session about to start) but a
# date further out is almost always a typo that would distort the drift charts.
MAX_AHEAD = timedelta(days=1)
MAX_CHOICES = 99
SHORT_TEXT_MAX = 2000  # what was shared, what was noticed
NOTE_MAX = 4000

CHOICES_COUNT_WITHOUT_CHOICES = (
    "You answered that no choices were offered; leave 'How many?' empty or say yes."
)
DISCLOSURE_WITHOUT_SERVED = "Whose need did the disclosure serve? 'Not sure' is a fine answer."
SESSION_TOO_FAR_AHEAD = (
    "That is more than a day ahead. Check-ins are for sessions that have happened."
)


@dataclass(frozen=True)
class CheckInData:
    """What the practitioner reports about one session (the form's and API's payload)."""

    session_at: datetime
    indicators: frozenset[str] = frozenset()
    choices_offered: str = CheckIn.Choices.NOT_APPLICABLE
    choices_count: int | None = None
    disclosure: bool = False
    disclosure_served: str = ""
    disclosure_note: str = ""
    disclosure_followed: str = ""
    started_on_time: bool = True
    ended_on_time: bool = True
    client_signals_noticed: bool = False
    client_signals: str = ""
    practitioner_state: frozenset[str] = frozenset()
    note: str = ""

    def core_input(self) -> CheckInInput:
        return CheckInInput(
            indicators=self.indicators,
            # The form and the API hold these to the core's choices before they get here.
            choices_offered=cast(ChoicesOffered, self.choices_offered),
            choices_count=self.choices_count,
            disclosure=self.disclosure,
            disclosure_served=(
                cast(DisclosureServed, self.disclosure_served or None) if self.disclosure else None
            ),
            started_on_time=self.started_on_time,
            ended_on_time=self.ended_on_time,
            client_signals_noticed=self.client_signals_noticed,
            practitioner_state=self.practitioner_state,
        )


class CheckInRefused(InvalidInput):
    """A check-in's answers break one of its rules; ``field`` names the answer at fault."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        self.field = field
        super().__init__(message)


def normalise(data: CheckInData, *, now: datetime) -> CheckInData:
    """The answers as they are stored, or CheckInRefused naming the one at fault.

    Text is trimmed; a count of choices stands only when choices were offered; what
    was shared, whose need it served and what followed stand only with a disclosure.
    """
    if data.session_at > now + MAX_AHEAD:
        raise CheckInRefused(SESSION_TOO_FAR_AHEAD, field="session_at")
    offered = data.choices_offered == CheckIn.Choices.YES
    if not offered and data.choices_count:
        raise CheckInRefused(CHOICES_COUNT_WITHOUT_CHOICES, field="choices_count")
    if data.choices_count is not None and not 0 <= data.choices_count <= MAX_CHOICES:
        raise CheckInRefused(
            f"The number of choices must be between 0 and {MAX_CHOICES}.", field="choices_count"
        )
    if data.disclosure and not data.disclosure_served:
        raise CheckInRefused(DISCLOSURE_WITHOUT_SERVED, field="disclosure_served")
    shared = data.disclosure_note.strip() if data.disclosure else ""
    texts = {
        "disclosure_note": (shared, SHORT_TEXT_MAX),
        "client_signals": (data.client_signals.strip(), SHORT_TEXT_MAX),
        "note": (data.note.strip(), NOTE_MAX),
    }
    for name, (text, limit) in texts.items():
        if len(text) > limit:
            raise CheckInRefused(f"Keep this under {limit} characters.", field=name)
        if "\x00" in text:
            raise CheckInRefused("This text holds a NUL character; remove it.", field=name)
    return dataclasses.replace(
        data,
        choices_count=data.choices_count if offered else None,
        disclosure_served=data.disclosure_served if data.disclosure else "",
        disclosure_followed=data.disclosure_followed if data.disclosure else "",
        disclosure_note=texts["disclosure_note"][0],
        client_signals=texts["client_signals"][0],
        note=texts["note"][0],
    )


def score(data: CheckInData) -> CheckInScores:
    """Score a check-in without saving it (raises InvalidInput for unknown indicators)."""
    return score_checkin(data.core_input())


@dataclass(frozen=True)
class DriftRefresh:
    """A client's stored warnings after a refresh, and those the refresh opened."""

    warnings: list[DriftWarning]
    # New episodes, stored for the first time (so not yet acknowledged).
    opened: list[DriftWarning]


@dataclass(frozen=True)
class RecordedCheckIn:
    """A check-in just saved and the drift warnings saving it opened."""

    checkin: CheckIn
    opened: list[DriftWarning]

    @property
    def concerns(self) -> list[SeriousConcern]:
        """The client's open serious concerns (one perhaps opened by this very check-in),
        read when asked: the pages show them from their own sections, so a save does not
        pay a query for them."""
        return open_concerns(self.checkin.client)


@transaction.atomic
def record_checkin(client: Client, data: CheckInData, *, now: datetime) -> RecordedCheckIn:
    """Save a check-in for ``client`` and refresh that client's drift warnings.

    A session saved with what was practised in it and its transcript goes through
    ``fulcrum.workspace.services.record_session``, which calls this.
    """
    checkin = CheckIn(client=client, created_at=now)
    _apply(checkin, normalise(data, now=now))
    checkin.save()
    refreshed = refresh_drift(client, now=now)
    note_serious_concern(checkin, now=now)
    return RecordedCheckIn(checkin=checkin, opened=refreshed.opened)


def _apply(checkin: CheckIn, data: CheckInData) -> None:
    """Copy normalised answers onto ``checkin`` and score them."""
    scores = score(data)
    checkin.session_at = data.session_at
    checkin.indicators = sorted(data.indicators)
    checkin.choices_offered = data.choices_offered
    checkin.choices_count = data.choices_count
    checkin.disclosure = data.disclosure
    checkin.disclosure_served = data.disclosure_served
    checkin.disclosure_note = data.disclosure_note
    checkin.disclosure_followed = data.disclosure_followed
    checkin.started_on_time = data.started_on_time
    checkin.ended_on_time = data.ended_on_time
    checkin.client_signals_noticed = data.client_signals_noticed
    checkin.client_signals = data.client_signals
    checkin.practitioner_state = sorted(data.practitioner_state)
    checkin.note = data.note
    checkin.over_score = scores.over
    checkin.under_score = scores.under
    checkin.skilful_score = scores.skilful
    checkin.observed = sorted(scores.observed)


# What a check-in's history keeps of each version: the answers, not the scores they give.
HISTORY_FIELDS = (
    "session_at",
    "indicators",
    "choices_offered",
    "choices_count",
    "disclosure",
    "disclosure_served",
    "disclosure_note",
    "disclosure_followed",
    "started_on_time",
    "ended_on_time",
    "client_signals_noticed",
    "client_signals",
    "practitioner_state",
    "note",
)
HISTORY_TEXT = frozenset({"disclosure_note", "client_signals", "note"})
HISTORY_LABELS = {
    "session_at": "When the session was (UTC)",
    "indicators": "Signs noted",
    "choices_offered": "Choices offered",
    "choices_count": "How many choices",
    "disclosure": "Shared something about yourself",
    "disclosure_served": "Whose need it served",
    "disclosure_note": "What you shared",
    "disclosure_followed": "What followed",
    "started_on_time": "Started on time",
    "ended_on_time": "Ended on time",
    "client_signals_noticed": "Noticed the client's signals",
    "client_signals": "What you noticed",
    "practitioner_state": "How you were",
    "note": "Note",
}
SUBJECT = "checkin"


def checkin_snapshot(checkin: CheckIn) -> dict[str, JsonValue]:
    """A check-in's answers as its history keeps them."""
    return snapshot({name: getattr(checkin, name) for name in HISTORY_FIELDS})


@transaction.atomic
def update_checkin(
    checkin: CheckIn, data: CheckInData, *, now: datetime, reason: str = ""
) -> CheckIn:
    """Replace a check-in's answers, score it again and refresh the client's drift warnings.

    The answers it held are kept as a revision in the check-in's history.
    """
    before = checkin_snapshot(checkin)
    _apply(checkin, normalise(data, now=now))
    checkin.save()
    owner = checkin.client.owner
    record_revision(
        owner,
        subject=SUBJECT,
        subject_id=checkin.pk,
        before=before,
        after=checkin_snapshot(checkin),
        by=owner,
        now=now,
        reason=reason,
        client_ref=checkin.client_id,
    )
    refresh_drift(checkin.client, now=now)
    note_serious_concern(checkin, now=now)
    return checkin


KEPT_SESSION = (
    "A record kept as proof names this session (consent given aloud, or what was done when "
    "a policy applied), so the check-in cannot be deleted; change it instead."
)


@transaction.atomic(durable=True)
def delete_checkin(checkin: CheckIn, *, now: datetime) -> None:
    """Remove a check-in and recompute the client's warnings without it; a tombstone in
    the ledger says a check-in was deleted, and when."""
    client = checkin.client
    held = checkin_snapshot(checkin)
    pk = checkin.pk
    try:
        checkin.delete()
    except ProtectedError:
        raise InvalidInput(KEPT_SESSION) from None
    record_deletion(client.owner, subject=SUBJECT, subject_id=pk, held=held, now=now)
    refresh_drift(client, now=now)


def session_points(checkins: Iterable[CheckIn]) -> list[SessionPoint]:
    """Turn check-ins (oldest first) into the detector's input."""
    return [
        SessionPoint(
            session_id=str(c.pk),
            at=c.session_at,
            over=c.over_score,
            under=c.under_score,
            skilful=c.skilful_score,
            observed=frozenset(c.observed),
        )
        for c in checkins
    ]


def checkins_at_same_time(
    client: Client, session_at: datetime, *, exclude: CheckIn | None = None
) -> list[CheckIn]:
    """The client's check-ins in the same minute as ``session_at`` (the form's precision).

    Two sessions at one time are usually one saved twice; the page asks before saving
    a second, so this names the ones already there.
    """
    start = session_at.replace(second=0, microsecond=0)
    # Only the time and the id are shown; the sealed answers stay unopened.
    same = CheckIn.objects.filter(
        client=client, session_at__gte=start, session_at__lt=start + timedelta(minutes=1)
    ).only("pk", "client_id", "session_at")
    if exclude is not None:
        same = same.exclude(pk=exclude.pk)
    return list(same.order_by("session_at", "pk"))


def recent_checkins(client: Client, limit: int = DRIFT_WINDOW) -> list[CheckIn]:
    """The client's latest ``limit`` check-ins, oldest first."""
    latest = list(CheckIn.objects.filter(client=client).order_by("-session_at", "-pk")[:limit])
    latest.reverse()
    return latest


def _recent_points(client: Client) -> list[SessionPoint]:
    """The detector's window read as bare values: saving a check-in runs this every time."""
    rows = list(
        CheckIn.objects.filter(client=client)
        .order_by("-session_at", "-pk")
        .values_list("pk", "session_at", "over_score", "under_score", "skilful_score", "observed")[
            :DRIFT_WINDOW
        ]
    )
    rows.reverse()
    return [
        SessionPoint(
            session_id=str(pk),
            at=at,
            over=over,
            under=under,
            skilful=skilful,
            observed=frozenset(observed),
        )
        for pk, at, over, under, skilful, observed in rows
    ]


def drift_report(
    client: Client, *, now: datetime, points: Sequence[SessionPoint] | None = None
) -> DriftReport:
    """Run the detector over the client's recent sessions without saving anything.

    ``points`` may pass in the window a page has already read. With the catalogue,
    warnings name indicators by their label and ask their question.
    """
    window = _recent_points(client) if points is None else points
    return detect_drift(window, now=now, catalogue=load_catalogue())


def _warning_identity(found: CoreDriftWarning) -> str:
    """What makes two episodes the same warning: direction, rule and, for recurring
    signs, which signs. The signs a score-chart warning lists change as sessions arrive."""
    watched = ",".join(sorted(found.indicator_ids)) if found.rule == "pattern" else ""
    return f"{found.direction}:{found.rule}:{watched}"


def warning_key(found: CoreDriftWarning) -> str:
    """Name one episode of a warning, stably while it goes on.

    The key is the warning's identity and the session its episode began with: an
    acknowledgement stays with the episode as sessions arrive, and a new episode of the
    same warning comes back unacknowledged rather than inheriting the old one's.
    """
    first = found.session_ids[0] if found.session_ids else found.first_at.isoformat()
    return f"{_warning_identity(found)}:{first}"[:200]


# The rules the drift detector itself raises; other evidence (a policy's records, a
# session's bodywork consent) is stored beside them under its own rules.
DETECTOR_RULES = frozenset({"pattern", "cusum"})


@transaction.atomic(savepoint=False)
def refresh_drift(client: Client, *, now: datetime) -> DriftRefresh:
    """Replace the client's stored detector warnings with what the detector finds now.

    A warning that still holds keeps its row (and so its acknowledgement); one that
    no longer holds is removed; a new episode gets a new row and is reported as opened.
    Warnings raised by other evidence (``replace_warnings``) are left as they are.
    """
    report = drift_report(client, now=now)
    # A history can hold two separate episodes of the same warning; the latest holds now.
    latest = {_warning_identity(w): w for w in report.warnings}
    return replace_warnings(
        client, {warning_key(w): w for w in latest.values()}, rules=DETECTOR_RULES
    )


@transaction.atomic(savepoint=False)
def replace_warnings(
    client: Client, found: dict[str, CoreDriftWarning], *, rules: frozenset[str]
) -> DriftRefresh:
    """Make the client's stored warnings of ``rules`` exactly ``found`` (by key).

    The one place stored warnings change: the detector's refresh and the other areas
    whose evidence joins it (practice policies) both come through here, each naming
    the rules it owns, so neither removes the other's warnings.
    """
    if any(w.rule not in rules for w in found.values()):
        raise InvalidInput("A warning's rule must be one of the rules being replaced.")
    existing = {w.key: w for w in DriftWarning.objects.filter(client=client, rule__in=rules)}
    kept: list[DriftWarning] = []
    opened: list[DriftWarning] = []
    for key, warning in found.items():
        key = key[:200]
        row = existing.pop(key, None) or DriftWarning(client=client, key=key)
        values = {
            "direction": warning.direction,
            "rule": warning.rule,
            "title": warning.title[:200],
            "explanation": warning.explanation,
            "question": warning.question,
            "indicator_ids": list(warning.indicator_ids),
            "checkin_ids": [int(s) for s in warning.session_ids],
            "first_at": warning.first_at,
            "detected_at": warning.detected_at,
        }
        changed = [name for name, value in values.items() if getattr(row, name) != value]
        # Saving a check-in runs this every time; an unchanged warning costs no write.
        if row.pk is None:
            opened.append(row)
        if row.pk is None or changed:
            for name in changed:
                setattr(row, name, values[name])
            row.save(update_fields=None if row.pk is None else changed)
        kept.append(row)
    if existing:
        DriftWarning.objects.filter(pk__in=[w.pk for w in existing.values()]).delete()
    return DriftRefresh(warnings=kept, opened=opened)


@transaction.atomic(durable=True)
def acknowledge_warning(warning: DriftWarning, *, now: datetime) -> DriftWarning:
    """Mark a warning as taken to reflection or supervision; it stays visible but quieter."""
    warning.acknowledged_at = now
    warning.save(update_fields=["acknowledged_at"])
    return warning


# --- serious concerns ------------------------------------------------------------------

CONCERN_QUESTION = (
    "Who will you talk this through with, and by when: a supervisor, a trusted colleague, "
    "your insurer or professional body? What might the client need from you now?"
)
CONCERN_NOTE = (
    "Fulcrum opens this whenever a check-in records a sign of the kind that draws "
    "complaints. It is a prompt to pause and seek support, not a finding about what happened."
)
CONCERN_TEXT_MAX = 2000
CONCERN_NEEDS_WHAT_I_DID = (
    "Write a line about what you did, even if it was to pause and think; it closes the concern."
)


def grievance_signs(indicators: Iterable[str]) -> set[str]:
    """The grievance-level signs among ``indicators`` (ids the catalogue no longer has
    are passed over)."""
    catalogue = load_catalogue()
    grievance = {i.id for i in catalogue.indicators_in("over") if i.level == "grievance"}
    return set(indicators) & grievance


def open_concerns(client: Client) -> list[SeriousConcern]:
    """The client's serious concerns still waiting for what was done, newest first."""
    return list(SeriousConcern.objects.filter(client=client, closed_at__isnull=True))


@transaction.atomic(savepoint=False)
def note_serious_concern(checkin: CheckIn, *, now: datetime) -> SeriousConcern | None:
    """Open a serious concern for a check-in's grievance-level signs, once per episode.

    Runs inside the transaction that saves the check-in. A sign this check-in already
    raised (in a concern open or closed) opens nothing again, so editing it does not
    repeat a concern; a new sign joins the client's open concern if there is one, and
    otherwise opens a new one. Returns the concern that was opened or joined, if any.
    """
    signs = grievance_signs(checkin.indicators)
    if not signs:
        return None
    # Two saves for one client at once take turns here, so an episode opens only once.
    Client.objects.select_for_update().filter(pk=checkin.client_id).first()
    concerns = list(SeriousConcern.objects.filter(client=checkin.client))
    raised = {sign for c in concerns if checkin.pk in c.checkin_ids for sign in c.indicator_ids}
    new = signs - raised
    if not new:
        return None
    current = next((c for c in concerns if c.closed_at is None), None)
    if current is not None:
        current.indicator_ids = sorted(set(current.indicator_ids) | new)
        current.checkin_ids = sorted(set(current.checkin_ids) | {checkin.pk})
        current.save(update_fields=["indicator_ids", "checkin_ids"])
        return current
    return SeriousConcern.objects.create(
        client=checkin.client,
        indicator_ids=sorted(new),
        checkin_ids=[checkin.pk],
        opened_at=now,
    )


@dataclass(frozen=True)
class ConcernClosing:
    """What the practitioner did about a serious concern and who they consulted."""

    what_i_did: str
    who_i_consulted: str = ""


class ConcernRefused(InvalidInput):
    """A closing note breaks one of its rules; ``field`` names the answer at fault."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        self.field = field
        super().__init__(message)


CONCERN_CLOSED = "concern-closed"


@transaction.atomic(durable=True)
def close_concern(
    concern: SeriousConcern, closing: ConcernClosing, *, now: datetime
) -> SeriousConcern:
    """Close a serious concern with what was done and who was consulted (stored encrypted).

    Refuses an empty account of what was done, over-long text, and a concern already closed.
    """
    if concern.closed_at is not None:
        raise ConcernRefused("This concern was already closed.")
    texts = {
        "what_i_did": closing.what_i_did.strip(),
        "who_i_consulted": closing.who_i_consulted.strip(),
    }
    if not texts["what_i_did"]:
        raise ConcernRefused(CONCERN_NEEDS_WHAT_I_DID, field="what_i_did")
    for name, text in texts.items():
        if len(text) > CONCERN_TEXT_MAX:
            raise ConcernRefused(f"Keep this under {CONCERN_TEXT_MAX} characters.", field=name)
        if "\x00" in text:
            raise ConcernRefused("This text holds a NUL character; remove it.", field=name)
    concern.what_i_did = texts["what_i_did"]
    concern.who_i_consulted = texts["who_i_consulted"]
    concern.closed_at = now
    concern.save(update_fields=["what_i_did", "who_i_consulted", "closed_at"])
    # The closing is provable later: the ledger holds when, which signs, and the digest
    # of what was written (never the words).
    append_entry(
        concern.client.owner,
        kind=CONCERN_CLOSED,
        payload={
            "concern": concern.pk,
            "client": concern.client_id,
            "signs": list(concern.indicator_ids),
            "opened_at": snapshot({"at": concern.opened_at})["at"],
            "digest": values_digest(texts),
        },
        now=now,
    )
    return concern


@dataclass(frozen=True)
class ConcernSign:
    label: str
    explanation: str
    question: str


@dataclass(frozen=True)
class ConcernView:
    """A concern as the pages and the API show it: the signs in the catalogue's words,
    each with its own question, and Fulcrum's supervision question."""

    concern: SeriousConcern
    signs: list[ConcernSign]
    question: str = CONCERN_QUESTION
    note: str = CONCERN_NOTE

    @property
    def title(self) -> str:
        return "Serious concern: " + ", ".join(s.label for s in self.signs)


def describe_concern(concern: SeriousConcern) -> ConcernView:
    """Name a concern's signs in the catalogue's words (an id it no longer has is shown as is)."""
    catalogue = load_catalogue()
    signs = []
    for sign in concern.indicator_ids:
        try:
            indicator = catalogue.indicator(sign)
        except InvalidInput:
            signs.append(ConcernSign(sign, "", ""))
        else:
            signs.append(ConcernSign(indicator.label, indicator.explanation, indicator.question))
    return ConcernView(concern=concern, signs=signs)
