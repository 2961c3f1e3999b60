"""The caseload dashboard."""

from __future__ import annotations

from collections import defaultdict

from django.contrib.auth.decorators import login_required
from django.db.models import Count, F, IntegerField, Max, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from fulcrum.accounts import access
from fulcrum.checkins.models import CheckIn, DriftWarning
from fulcrum.clients.models import Client


def caseload(user: object) -> QuerySet[Client]:
    """The user's active clients, those with open warnings first, in one query.

    Each correlated subquery is bounded by one client and walks the
    (client, -session_at) index, so the cost follows the caseload's size,
    not the number of check-ins in the database.
    """
    checkins = CheckIn.objects.filter(client=OuterRef("pk"))
    open_warnings = DriftWarning.objects.filter(client=OuterRef("pk"), acknowledged_at__isnull=True)
    return (
        access.clients_for_user(user)
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
        )
        .order_by(
            F("open_warning_count").desc(),
            F("last_warning_at").desc(nulls_last=True),
            F("last_checkin_at").desc(nulls_last=True),
            "code",
        )
    )


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    clients = list(caseload(request.user))
    by_client: dict[int, list[DriftWarning]] = defaultdict(list)
    flagged = [c.pk for c in clients if c.open_warning_count]  # type: ignore[attr-defined]
    if flagged:
        for warning in access.warnings_for_user(request.user).filter(
            client_id__in=flagged, acknowledged_at__isnull=True
        ):
            by_client[warning.client_id].append(warning)
    rows = [{"client": c, "warnings": by_client.get(c.pk, [])} for c in clients]
    return render(
        request,
        "web/dashboard.html",
        {
            "rows": rows,
            "flagged_count": len(flagged),
            "has_any_client": bool(clients)
            or access.clients_for_user(request.user, include_archived=True).exists(),
        },
    )
