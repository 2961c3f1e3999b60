"""Fulcrum's JSON API: the same steps as the pages (parse -> access -> service -> render).

Every record is fetched through the areas' access functions, so anything that is not
the caller's is a 404 whose body is the same whether or not the record exists. Every
change goes through the apps' service functions.
"""

from datetime import UTC, datetime
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.template import engines
from django.utils import timezone
from ninja import NinjaAPI, Query, Schema, Status
from ninja.errors import AuthenticationError
from ninja.openapi.docs import DocsBase
from ninja.openapi.schema import OpenAPISchema
from pydantic import Field

from fulcrum.accounts.models import User
from fulcrum.api.auth import SessionAuth, TokenAuth, practitioner_of, user_of
from fulcrum.api.idempotency import honouring_keys
from fulcrum.api.incidents import router as incidents_router
from fulcrum.api.openapi import document_refusals
from fulcrum.api.parsing import FieldRulesParser, refusing_nul_bodies
from fulcrum.api.policies import router as policies_router
from fulcrum.api.practice import router as practice_router
from fulcrum.api.schemas import (
    MAX_OFFSET,
    ChartPointOut,
    CheckInCreatedOut,
    CheckInIn,
    CheckInOut,
    CheckInPage,
    CheckInUpdatedOut,
    CheckInUpdateIn,
    ClientIn,
    ClientOut,
    ClientPatch,
    ConcernClosedOut,
    ConcernClosingIn,
    ConcernOut,
    ConcernSignOut,
    DriftOut,
    ErrorOut,
    KindBalanceOut,
    PowerMapIn,
    PowerMapOut,
    WarningOut,
)
from fulcrum.api.supervision import router as supervision_router
from fulcrum.api.transcripts import router as transcripts_router
from fulcrum.checkins import services as checkin_services
from fulcrum.checkins.access import (
    checkins_for_user,
    get_checkin_for_user,
    get_concern_for_user,
    get_warning_for_user,
    open_concerns_for_user,
    warnings_for_user,
)
from fulcrum.checkins.models import CheckIn, DriftWarning, SeriousConcern
from fulcrum.clients import services as client_services
from fulcrum.clients.access import clients_for_user, get_client_for_user
from fulcrum.clients.models import Client
from fulcrum.core.drift import ChartPoint
from fulcrum.core.errors import FulcrumError
from fulcrum.harbour.access import practised_actions_for_user
from fulcrum.harbour.services import current_plan
from fulcrum.powermaps import services as powermap_services
from fulcrum.powermaps.access import get_power_map_for_user, power_maps_for_user
from fulcrum.powermaps.models import PowerMap
from fulcrum.workspace.services import record_session, update_session


def _now() -> datetime:
    """The clock, in one place so tests can hold it still."""
    return timezone.now()


class LocalSwagger(DocsBase):
    """Swagger UI served from Fulcrum itself: no CDN, and no inline script for the CSP."""

    page = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ api.title }}</title>
<link rel="stylesheet" href="{% url 'api_docs_asset' 'swagger-ui.css' %}">
<link rel="icon" href="{% url 'api_docs_asset' 'favicon.svg' %}" type="image/svg+xml">
</head><body data-csrf-token="{{ csrf_token }}" data-api-csrf="true">
{{ swagger_settings|json_script:"swagger-settings" }}
<div id="swagger-ui"></div>
<script src="{% url 'api_docs_asset' 'swagger-ui-bundle.js' %}"></script>
<script src="{% url 'api_docs_asset' 'swagger-ui-init.js' %}"></script>
</body></html>"""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        settings = {"url": self.get_openapi_url(api, kwargs), "layout": "BaseLayout"}
        template = engines["django"].from_string(self.page)
        html = template.render({"api": api, "swagger_settings": settings}, request)
        return HttpResponse(html)


class FulcrumAPI(NinjaAPI):
    """Ninja's API, whose OpenAPI description lists every refusal a route can give."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        document_refusals(schema)
        return schema


api = FulcrumAPI(
    title="Fulcrum API",
    version="1",
    description=(
        "Your own Fulcrum workspace: clients, power maps, session check-ins and drift "
        "warnings. Authenticate with a personal token (`Authorization: Bearer <token>`, "
        "issued on the account page) or, from Fulcrum's own pages, the signed-in session "
        "with a CSRF token. Scores and warnings are prompts for reflection and "
        "supervision, never diagnoses or verdicts."
    ),
    urls_namespace="api",
    docs=LocalSwagger(),
    auth=[TokenAuth(), SessionAuth()],
    parser=FieldRulesParser(),
)


