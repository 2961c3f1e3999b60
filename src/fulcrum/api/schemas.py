"""Typed payloads of the JSON API: what comes in and what goes out.

Inputs check shapes and ranges (a rating outside 0..4 is refused here, before any
service runs); catalogue ids (kinds, factors, indicators) are checked by the core,
whose InvalidInput becomes a 400 with a sentence.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import AfterValidator, AwareDatetime, StrictInt, StringConstraints

from fulcrum.checkins.models import CheckIn
from fulcrum.checkins.services import NOTE_MAX as CHECKIN_NOTE_MAX
from fulcrum.checkins.services import SHORT_TEXT_MAX
from fulcrum.clients.models import Client
from fulcrum.clients.services import ALIAS_MAX, CODE_MAX, code_problem
from fulcrum.core.fieldrules import date_problem
from fulcrum.core.powermap import RATING_MAX, RATING_MIN
from fulcrum.history.services import REASON_MAX as CHANGE_REASON_MAX
from fulcrum.powermaps.services import NOTE_MAX as POWER_MAP_NOTE_MAX


def _visible_code(code: str) -> str:
    # The clients' own rule, so a code the form refuses is refused here too (a 422).
    problem = code_problem(code)
    if problem:
        raise ValueError(problem)
    return code


def _plausible(value: Any) -> Any:
    # The shared window of dates, so a date the pages refuse is a 422 here too.
    problem = date_problem(value)
    if problem:
        raise ValueError(problem)
    return value


# The furthest a list can be paged: beyond any caseload, and far inside what a database
# offset holds (2**63 - 1), so an absurd offset is a documented 422, not a 500.
MAX_OFFSET = 10_000_000

PlausibleDate = Annotated[date, AfterValidator(_plausible)]
PlausibleDatetime = Annotated[AwareDatetime, AfterValidator(_plausible)]


def limited(max_length: int) -> Any:
    """A free text of at most ``max_length`` characters: the service's own limit."""
    return Annotated[str, StringConstraints(max_length=max_length)]


Code = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=CODE_MAX),
    AfterValidator(_visible_code),
]
Alias = Annotated[str, StringConstraints(strip_whitespace=True, max_length=ALIAS_MAX)]
Modality = Client.Modality
Status = Client.Status
# Strict, so that true, "3" or 2.5 are refused rather than quietly turned into a rating.
Rating = Annotated[StrictInt, Field(ge=RATING_MIN, le=RATING_MAX)]
CatalogueId = Annotated[str, StringConstraints(min_length=1, max_length=80)]
ThirdPartyKindId = Literal[
    "", "licensing_board", "insurer", "court", "attorney", "family", "employer", "other"
]
ThirdPartyLabel = Annotated[str, StringConstraints(strip_whitespace=True, max_length=80)]
# The check-in's enumerations come from its model, the one source forms use too.
ChoicesOffered = CheckIn.Choices
DisclosureServed = CheckIn.Served
DisclosureFollowed = CheckIn.Followed
PractitionerState = CheckIn.State


class ErrorOut(Schema):
    """A refusal in one sentence; ``field`` names the answer at fault where there is one."""

    detail: str
    field: str | None = None


# --- clients ---------------------------------------------------------------------------


class ClientIn(Schema):
    """A new client, or every field of an existing one (PUT)."""

    code: Code = Field(description="A pseudonymous code such as C-014; unique in your workspace.")
    alias: Alias = Field("", description="Optional private nickname. Keep it non-identifying.")
    modality: Modality = Modality.TALK
    started_on: PlausibleDate
    status: Status = Status.ACTIVE


class ClientPatch(Schema):
    """Only the fields to change (PATCH)."""

    code: Code | None = None
    alias: Alias | None = None
    modality: Modality | None = None
    started_on: PlausibleDate | None = None
    status: Status | None = None


class ClientOut(Schema):
    id: int
    code: str
    alias: str | None = Field(
        None, description="The private alias; present only when asked for with include_alias."
    )
    modality: str
    started_on: date
    status: str
    archived: bool
    archived_at: datetime | None
    created_at: datetime


# --- power maps ------------------------------------------------------------------------


class PowerMapIn(Schema):
    ratings: dict[CatalogueId, dict[CatalogueId, Rating]] = Field(
        description=(
            "Ratings 0..4 by holder (practitioner, client, third_party) then kind of power "
            "(legitimate, coercive, expert, referent, reward, personal). A practitioner's or "
            "client's kinds left out count as 0; a third party's are not rated (null)."
        ),
        examples=[{"practitioner": {"expert": 3, "legitimate": 3}, "client": {"reward": 3}}],
    )
    amplifiers: list[CatalogueId] = Field(default_factory=list, max_length=50)
    counter_factors: list[CatalogueId] = Field(default_factory=list, max_length=50)
    note: limited(POWER_MAP_NOTE_MAX) = ""  # type: ignore[valid-type]
    assessed_at: PlausibleDatetime | None = Field(
        None, description="When the assessment was made; defaults to now."
    )
    third_party_kind: ThirdPartyKindId = Field(
        "", description="Who the third party is, broadly; empty when not named."
    )
    third_party_label: ThirdPartyLabel = Field(
        "", description="Who the third party is, in your own words (private)."
    )


class KindBalanceOut(Schema):
    kind: str
    practitioner: int
    client: int
    third_party: int | None = Field(description="Null where the third party was not rated.")
    balance: int = Field(description="Practitioner minus client, -4..4.")