@api.exception_handler(RequestDataTooBig)
def _too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0
    return api.create_response(
        request,
        {"detail": f"The request is larger than Fulcrum accepts ({limit:,} bytes); send less."},
        status=413,
    )


@api.exception_handler(TooManyFieldsSent)
def _too_many_fields(request: HttpRequest, exc: TooManyFieldsSent) -> HttpResponse:
    return api.create_response(
        request, {"detail": "The request has more fields than Fulcrum reads."}, status=400
    )


@api.exception_handler(FulcrumError)
def _fulcrum_error(request: HttpRequest, exc: FulcrumError) -> HttpResponse:
    body: dict[str, Any] = {"detail": str(exc)}
    if getattr(exc, "field", None):
        body["field"] = exc.field  # type: ignore[attr-defined]
    return api.create_response(request, body, status=400)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    # One body for "missing" and "someone else's", whatever DEBUG says.
    return api.create_response(request, {"detail": "Not found."}, status=404)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = api.create_response(
        request,
        {"detail": "Send a valid API token as 'Authorization: Bearer <token>', or sign in."},
        status=401,
    )
    response["WWW-Authenticate"] = 'Bearer realm="fulcrum"'
    return response


# --- rendering -------------------------------------------------------------------------


ClientBody = dict[str, Any]  # a ClientOut's fields; a dict, so a left-out alias stays unset


def client_out(client: Client, *, include_alias: bool = False) -> ClientBody:
    """A client as the API shows it; the alias only when asked for (``include_alias``).

    Aliases may identify a client, so, as with ``fulcrum export --include-alias``, they
    stay out of what leaves the workspace unless the caller asks. Client endpoints are
    declared with ``exclude_unset`` and validate this dict against ``ClientOut``, so a
    left-out alias is absent from the JSON, not null.
    """
    fields: dict[str, Any] = {
        "id": client.pk,
        "code": client.code,
        "modality": client.modality,
        "started_on": client.started_on,
        "status": client.status,
        "archived": client.is_archived,
        "archived_at": client.archived_at,
        "created_at": client.created_at,
    }
    if include_alias:
        fields["alias"] = client.alias
    return fields


class AliasChoice(Schema):
    include_alias: bool = Field(
        False, description="Also return each client's alias (left out by default)."
    )


def power_map_out(power_map: PowerMap) -> PowerMapOut:
    reading = powermap_services.read_power_map(power_map)
    return PowerMapOut(
        id=power_map.pk,
        client_id=power_map.client_id,
        assessed_at=power_map.assessed_at,
        ratings=power_map.ratings,
        amplifiers=list(power_map.amplifiers),
        counter_factors=list(power_map.counter_factors),
        note=power_map.note,
        third_party_kind=power_map.third_party_kind,
        third_party_label=power_map.third_party_label,
        balances=[
            KindBalanceOut(
                kind=b.kind,
                practitioner=b.practitioner,
                client=b.client,
                third_party=b.third_party,
                balance=b.balance,
            )
            for b in reading.balances
        ],
        overall_differential=reading.overall_differential,
        amplification=reading.amplification,
        counterweight=reading.counterweight,
        client_holds_more=list(reading.client_holds_more),
        practitioner_exposure=list(reading.practitioner_exposure),
        reading=reading.reading,
    )


def _checkin_fields(checkin: CheckIn, practised: list[int]) -> dict[str, Any]:
    return {
        "id": checkin.pk,
        "client_id": checkin.client_id,
        "session_at": checkin.session_at,
        "indicators": list(checkin.indicators),
        "choices_offered": checkin.choices_offered,
        "choices_count": checkin.choices_count,
        "disclosure": checkin.disclosure,
        "disclosure_served": checkin.disclosure_served,
        "disclosure_followed": checkin.disclosure_followed,
        "disclosure_note": checkin.disclosure_note,
        "started_on_time": checkin.started_on_time,
        "ended_on_time": checkin.ended_on_time,
        "client_signals_noticed": checkin.client_signals_noticed,
        "client_signals": checkin.client_signals,
        "practitioner_state": list(checkin.practitioner_state),
        "note": checkin.note,
        "practised_actions": practised,
        "over_score": checkin.over_score,
        "under_score": checkin.under_score,
        "skilful_score": checkin.skilful_score,
        "observed": list(checkin.observed),
        "created_at": checkin.created_at,
    }


def _practised(owner: User, checkins: list[CheckIn]) -> dict[int, list[int]]:
    """Each session's practised actions as ids of the owner's current plan, in two queries."""
    plan = current_plan(owner)
    if plan is None or not checkins:
        return {}
    ids_by_key = {a.key: a.pk for a in plan.actions.all()}
    found: dict[int, list[int]] = {}
    for checkin_id, key in (
        practised_actions_for_user(owner)
        .filter(checkin__in=checkins)
        .values_list("checkin_id", "action__key")
    ):
        if key in ids_by_key:
            found.setdefault(checkin_id, []).append(ids_by_key[key])
    return {pk: sorted(ids) for pk, ids in found.items()}


def checkin_out(checkin: CheckIn, owner: User) -> CheckInOut:
    practised = _practised(owner, [checkin]).get(checkin.pk, [])
    return CheckInOut(**_checkin_fields(checkin, practised))


def _checkin_data(payload: CheckInIn) -> checkin_services.CheckInData:
    """The payload as the service takes it; the service applies the check-in's rules."""
    return checkin_services.CheckInData(
        session_at=payload.session_at.astimezone(UTC),
        indicators=frozenset(payload.indicators),
        choices_offered=payload.choices_offered,
        choices_count=payload.choices_count,
        disclosure=payload.disclosure,
        disclosure_served=payload.disclosure_served or "",
        disclosure_followed=payload.disclosure_followed or "",
        disclosure_note=payload.disclosure_note,
        started_on_time=payload.started_on_time,
        ended_on_time=payload.ended_on_time,
        client_signals_noticed=payload.client_signals_noticed,
        client_signals=payload.client_signals,
        practitioner_state=frozenset(payload.practitioner_state),
        note=payload.note,
    )


def concern_out(concern: SeriousConcern) -> ConcernOut:
    view = checkin_services.describe_concern(concern)
    return ConcernOut(
        id=concern.pk,
        client_id=concern.client_id,
        client_code=concern.client.code,
        title=view.title,
        signs=[
            ConcernSignOut(indicator_id=sign_id, label=sign.label, question=sign.question)
            for sign_id, sign in zip(concern.indicator_ids, view.signs, strict=True)
        ],
        question=view.question,
        checkin_ids=list(concern.checkin_ids),
        opened_at=concern.opened_at,
    )


def _client_concerns(user: User, client: Client) -> list[ConcernOut]:
    concerns = open_concerns_for_user(user).filter(client=client).select_related("client")
    return [concern_out(c) for c in concerns]


def warning_out(warning: DriftWarning) -> WarningOut:
    return WarningOut(
        id=warning.pk,
        client_id=warning.client_id,
        client_code=warning.client.code,
        direction=warning.direction,
        rule=warning.rule,
        title=warning.title,
        explanation=warning.explanation,
        question=warning.question,
        indicator_ids=list(warning.indicator_ids),
        checkin_ids=list(warning.checkin_ids),
        first_at=warning.first_at,
        detected_at=warning.detected_at,
        acknowledged_at=warning.acknowledged_at,
    )


def chart_out(points: tuple[ChartPoint, ...]) -> list[ChartPointOut]:
    return [
        ChartPointOut(
            checkin_id=int(p.session_id),
            at=p.at,
            value=p.value,
            centre=p.centre,
            upper=p.upper,
            lower=p.lower,
            signal=p.signal,
        )
        for p in points
    ]


def _client_warnings(request: HttpRequest, client: Client) -> QuerySet[DriftWarning]:
    return warnings_for_user(user_of(request)).filter(client=client).select_related("client")


NOT_YOURS = {404: ErrorOut}
REFUSED = {400: ErrorOut, 404: ErrorOut}


# --- clients ---------------------------------------------------------------------------


class ClientFilters(AliasChoice):
    include_archived: bool = Field(False, description="Also list archived clients.")


@api.get("/clients", response=list[ClientOut], tags=["clients"], exclude_unset=True)
def list_clients(request: HttpRequest, filters: Query[ClientFilters]) -> list[ClientBody]:
    """Your clients: the active caseload, or everyone with ``include_archived``."""
    clients = clients_for_user(user_of(request), include_archived=filters.include_archived)
    return [client_out(c, include_alias=filters.include_alias) for c in clients]