class PowerMapOut(Schema):
    """A stored map and its reading: a prompt for reflection, not an assessment of anyone."""

    id: int
    client_id: int
    assessed_at: datetime
    ratings: dict[str, dict[str, int]]
    amplifiers: list[str]
    counter_factors: list[str]
    note: str
    third_party_kind: str
    third_party_label: str
    balances: list[KindBalanceOut]
    overall_differential: float = Field(
        description="Mean balance, -4..4; above 0 the practitioner holds more."
    )
    amplification: float = Field(
        description="0..1: how much the role context adds to the client's vulnerability."
    )
    counterweight: float = Field(
        description="0..1: how much the counter-factors shift power toward the client."
    )
    client_holds_more: list[str]
    practitioner_exposure: list[str]
    reading: str


# --- check-ins -------------------------------------------------------------------------


class CheckInIn(Schema):
    session_at: PlausibleDatetime = Field(
        description="When the session took place (with a time zone)."
    )
    indicators: list[CatalogueId] = Field(
        default_factory=list, max_length=100, description="Catalogue indicator ids you noticed."
    )
    choices_offered: ChoicesOffered = ChoicesOffered.NOT_APPLICABLE
    choices_count: Annotated[int, Field(ge=0)] | None = Field(
        None, description="How many choices were offered; only with choices_offered 'yes'."
    )
    disclosure: bool = False
    disclosure_served: DisclosureServed | None = Field(
        None,
        description="Whose need the self-disclosure served; needed when disclosure is true.",
    )
    disclosure_followed: DisclosureFollowed | None = Field(
        None, description="What followed the disclosure; only read when disclosure is true."
    )
    disclosure_note: limited(SHORT_TEXT_MAX) = ""  # type: ignore[valid-type]
    started_on_time: bool = True
    ended_on_time: bool = True
    client_signals_noticed: bool = False
    client_signals: limited(SHORT_TEXT_MAX) = ""  # type: ignore[valid-type]
    practitioner_state: list[PractitionerState] = Field(default_factory=list, max_length=3)
    note: limited(CHECKIN_NOTE_MAX) = ""  # type: ignore[valid-type]
    practised_actions: list[int] | None = Field(
        None,
        max_length=100,
        description=(
            "Ids of your current safe-harbour plan's actions practised in the session. "
            "Left out, a new check-in records none and a changed one keeps what it had."
        ),
    )


class CheckInUpdateIn(CheckInIn):
    change_reason: limited(CHANGE_REASON_MAX) = Field(  # type: ignore[valid-type]
        "",
        description=(
            "Why the answers changed (optional), kept with the answers they replace in the "
            "check-in's history, as the page's edit form keeps it."
        ),
    )


class CheckInOut(Schema):
    """A stored check-in; the scores (0..10) are prompts for reflection, not verdicts."""

    id: int
    client_id: int
    session_at: datetime
    indicators: list[str]
    choices_offered: str
    choices_count: int | None
    disclosure: bool
    disclosure_served: str
    disclosure_followed: str
    disclosure_note: str
    started_on_time: bool
    ended_on_time: bool
    client_signals_noticed: bool
    client_signals: str
    practitioner_state: list[str]
    note: str
    practised_actions: list[int] = Field(
        description="Ids of your current safe-harbour plan's actions practised in the session."
    )
    over_score: float
    under_score: float
    skilful_score: float
    observed: list[str] = Field(description="Ticked indicators plus those the answers imply.")
    created_at: datetime


class CheckInPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[CheckInOut]


# --- drift -----------------------------------------------------------------------------


class WarningOut(Schema):
    """A drift warning: a question to take to reflection or supervision, not a finding."""

    id: int
    client_id: int
    client_code: str
    direction: str
    rule: str
    title: str
    explanation: str
    question: str
    indicator_ids: list[str]
    checkin_ids: list[int]
    first_at: datetime
    detected_at: datetime
    acknowledged_at: datetime | None


class ConcernSignOut(Schema):
    indicator_id: str
    label: str
    question: str


class ConcernOut(Schema):
    """A serious concern, open until what was done is recorded: a prompt to pause and seek
    support, not a finding."""

    id: int
    client_id: int
    client_code: str
    title: str
    signs: list[ConcernSignOut]
    question: str = Field(description="Fulcrum's question to take to supervision.")
    checkin_ids: list[int]
    opened_at: datetime


class ConcernClosingIn(Schema):
    what_i_did: str = Field(description="What you did about it; needed to close the concern.")
    who_i_consulted: str = Field("", description="Who you consulted, by role.")


class ConcernClosedOut(ConcernOut):
    closed_at: datetime
    what_i_did: str
    who_i_consulted: str


class CheckInCreatedOut(CheckInOut):
    warnings: list[WarningOut] = Field(description="The client's current drift warnings.")
    concerns: list[ConcernOut] = Field(
        description="The client's open serious concerns, one perhaps opened by this check-in."
    )


class CheckInUpdatedOut(CheckInOut):
    concerns: list[ConcernOut] = Field(
        description="The client's open serious concerns, one perhaps opened by this edit."
    )


class ChartPointOut(Schema):
    checkin_id: int
    at: datetime
    value: float
    centre: float
    upper: float
    lower: float
    signal: bool


class DriftOut(Schema):
    client_id: int
    warnings: list[WarningOut]
    over_chart: list[ChartPointOut]
    under_chart: list[ChartPointOut]