@api.post(
    "/clients", response={201: ClientOut, 400: ErrorOut}, tags=["clients"], exclude_unset=True
)
def create_client(
    request: HttpRequest, payload: ClientIn, alias: Query[AliasChoice]
) -> Status[ClientBody]:
    """Add a client, known by a pseudonymous code."""
    client = client_services.create_client(
        practitioner_of(request),
        code=payload.code,
        alias=payload.alias,
        modality=payload.modality,
        started_on=payload.started_on,
        status=payload.status,
        now=_now(),
    )
    return Status(201, client_out(client, include_alias=alias.include_alias))


@api.get(
    "/clients/{client_id}",
    response={200: ClientOut, **NOT_YOURS},
    tags=["clients"],
    exclude_unset=True,
)
def get_client(request: HttpRequest, client_id: int, alias: Query[AliasChoice]) -> ClientBody:
    """One of your clients, archived or not."""
    client = get_client_for_user(user_of(request), client_id)
    return client_out(client, include_alias=alias.include_alias)


@api.put(
    "/clients/{client_id}",
    response={200: ClientOut, **REFUSED},
    tags=["clients"],
    exclude_unset=True,
)
def replace_client(
    request: HttpRequest, client_id: int, payload: ClientIn, alias: Query[AliasChoice]
) -> ClientBody:
    """Change every detail of a client."""
    client = get_client_for_user(user_of(request), client_id)
    client = client_services.update_client(
        client,
        code=payload.code,
        alias=payload.alias,
        modality=payload.modality,
        started_on=payload.started_on,
        status=payload.status,
    )
    return client_out(client, include_alias=alias.include_alias)


@api.patch(
    "/clients/{client_id}",
    response={200: ClientOut, **REFUSED},
    tags=["clients"],
    exclude_unset=True,
)
def update_client(
    request: HttpRequest, client_id: int, payload: ClientPatch, alias: Query[AliasChoice]
) -> ClientBody:
    """Change some details of a client; fields left out keep their value."""
    client = get_client_for_user(user_of(request), client_id)
    client = client_services.update_client(
        client,
        code=payload.code if payload.code is not None else client.code,
        alias=payload.alias if payload.alias is not None else client.alias,
        modality=payload.modality or client.modality,
        started_on=payload.started_on or client.started_on,
        status=payload.status or client.status,
    )
    return client_out(client, include_alias=alias.include_alias)


@api.post(
    "/clients/{client_id}/archive",
    response={200: ClientOut, **NOT_YOURS},
    tags=["clients"],
    exclude_unset=True,
)
def archive_client(request: HttpRequest, client_id: int, alias: Query[AliasChoice]) -> ClientBody:
    """Move a client out of the caseload; their record stays."""
    client = get_client_for_user(user_of(request), client_id)
    archived = client_services.archive_client(client, now=_now())
    return client_out(archived, include_alias=alias.include_alias)


@api.post(
    "/clients/{client_id}/restore",
    response={200: ClientOut, **NOT_YOURS},
    tags=["clients"],
    exclude_unset=True,
)
def restore_client(request: HttpRequest, client_id: int, alias: Query[AliasChoice]) -> ClientBody:
    """Bring an archived client back into the caseload."""
    client = get_client_for_user(user_of(request), client_id)
    restored = client_services.restore_client(client)
    return client_out(restored, include_alias=alias.include_alias)


@api.delete("/clients/{client_id}", response={204: None, **REFUSED}, tags=["clients"])
def delete_client(request: HttpRequest, client_id: int) -> Status[None]:
    """Delete a client and everything recorded about them. This cannot be undone; a
    client whose consent to a policy is on record is kept (400, archive them instead)."""
    client = get_client_for_user(user_of(request), client_id)
    client_services.delete_client(client, now=_now())
    return Status(204, None)


# --- power maps ------------------------------------------------------------------------


@api.get(
    "/clients/{client_id}/power-maps",
    response={200: list[PowerMapOut], **NOT_YOURS},
    tags=["power maps"],
)
def list_power_maps(request: HttpRequest, client_id: int) -> list[PowerMapOut]:
    """A client's power maps, newest first: the history of the relationship."""
    user = user_of(request)
    client = get_client_for_user(user, client_id)
    maps = power_maps_for_user(user).filter(client=client).order_by("-assessed_at", "-pk")
    return [power_map_out(m) for m in maps]


@api.post(
    "/clients/{client_id}/power-maps",
    response={201: PowerMapOut, **REFUSED},
    tags=["power maps"],
)
def create_power_map(
    request: HttpRequest, client_id: int, payload: PowerMapIn
) -> Status[PowerMapOut]:
    """Record a new assessment and return its reading. Earlier maps stay as history."""
    client = get_client_for_user(user_of(request), client_id)
    power_map = powermap_services.record_power_map(
        client,
        ratings=payload.ratings,
        amplifiers=payload.amplifiers,
        counter_factors=payload.counter_factors,
        note=payload.note,
        assessed_at=payload.assessed_at.astimezone(UTC) if payload.assessed_at else _now(),
        third_party_kind=payload.third_party_kind,
        third_party_label=payload.third_party_label,
    )
    return Status(201, power_map_out(power_map))


@api.get(
    "/clients/{client_id}/power-maps/{map_id}",
    response={200: PowerMapOut, **NOT_YOURS},
    tags=["power maps"],
)
def get_power_map(request: HttpRequest, client_id: int, map_id: int) -> PowerMapOut:
    """One power map and its reading."""
    user = user_of(request)
    client = get_client_for_user(user, client_id)
    return power_map_out(get_power_map_for_user(user, client, map_id))


# --- check-ins -------------------------------------------------------------------------


class PageParams(Schema):
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


@api.get(
    "/clients/{client_id}/checkins",
    response={200: CheckInPage, **NOT_YOURS},
    tags=["check-ins"],
)
def list_checkins(request: HttpRequest, client_id: int, page: Query[PageParams]) -> CheckInPage:
    """A client's check-ins, newest session first, ``limit`` at a time."""
    user = user_of(request)
    client = get_client_for_user(user, client_id)
    checkins = checkins_for_user(user).filter(client=client).order_by("-session_at", "-pk")
    window = list(checkins[page.offset : page.offset + page.limit])
    practised = _practised(user, window)
    return CheckInPage(
        count=checkins.count(),
        limit=page.limit,
        offset=page.offset,
        items=[CheckInOut(**_checkin_fields(c, practised.get(c.pk, []))) for c in window],
    )


@api.post(
    "/clients/{client_id}/checkins",
    response={201: CheckInCreatedOut, **REFUSED},
    tags=["check-ins"],
)
def create_checkin(
    request: HttpRequest, client_id: int, payload: CheckInIn
) -> Status[CheckInCreatedOut]:
    """Record a session check-in (with the safe-harbour actions practised in it); returns
    its scores and the client's current warnings. Refused answers name the ``field``."""
    user = user_of(request)
    client = get_client_for_user(user, client_id)
    checkin = record_session(
        client, _checkin_data(payload), now=_now(), practised=payload.practised_actions
    ).checkin
    warnings = [warning_out(w) for w in _client_warnings(request, client)]
    practised = _practised(user, [checkin]).get(checkin.pk, [])
    return Status(
        201,
        CheckInCreatedOut(
            **_checkin_fields(checkin, practised),
            warnings=warnings,
            concerns=_client_concerns(user, client),
        ),
    )


@api.put(
    "/clients/{client_id}/checkins/{checkin_id}",
    response={200: CheckInUpdatedOut, **REFUSED},
    tags=["check-ins"],
)
def update_checkin(
    request: HttpRequest, client_id: int, checkin_id: int, payload: CheckInUpdateIn
) -> CheckInUpdatedOut:
    """Replace every answer of a check-in, as the page's edit form does; it is scored
    again and the client's drift warnings recomputed. ``practised_actions`` left out
    keeps the practice recorded for the session; the answers replaced are kept in the
    check-in's history with ``change_reason``."""
    user = user_of(request)
    client = get_client_for_user(user, client_id)
    checkin = get_checkin_for_user(user, client, checkin_id)
    update_session(
        checkin,
        _checkin_data(payload),
        now=_now(),
        practised=payload.practised_actions,
        reason=payload.change_reason,
    )
    practised = _practised(user, [checkin]).get(checkin.pk, [])
    return CheckInUpdatedOut(
        **_checkin_fields(checkin, practised), concerns=_client_concerns(user, client)
    )


@api.get(
    "/clients/{client_id}/checkins/{checkin_id}",
    response={200: CheckInOut, **NOT_YOURS},
    tags=["check-ins"],
)
def get_checkin(request: HttpRequest, client_id: int, checkin_id: int) -> CheckInOut:
    """One check-in and its scores."""
    user = user_of(request)
    client = get_client_for_user(user, client_id)
    return checkin_out(get_checkin_for_user(user, client, checkin_id), user)


@api.delete(
    "/clients/{client_id}/checkins/{checkin_id}",
    response={204: None, **NOT_YOURS},
    tags=["check-ins"],
)
def delete_checkin(request: HttpRequest, client_id: int, checkin_id: int) -> Status[None]:
    """Delete a check-in, the client's answers and links for it and the practice recorded
    in it; the drift warnings are recomputed without it."""
    user = user_of(request)
    client = get_client_for_user(user, client_id)
    checkin = get_checkin_for_user(user, client, checkin_id)
    checkin_services.delete_checkin(checkin, now=_now())
    return Status(204, None)


# --- drift -----------------------------------------------------------------------------


@api.get("/clients/{client_id}/drift", response={200: DriftOut, **NOT_YOURS}, tags=["drift"])
def client_drift(request: HttpRequest, client_id: int) -> DriftOut:
    """A client's stored drift warnings and the over-use and under-use charts behind them."""
    client = get_client_for_user(user_of(request), client_id)
    report = checkin_services.drift_report(client, now=_now())
    return DriftOut(
        client_id=client.pk,
        warnings=[warning_out(w) for w in _client_warnings(request, client)],
        over_chart=chart_out(report.over_chart),
        under_chart=chart_out(report.under_chart),
    )


class WarningFilters(Schema):
    include_acknowledged: bool = Field(
        False, description="Also list warnings already taken to reflection or supervision."
    )


@api.get("/warnings", response=list[WarningOut], tags=["drift"])
def caseload_warnings(request: HttpRequest, filters: Query[WarningFilters]) -> list[WarningOut]:
    """Open drift warnings across your active caseload, newest first."""
    warnings = (
        warnings_for_user(user_of(request))
        .filter(client__archived_at__isnull=True)
        .select_related("client")
    )
    if not filters.include_acknowledged:
        warnings = warnings.filter(acknowledged_at__isnull=True)
    return [warning_out(w) for w in warnings]


@api.post(
    "/warnings/{warning_id}/acknowledge",
    response={200: WarningOut, **NOT_YOURS},
    tags=["drift"],
)
def acknowledge_warning(request: HttpRequest, warning_id: int) -> WarningOut:
    """Mark a warning as taken to reflection or supervision; it stays, but quieter."""
    warning = get_warning_for_user(user_of(request), warning_id)
    return warning_out(checkin_services.acknowledge_warning(warning, now=_now()))


# --- serious concerns ------------------------------------------------------------------


@api.get("/concerns", response=list[ConcernOut], tags=["serious concerns"])
def caseload_concerns(request: HttpRequest) -> list[ConcernOut]:
    """Open serious concerns across your workspace, newest first: prompts to pause and
    seek support, each open until what was done is recorded."""
    concerns = open_concerns_for_user(user_of(request)).select_related("client")
    return [concern_out(c) for c in concerns]


@api.post(
    "/clients/{client_id}/concerns/{concern_id}/close",
    response={200: ConcernClosedOut, **REFUSED},
    tags=["serious concerns"],
)
def close_concern(
    request: HttpRequest, client_id: int, concern_id: int, payload: ConcernClosingIn
) -> ConcernClosedOut:
    """Record what was done about a serious concern and who was consulted; that closes it.
    An empty ``what_i_did`` or a concern already closed is refused (400)."""
    user = user_of(request)
    client = get_client_for_user(user, client_id)
    concern = get_concern_for_user(user, client, concern_id)
    closed = checkin_services.close_concern(
        concern,
        checkin_services.ConcernClosing(payload.what_i_did, payload.who_i_consulted),
        now=_now(),
    )
    return ConcernClosedOut(
        **concern_out(closed).model_dump(),
        closed_at=cast(datetime, closed.closed_at),  # close_concern has just set it
        what_i_did=closed.what_i_did,
        who_i_consulted=closed.who_i_consulted,
    )


api.add_router("", transcripts_router)
api.add_router("", practice_router)
api.add_router("", incidents_router)
api.add_router("", supervision_router)
api.add_router("", policies_router)


def _guard_every_operation() -> None:
    # Around each operation's run (after the routers are bound, as the URLs use them):
    # the field rules ninja's own body parser cannot answer with a 422, then the
    # Idempotency-Key of creating calls.
    for bound in api._get_bound_routers():
        for path_view in bound.path_operations.values():
            for operation in path_view.operations:
                run = honouring_keys(api, operation, operation.run)
                operation.run = refusing_nul_bodies(api, run)  # type: ignore[method-assign]


_guard_every_operation()
